package dev.lightkube.autoconfigure;

import dev.lightkube.config.SingleConfig;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the client connects and how it authenticates. The default reads {@code lightkube.*} properties and
 * kubeconfig files; tests and other modules can provide their own bean to point the client elsewhere.
 */
public interface KubeConnectionDetails extends ConnectionDetails {

	/** The resolved cluster, user and namespace to connect with. */
	SingleConfig getConfig();

}
