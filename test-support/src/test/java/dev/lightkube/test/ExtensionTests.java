package dev.lightkube.test;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JUnit extension shares one server per class (no reset unless asked); the builder checks its input.
 */
@KubeApiServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTests {

	private final KubeApiServer constructorServer;

	ExtensionTests(KubeApiServer server) {
		this.constructorServer = server;
	}

	@Test
	@Order(1)
	void methodAndConstructorGetTheSameServer(KubeApiServer server) {
		assertThat(server).isSameAs(this.constructorServer);
		assertThat(server.url()).startsWith("http://127.0.0.1:");
		new Http(server).post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"kept\"}}");
	}

	@Test
	@Order(2)
	void stateSurvivesBetweenTestsWithoutReset(KubeApiServer server) {
		assertThat(new Http(server).get("/api/v1/namespaces/default/configmaps/kept").status()).isEqualTo(200);
	}

	@Test
	void kubeconfigFileIsWritten(KubeApiServer server) throws Exception {
		assertThat(java.nio.file.Files.readString(server.kubeconfigFile())).isEqualTo(server.kubeconfig());
	}

	@Test
	void builderRejectsBadSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> KubeApiServer.builder().port(-1))
			.withMessageContaining("port");
		assertThatIllegalArgumentException().isThrownBy(() -> KubeApiServer.builder().retainedHistory(0))
			.withMessageContaining("retainedHistory");
		assertThatIllegalArgumentException().isThrownBy(() -> KubeApiServer.builder().bookmarkInterval(Duration.ZERO))
			.withMessageContaining("bookmarkInterval");
	}

}
