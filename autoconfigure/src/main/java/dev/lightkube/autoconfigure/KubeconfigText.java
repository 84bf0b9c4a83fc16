package dev.lightkube.autoconfigure;

import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** A kubeconfig given as YAML text, as a K3s or kind container hands it out. */
final class KubeconfigText {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private KubeconfigText() {
	}

	/**
	 * The context of the kubeconfig {@code yaml}.
	 * @param yaml the kubeconfig's text
	 * @param origin names where the text came from in messages
	 * @param context the context to use; {@code null} for the current context
	 */
	static SingleConfig parse(String yaml, String origin, @Nullable String context) {
		Map<String, Object> map;
		try {
			map = YAML.readValue(yaml, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JacksonException ex) {
			// The text may hold keys and tokens: say where it broke, never echo it.
			throw new ConfigException(origin + " is not a kubeconfig: not a YAML mapping (line "
					+ ex.getLocation().getLineNr() + ")");
		}
		if (map == null) {
			throw new ConfigException(origin + " is empty");
		}
		KubeConfig config;
		try {
			config = KubeConfig.fromMap(map, null);
		}
		catch (ConfigException ex) {
			throw new ConfigException(origin + ": " + ex.getMessage(), ex.getCause());
		}
		return (context != null) ? config.get(context) : config.get();
	}

}
