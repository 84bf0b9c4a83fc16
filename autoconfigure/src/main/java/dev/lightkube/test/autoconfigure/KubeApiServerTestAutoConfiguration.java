package dev.lightkube.test.autoconfigure;

import dev.lightkube.autoconfigure.KubeConnectionDetails;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import dev.lightkube.test.KubeApiServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Imported by {@link AutoConfigureKubeApiServer}: starts the in-memory API server and connects the client to it.
 */
@AutoConfiguration(before = LightkubeAutoConfiguration.class)
public final class KubeApiServerTestAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KubeApiServer kubeApiServer() {
		return KubeApiServer.start();
	}

	@Bean
	KubeConnectionDetails kubeApiServerConnectionDetails(KubeApiServer server) {
		SingleConfig config = KubeConfig.fromServer(Cluster.of(server.url()), User.ANONYMOUS, null).get();
		return () -> config;
	}

}
