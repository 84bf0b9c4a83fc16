package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that uses the client: one of its beans takes a {@link KubeClient}, so the lazy client beans (and
 * the properties they are built from) are built, and checked, at start-up.
 */
@Configuration(proxyBeanMethods = false)
class UsesTheClient {

	@Bean
	ClientUser clientUser(KubeClient client) {
		return new ClientUser(client);
	}

	record ClientUser(KubeClient client) {
	}

}
