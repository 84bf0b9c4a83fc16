package dev.lightkube.test.autoconfigure;

import dev.lightkube.autoconfigure.KubeConnectionDetails;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import dev.lightkube.test.KubeApiServer;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Imported by {@link AutoConfigureKubeApiServer}: starts the in-memory API server and connects the client to it.
 * Without {@code lightkube-test} on the class path the context fails at once, saying which dependency to add.
 */
@AutoConfiguration(before = LightkubeAutoConfiguration.class)
public final class KubeApiServerTestAutoConfiguration {

	/** The class the annotation needs, named as text: this class must load without it. */
	static final String API_SERVER_CLASS = "dev.lightkube.test.KubeApiServer";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = API_SERVER_CLASS)
	static class InMemoryApiServerConfiguration {

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(API_SERVER_CLASS)
	static class MissingApiServerConfiguration {

		/** Fails before any bean is created, so no other error (such as "no cluster configured") comes first. */
		@Bean
		static BeanFactoryPostProcessor kubeApiServerMissing() {
			return (beanFactory) -> {
				throw new IllegalStateException("@AutoConfigureKubeApiServer needs the in-memory API server of "
						+ "lightkube-test: add the test dependency dev.lightkube:lightkube-test (Maven: "
						+ "<scope>test</scope>; Gradle: testImplementation)");
			};
		}

	}

}
