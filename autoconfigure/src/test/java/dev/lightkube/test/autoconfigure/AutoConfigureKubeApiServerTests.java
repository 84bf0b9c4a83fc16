package dev.lightkube.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

/** A Spring Boot test whose client talks to the in-memory server with no other set-up, whatever the properties say. */
@SpringBootTest(properties = "lightkube.server=https://not-used.invalid")
@AutoConfigureKubeApiServer
class AutoConfigureKubeApiServerTests {

	@Autowired
	KubeClient client;

	@Autowired
	KubeApiServer server;

	@Test
	void clientTalksToTheInMemoryServer() {
		assertThat(this.client.config().cluster().server()).isEqualTo(this.server.url());
		this.client.create(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
			.addToData("k", "v").build());
		assertThat(this.client.get(ConfigMap.class, "settings").getData()).containsEntry("k", "v");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
