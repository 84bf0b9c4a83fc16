package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.config.Timeouts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * A request that finds its pool busy waits for a connection up to the pool timeout, then fails with a message naming
 * the pool and what raises it.
 */
class KubeClientConnectionPoolTests extends WireMockTestSupport {

	private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}";

	@Test
	void aRequestThatFindsEveryConnectionBusyFailsNamingThePool() throws Exception {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps/a"))
			.willReturn(aResponse().withFixedDelay(3000).withHeader("Content-Type", "application/json")
				.withBody(CONFIG_MAP)));
		try (KubeClient small = builder().requestPoolSize(1)
			.timeouts(Timeouts.DEFAULT.withPool(Duration.ofMillis(200)))
			.build()) {
			// Two at once on one connection: whichever comes second waits 200 ms for it, in vain.
			ExecutorService threads = Executors.newFixedThreadPool(2);
			List<Object> outcomes = new ArrayList<>();
			try {
				List<CompletableFuture<Object>> calls = List.of(call(small, threads), call(small, threads));
				for (CompletableFuture<Object> call : calls) {
					outcomes.add(call.get(60, TimeUnit.SECONDS));
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(outcomes).filteredOn(ConfigMap.class::isInstance).hasSize(1);
			assertThat(outcomes).filteredOn(KubeException.class::isInstance)
				.singleElement()
				.asInstanceOf(InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("no free connection in the request pool (1 connections)")
				.hasMessageContaining("lightkube.connections.request-pool-size")
				.hasMessageContaining("KubeClientBuilder.requestPoolSize");
		}
	}

	private static CompletableFuture<Object> call(KubeClient client, ExecutorService threads) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return client.get(ConfigMap.class, "a");
			}
			catch (KubeException ex) {
				return ex;
			}
		}, threads);
	}

}
