package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.config.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class KubeClientLogTests extends WireMockTestSupport {

	private static final String LOG = "first line\nzweite Zeile mit Ümlaut é\n\nlast without newline";

	@Test
	void followedLogIsStreamedLineByLineFromASlowlyDribbledBody() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/shop/pods/web-0/log"))
			.willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody(LOG)
				.withChunkedDribbleDelay(LOG.length(), 1500)));
		try (Stream<String> lines = this.client.log("web-0", LogOptions.defaults().withNamespace("shop").withFollow(true)
					.withContainer("app").withTailLines(10).withTimestamps(true).withSince(60).withPrevious(true)
					.withLimitBytes(4096L))) {
			assertThat(lines.toList()).containsExactly("first line\n", "zweite Zeile mit Ümlaut é\n", "\n",
					"last without newline");
		}
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/shop/pods/web-0/log?container=app&follow=true"
				+ "&sinceSeconds=60&tailLines=10&timestamps=true&previous=true&limitBytes=4096"))
			.withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.equalTo("text/plain, */*")));
	}

	@Test
	void followingHasNoReadTimeoutButAPlainLogHas() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/pods/web-0/log"))
			.willReturn(aResponse().withBody(LOG).withChunkedDribbleDelay(3, 2400)));
		try (KubeClient slow = builder().timeouts(Timeouts.DEFAULT.withRead(Duration.ofMillis(300))).build()) {
			try (Stream<String> lines = slow.log("web-0", LogOptions.defaults().withFollow(true))) {
				assertThat(lines.toList()).hasSize(4);
			}
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> {
				try (Stream<String> lines = slow.log("web-0")) {
					lines.toList();
				}
			}).withMessageContaining("Timed out");
		}
	}

	@Test
	void newlinesCanBeStrippedAndSinceTimeIsSent() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/pods/web-0/log"))
			.willReturn(aResponse().withBody(LOG)));
		StepVerifier.create(this.client.reactive().log("web-0", LogOptions.defaults().withNewlines(false)
				.withSinceTime(Instant.parse("2024-01-02T03:04:05Z"))))
			.expectNext("first line", "zweite Zeile mit Ümlaut é", "", "last without newline")
			.verifyComplete();
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/web-0/log?sinceTime=2024-01-02T03%3A04%3A05Z")));
	}

	@Test
	void errorsCarryTheServerStatus() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/pods/web-0/log")).willReturn(aResponse()
			.withStatus(400).withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"container \\\"app\\\" in "
					+ "pod \\\"web-0\\\" is waiting to start: ContainerCreating\",\"reason\":\"BadRequest\",\"code\":400}")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> {
			try (Stream<String> lines = this.client.log("web-0")) {
				lines.toList();
			}
		}).satisfies((ex) -> {
			assertThat(ex.code()).isEqualTo(400);
			assertThat(ex.verb()).isEqualTo("log");
			assertThat(ex.getMessage()).contains("is waiting to start");
		});
	}

	@Test
	void badOptionsFailBeforeSending() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LogOptions.defaults().withSince(5).withSinceTime(Instant.now()))
			.withMessage("give since or sinceTime, not both");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.log(" "));
		assertThat(this.server.getAllServeEvents()).isEmpty();
		assertThat(List.of()).isEmpty();
	}

}
