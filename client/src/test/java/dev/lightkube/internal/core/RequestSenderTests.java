package dev.lightkube.internal.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.lightkube.KubeException;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.http.TransportSettings;
import io.fabric8.kubernetes.api.model.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RequestSenderTests {

	private WireMockServer server;

	private KubeTransport transport;

	private RequestSender sender;

	@BeforeEach
	void start() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.transport = KubeTransport.create(
				KubeConfig.fromServer(Cluster.of(this.server.baseUrl()), User.ANONYMOUS, null).get(),
				TransportSettings.DEFAULT);
		this.sender = new RequestSender(this.transport, 2);
	}

	@AfterEach
	void stop() {
		this.transport.close();
		this.server.stop();
	}

	private static KubeRequest<String> request(String path) {
		return new KubeRequest<>("get", HttpMethod.GET, path, Map.of("q", List.of("a b&c=d")), Map.of(), null,
				String.class);
	}

	@Test
	void queryValuesAreEncoded() {
		assertThat(this.sender.uri(request("/api/v1/pods")).toString())
			.isEqualTo(this.server.baseUrl() + "/api/v1/pods?q=a%20b%26c%3Dd");
	}

	@Test
	void aStreamThatBreaksAfterItStartedIsNotRetried() {
		this.server.stubFor(get(urlPathEqualTo("/stream")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		StepVerifier.create(this.sender.stream(request("/stream"), null).doOnNext(DataBufferUtils::release))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(KubeException.class)
				.hasMessageContaining("GET " + this.server.baseUrl() + "/stream"))
			.verify();
		this.server.verify(1, getRequestedFor(urlEqualTo("/stream?q=a%20b%26c%3Dd")));
	}

	@Test
	void aWholeGetThatBreaksIsRetried() {
		this.server.stubFor(get(urlPathEqualTo("/whole")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		StepVerifier.create(this.sender.send(request("/whole"))).expectError(KubeException.class).verify();
		this.server.verify(3, getRequestedFor(urlEqualTo("/whole?q=a%20b%26c%3Dd")));
	}

	@Test
	void idleTimeoutCountsOnlyWhileThereIsDemand() {
		StepVerifier.withVirtualTime(() -> RequestSender.idleTimeout(Flux.concat(Flux.just(1, 2), Flux.never()),
				Duration.ofSeconds(1)), 0)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(10))
			.thenRequest(2)
			.expectNext(1, 2)
			.thenAwait(Duration.ofSeconds(10))
			.expectNoEvent(Duration.ofMillis(1))
			.thenRequest(1)
			.thenAwait(Duration.ofSeconds(2))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void statusFromBodiesThatAreNoStatus() {
		Status json = RequestSender.status(403, "{\"error\":\"denied\"}");
		assertThat(json.getCode()).isEqualTo(403);
		assertThat(json.getReason()).isEqualTo("Forbidden");
		assertThat(json.getMessage()).isEqualTo("HTTP 403 Forbidden, body: {\"error\":\"denied\"}");
		Status empty = RequestSender.status(502, "");
		assertThat(empty.getMessage()).isEqualTo("HTTP 502 Bad Gateway");
		assertThat(RequestSender.status(500, "x".repeat(1000)).getMessage()).hasSize("HTTP 500 Internal Server Error, body: ".length() + 203);
		Status status = RequestSender.status(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"reason\":\"NotFound\"}");
		assertThat(status.getCode()).isEqualTo(404);
		assertThat(status.getReason()).isEqualTo("NotFound");
	}

}
