package dev.lightkube.autoconfigure;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.Context;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link KubeConnectionDetails} from {@code lightkube.*} properties: explicit server properties when
 * {@code lightkube.server} is set, else the kubeconfig text of {@code lightkube.kubeconfig-data}, else the kubeconfig
 * files of {@code lightkube.kubeconfig}, else auto-detection (in-cluster, {@code KUBECONFIG},
 * {@code ~/.kube/config}). Resolved once, on first use.
 */
public class PropertiesKubeConnectionDetails implements KubeConnectionDetails {

	/**
	 * The name of the cluster, user and context made of {@code lightkube.*} properties; messages that name it are
	 * rewritten to name the property ({@link #namingProperties}).
	 */
	static final String PROPERTIES_ENTRY = "lightkube-properties";

	private static final Pattern PROPERTIES_FIELD = Pattern.compile("([a-z-]+) of (?:cluster|user) '"
			+ PROPERTIES_ENTRY + "' \\(context '" + PROPERTIES_ENTRY + "'\\)");

	private final LightkubeProperties properties;

	private volatile @Nullable SingleConfig config;

	public PropertiesKubeConnectionDetails(LightkubeProperties properties) {
		this.properties = properties;
	}

	@Override
	public SingleConfig getConfig() {
		SingleConfig resolved = this.config;
		if (resolved == null) {
			resolved = resolve();
			this.config = resolved;
		}
		return resolved;
	}

	private SingleConfig resolve() {
		if (this.properties.getServer() != null) {
			return fromProperties();
		}
		if (this.properties.getKubeconfigData() != null && !this.properties.getKubeconfigData().isBlank()) {
			return KubeconfigText.parse(this.properties.getKubeconfigData(), "property lightkube.kubeconfig-data",
					this.properties.getContext());
		}
		KubeConfig kubeConfig = this.properties.getKubeconfig().isEmpty()
				? KubeConfig.fromEnv(this.properties.isTrustEnv()) : KubeConfig.fromFiles(this.properties.getKubeconfig());
		String context = this.properties.getContext();
		return (context != null) ? kubeConfig.get(context) : kubeConfig.get();
	}

	private SingleConfig fromProperties() {
		LightkubeProperties p = this.properties;
		Cluster cluster = new Cluster(p.getServer(), p.getCertificateAuthority(),
				pem(p.getCertificateAuthorityData(), "certificate-authority-data"), p.isInsecureSkipTlsVerify(),
				p.getTlsServerName(), null, false);
		User user = new User(p.getToken(), p.getTokenFile(), null, null, p.getClientCertificate(),
				pem(p.getClientCertificateData(), "client-certificate-data"), p.getClientKey(),
				pem(p.getClientKeyData(), "client-key-data"), null, null);
		// Named so that a message about one of them can be turned into one about the property (not a made-up
		// "context 'default'").
		return new KubeConfig(Map.of(PROPERTIES_ENTRY, cluster), Map.of(PROPERTIES_ENTRY, user),
				Map.of(PROPERTIES_ENTRY, new Context(PROPERTIES_ENTRY, PROPERTIES_ENTRY, null)), PROPERTIES_ENTRY,
				List.of())
			.get();
	}

	/**
	 * The same failure, naming the {@code lightkube.*} property instead of the cluster or user built from the
	 * properties: "certificate-authority of cluster 'lightkube-properties' (context ...)" becomes
	 * "lightkube.certificate-authority".
	 */
	static ConfigException namingProperties(ConfigException ex) {
		String message = ex.getMessage();
		if (message == null || !message.contains(PROPERTIES_ENTRY)) {
			return ex;
		}
		Matcher matcher = PROPERTIES_FIELD.matcher(message);
		StringBuilder rewritten = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(rewritten, Matcher.quoteReplacement("property lightkube." + matcher.group(1)));
		}
		matcher.appendTail(rewritten);
		ConfigException named = new ConfigException(rewritten.toString(), ex.getCause());
		named.setStackTrace(ex.getStackTrace());
		return named;
	}

	/** PEM text as it is, or base64 as in a kubeconfig. */
	static byte @Nullable [] pem(@Nullable String value, String property) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.startsWith("-----BEGIN")) {
			return (trimmed + "\n").getBytes(StandardCharsets.US_ASCII);
		}
		try {
			return Base64.getDecoder().decode(trimmed.replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			// The value may be a secret: name the property, never echo it.
			throw new ConfigException("property lightkube." + property
					+ ": neither PEM text (-----BEGIN ...) nor valid base64");
		}
	}

}
