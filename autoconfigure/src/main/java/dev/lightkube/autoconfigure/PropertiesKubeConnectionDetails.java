package dev.lightkube.autoconfigure;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * {@link KubeConnectionDetails} from {@code lightkube.*} properties: explicit server properties when
 * {@code lightkube.server} is set, else the kubeconfig files of {@code lightkube.kubeconfig}, else auto-detection
 * (in-cluster, {@code KUBECONFIG}, {@code ~/.kube/config}). Resolved once, on first use.
 */
public class PropertiesKubeConnectionDetails implements KubeConnectionDetails {

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
		return KubeConfig.fromServer(cluster, user, null).get();
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
