package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

/** The extension hands tests a ready client connected to the class's server, over TLS too. */
@KubeApiServerTest(tls = true)
class ExtensionClientTests {

	@Test
	void clientTalksToTheServerOfTheClass(KubeClient client, KubeApiServer server) {
		assertThat(client.config().cluster().server()).isEqualTo(server.url());
		client.create(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("k", "v").build());
		assertThat(client.get(ConfigMap.class, "c").getData()).containsEntry("k", "v");
		assertThat(client.namespace()).isEqualTo("default");
	}

}
