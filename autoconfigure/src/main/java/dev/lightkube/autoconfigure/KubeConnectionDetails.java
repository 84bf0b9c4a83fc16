package dev.lightkube.autoconfigure;

import dev.lightkube.config.SingleConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the client connects and how it authenticates. The default reads {@code lightkube.*} properties and
 * kubeconfig files; tests and other modules can provide their own bean to point the client elsewhere.
 */
public interface KubeConnectionDetails extends ConnectionDetails {

	/** The resolved cluster, user and namespace to connect with. */
	SingleConfig getConfig();

	/**
	 * Connection details from a kubeconfig given as YAML text, such as the one a K3s or kind test container hands
	 * out; the base of a {@code @ServiceConnection} factory.
	 * @param kubeconfig the kubeconfig's text
	 * @param context the context to use; {@code null} for its current context
	 * @return details that parse the text once, on first use
	 * @throws dev.lightkube.config.ConfigException on first use, when the text is not a usable kubeconfig
	 */
	static KubeConnectionDetails fromKubeconfig(String kubeconfig, @Nullable String context) {
		java.util.Objects.requireNonNull(kubeconfig, "kubeconfig must not be null");
		return new KubeConnectionDetails() {

			private volatile @Nullable SingleConfig config;

			@Override
			public SingleConfig getConfig() {
				SingleConfig resolved = this.config;
				if (resolved == null) {
					resolved = KubeconfigText.parse(kubeconfig, "the kubeconfig text", context);
					this.config = resolved;
				}
				return resolved;
			}

		};
	}

}
