package dev.lightkube.test;

import java.io.UncheckedIOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Injected faults: failing requests with {@code Retry-After}, cut bodies, delays.
 */
@KubeApiServerTest(resetAfterEach = true)
class FaultTests {

	private final KubeApiServer server;

	private final Http http;

	FaultTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	@Test
	void failNextAnswersWithStatusAndRetryAfter() {
		this.server.faults().failNext(2, 429, Duration.ofSeconds(3));
		for (int i = 0; i < 2; i++) {
			Http.Response response = this.http.get("/api/v1/namespaces");
			assertThat(response.status()).isEqualTo(429);
			assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("3");
			assertThat(response.json().get("reason").asString()).isEqualTo("TooManyRequests");
			assertThat(response.json().get("kind").asString()).isEqualTo("Status");
		}
		assertThat(this.http.get("/api/v1/namespaces").status()).isEqualTo(200);
	}

	@Test
	void failNextWithoutRetryAfter() {
		this.server.faults().failNext(1, 503);
		Http.Response response = this.http.get("/api/v1/namespaces");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.raw().headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void closeMidBodyCutsTheResponse() {
		this.server.faults().closeMidBody(1);
		assertThatThrownBy(() -> this.http.get("/api/v1/namespaces")).isInstanceOf(UncheckedIOException.class);
		assertThat(this.http.get("/api/v1/namespaces").status()).isEqualTo(200);
	}

	@Test
	void delayHoldsResponsesUntilCleared() throws Exception {
		this.server.faults().delay(Duration.ofSeconds(30));
		java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> pending = java.net.http.HttpClient
			.newHttpClient()
			.sendAsync(this.http.request("/version").GET().build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
		Thread.sleep(300);
		assertThat(pending).isNotDone();
		pending.cancel(true);
		this.server.faults().clear();
		assertThat(this.http.get("/version").status()).isEqualTo(200);
	}

	@Test
	void badFaultSettingsAreRejected() {
		assertThatThrownBy(() -> this.server.faults().failNext(1, 42)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("status");
		assertThatThrownBy(() -> this.server.faults().delay(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
