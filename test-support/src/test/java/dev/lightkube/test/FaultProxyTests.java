package dev.lightkube.test;

import dev.lightkube.KubeClient;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link FaultProxy}: one client cut off (reset or stalled) while another still reaches the server.
 */
@KubeApiServerTest
class FaultProxyTests {

	@Test
	void resetFailsOneClientWhileAnotherStillWorks(KubeApiServer server, KubeClient direct) {
		try (FaultProxy proxy = FaultProxy.to(server);
				KubeClient client = KubeClient.builder().config(KubeConfig.fromServer(proxy.url())).build()) {
			assertThat(client.get(Namespace.class, "default").getMetadata().getName()).isEqualTo("default");
			proxy.reset();
			assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.RESET);
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> client.get(Namespace.class, "default"));
			assertThat(direct.get(Namespace.class, "default")).isNotNull();
			proxy.pass();
			assertThat(client.get(Namespace.class, "default")).isNotNull();
		}
	}

	@Test
	void stallHoldsRequestsUntilPass(KubeApiServer server) throws Exception {
		try (FaultProxy proxy = FaultProxy.to(server);
				KubeClient client = KubeClient.builder().config(KubeConfig.fromServer(proxy.url())).build()) {
			proxy.stall();
			CompletableFuture<Namespace> answer = client.reactive().get(Namespace.class, "default").toFuture();
			// Held, not failed: it is still pending after the server would long have answered.
			assertThatExceptionOfType(java.util.concurrent.TimeoutException.class)
				.isThrownBy(() -> answer.get(300, TimeUnit.MILLISECONDS));
			assertThat(proxy.openConnections()).isEqualTo(1);
			proxy.pass();
			assertThat(answer.get(10, TimeUnit.SECONDS).getMetadata().getName()).isEqualTo("default");
		}
	}

	@Test
	void urlPointsAtTheProxy(KubeApiServer server) {
		try (FaultProxy proxy = FaultProxy.to(server)) {
			assertThat(proxy.url()).isEqualTo("http://127.0.0.1:" + proxy.port());
			assertThat(proxy.port()).isNotEqualTo(server.port());
			assertThat(proxy).hasToString("FaultProxy[" + proxy.url() + " -> 127.0.0.1:" + server.port() + ", PASS]");
		}
	}

}
