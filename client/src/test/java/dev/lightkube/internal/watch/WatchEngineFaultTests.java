package dev.lightkube.internal.watch;

import dev.lightkube.internal.retry.Backoff;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.lightkube.ApiException;
import dev.lightkube.KubeException;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Faults while watching: reliability.md items 6, 7, 8, 9, 13 and 14.
 */
class WatchEngineFaultTests extends WatchWireMockSupport {

	@Test
	void streamsThatCloseAtOnceWithoutEventsBackOffInsteadOfSpinning() {
		// item 6: three empty 200 answers are failures with growing backoff, not instant reconnects
		respondInSequence(stream(), stream(), stream(), stream(event("MODIFIED", "a", "11")));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("10").shortWatch(Duration.ofMinutes(1)).build())
			.take(1)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11");
		assertThat(queries()).containsExactly(query("10"), query("10"), query("10"), query("10"));
		assertThat(this.observer.reasons()).containsExactly("ShortWatchException", "ShortWatchException",
				"ShortWatchException");
		assertThat(this.observer.retries).extracting((retry) -> retry.get("attempt")).containsExactly(1, 2, 3);
		assertThat(this.observer.retries)
			.allSatisfy((retry) -> assertThat((Duration) retry.get("delay")).isPositive());
	}

	@Test
	void streamsThatKeepClosingAtOnceReachTheHandler() {
		// item 6 and fabric8 #4781: a watch that silently gets nothing must become visible
		respondInSequence(stream());

		StepVerifier
			.create(watch(settings().resourceVersion("10")
				.shortWatch(Duration.ofMinutes(1))
				.absorbedFailures(2)
				.build()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(KubeException.class)
				.hasMessageContaining("ended at once without new events"))
			.verify(GUARD);
		assertThat(queries()).containsExactly(query("10"), query("10"), query("10"));
	}

	@Test
	void halfOpenConnectionIsDetectedAndTheWatchResumes() {
		// item 7: the first stream delivers one event and then nothing, as a half-open connection whose end never
		// arrives. The read-idle timeout (timeoutSeconds + margin) ends it and the watch resumes from that event.
		respondInSequence(stream(event("MODIFIED", "a", "11")), stream(event("MODIFIED", "a", "12")));
		WatchConnector real = connector();
		AtomicInteger calls = new AtomicInteger();
		WatchConnector connector = (query) -> (calls.incrementAndGet() == 1)
				? real.open(query).concatWith(Flux.never()) : real.open(query);

		List<WatchEvent<Pod>> events = new WatchEngine<>(connector, this.mapper, Pod.class, PATH,
				settings().resourceVersion("10")
					.serverTimeout(Duration.ofSeconds(1))
					.readIdleMargin(Duration.ofSeconds(2))
					.build())
			.events()
			.take(2)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11", "MODIFIED a 12");
		assertThat(queries()).containsExactly(query("10", 1), query("11", 1));
		assertThat(this.observer.opened)
			.allSatisfy((query) -> assertThat(query.readIdleTimeout()).isEqualTo(Duration.ofSeconds(3)));
		assertThat(this.observer.reasons()).containsExactly("ReadIdleException");
	}

	@Test
	void serverThatNeverAnswersIsDetected() {
		// item 7 with a long delay before the first byte: detected, retried, then reported when it persists
		wireMock.stubFor(get(urlPathEqualTo(PATH))
			.willReturn(aResponse().withStatus(200).withBody(event("MODIFIED", "a", "99")).withFixedDelay(30_000)));

		StepVerifier
			.create(watch(settings().resourceVersion("10")
				.serverTimeout(Duration.ofSeconds(1))
				.readIdleMargin(Duration.ofSeconds(4))
				.absorbedFailures(1)
				.build()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(KubeException.class)
				.hasMessageContaining("read-idle timeout"))
			.verify(GUARD);
		assertThat(queries()).containsExactly(query("10", 1), query("10", 1));
	}

	@Test
	void timeoutSecondsIsRandomBetweenFiveAndTenMinutesWhenNotGiven() {
		// item 7: client-go's spread, so that watches do not all end together; the read-idle timeout follows it
		respondInSequence(stream(event("MODIFIED", "a", "11")), stream(event("MODIFIED", "a", "12")));

		watch(WatchSettings.builder().resourceVersion("10").observer(this.observer).build()).take(2).blockLast(GUARD);

		assertThat(this.observer.opened).hasSize(2).allSatisfy((query) -> {
			assertThat(query.timeoutSeconds()).isBetween(300L, 600L);
			assertThat(query.readIdleTimeout()).isEqualTo(Duration.ofSeconds(query.timeoutSeconds() + 30));
		});
		assertThat(queries()).extracting((query) -> query.get("timeoutSeconds"))
			.containsExactlyElementsOf(this.observer.opened.stream().map((q) -> Long.toString(q.timeoutSeconds())).toList());
	}

	@Test
	void tooManyRequestsWithRetryWatchesAgainFromTheSameVersion() {
		// item 8: 429 without Retry-After is the handler's to decide; retrying keeps the version (no relist)
		List<String> handled = new ArrayList<>();
		respondInSequence(status(429, "TooManyRequests", null), stream(event("MODIFIED", "a", "11")));

		List<WatchEvent<Pod>> events = watch(
				settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.retry())).build())
			.take(1)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11");
		assertThat(handled).containsExactly("429#1");
		assertThat(queries()).containsExactly(query("10"), query("10"));
	}

	@Test
	void connectionRefusedBacksOffAndWatchesAgainFromTheSameVersion() throws IOException {
		// item 8: the first two attempts find nothing listening; the third reaches the server with the same version
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		WebClient refused = WebClient.builder().baseUrl("http://127.0.0.1:" + closedPort).build();
		WatchConnector real = connector();
		AtomicInteger calls = new AtomicInteger();
		WatchConnector connector = (query) -> (calls.incrementAndGet() <= 2)
				? refused.get().uri(PATH).retrieve().bodyToFlux(DataBuffer.class) : real.open(query);
		respondInSequence(stream(event("MODIFIED", "a", "11")));

		List<WatchEvent<Pod>> events = new WatchEngine<>(connector, this.mapper, Pod.class, PATH,
				settings().resourceVersion("10").build())
			.events()
			.take(1)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11");
		assertThat(this.observer.opened).extracting(WatchQuery::resourceVersion).containsExactly("10", "10", "10");
		assertThat(this.observer.retries).extracting((retry) -> retry.get("attempt")).containsExactly(1, 2);
		assertThat(queries()).containsExactly(query("10"));
	}

	@Test
	void backoffGrowsWithFailuresInARow() {
		// item 9: attempts 1, 2, 3 wait about 1, 2, 4 ms here (jitter up to +50 %), never more than the cap
		List<String> handled = new ArrayList<>();
		respondInSequence(status(500, "InternalError", null), status(500, "InternalError", null),
				status(500, "InternalError", null), stream(event("MODIFIED", "a", "11")));

		watch(settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.retry())).build()).take(1)
			.blockLast(GUARD);

		assertThat(handled).containsExactly("500#1", "500#2", "500#3");
		List<Duration> delays = this.observer.retries.stream().map((retry) -> (Duration) retry.get("delay")).toList();
		assertThat(delays.get(0)).isBetween(Duration.ofMillis(1), Duration.ofNanos(1_500_000));
		assertThat(delays.get(1)).isBetween(Duration.ofMillis(2), Duration.ofMillis(3));
		assertThat(delays.get(2)).isBetween(Duration.ofMillis(4), Duration.ofMillis(6));
		assertThat(queries()).containsExactly(query("10"), query("10"), query("10"), query("10"));
	}

	@Test
	void failureCountStartsAgainAfterAHealthyPeriod() {
		// item 9: with a zero reset period every failure is "the first in a while"
		List<String> handled = new ArrayList<>();
		respondInSequence(status(500, "InternalError", null), status(500, "InternalError", null),
				stream(event("MODIFIED", "a", "11")));

		watch(settings().resourceVersion("10")
			.backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(20), 0, Duration.ZERO))
			.onError(recording(handled, WatchErrorHandler.retry()))
			.build()).take(1).blockLast(GUARD);

		assertThat(handled).containsExactly("500#1", "500#1");
	}

	@Test
	void handlerDelayIsUsedAsGiven() {
		respondInSequence(status(500, "InternalError", null), stream(event("MODIFIED", "a", "11")));

		watch(settings().resourceVersion("10")
			.onError((error, attempt) -> WatchErrorAction.retry(Duration.ofMillis(7)))
			.build()).take(1).blockLast(GUARD);

		assertThat(this.observer.retries).extracting((retry) -> retry.get("delay"))
			.containsExactly(Duration.ofMillis(7));
	}

	@Test
	void transportFailuresBeforeTheStreamStartsAreRetriedFromTheSameVersion() {
		// item 13: watch establishment is idempotent, so it is retried after transport failures,
		// even with the default RAISE policy
		respondInSequence(stream(event("MODIFIED", "a", "11")),
				aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), aResponse().withFault(Fault.EMPTY_RESPONSE),
				aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK), stream(event("MODIFIED", "a", "12")));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("10").build()).take(2)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11", "MODIFIED a 12");
		assertThat(queries()).containsExactly(query("10"), query("11"), query("11"), query("11"), query("11"));
		assertThat(this.observer.retries).extracting((retry) -> retry.get("attempt")).containsExactly(0, 1, 2, 3);
	}

	@Test
	void transportFailuresBeyondTheLimitReachTheHandler() {
		List<String> handled = new ArrayList<>();
		respondInSequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

		StepVerifier
			.create(watch(settings().resourceVersion("10")
				.absorbedFailures(1)
				.onError(recording(handled, WatchErrorHandler.raise()))
				.build()))
			.expectError()
			.verify(GUARD);
		assertThat(handled).hasSize(1).allSatisfy((entry) -> assertThat(entry).endsWith("#2"));
		assertThat(queries()).containsExactly(query("10"), query("10"));
	}

	@Test
	void connectionLostMidStreamGoesToTheHandlerAndRetryResumesAfterTheLastEvent() {
		// connection failures after the stream started are the policy's to decide (lightkube lets them bypass it)
		List<String> handled = new ArrayList<>();
		respondInSequence(stream(event("MODIFIED", "a", "11"), event("MODIFIED", "a", "12")),
				stream(event("MODIFIED", "a", "13")));
		WatchConnector real = connector();
		AtomicInteger calls = new AtomicInteger();
		WatchConnector connector = (query) -> (calls.incrementAndGet() == 1)
				? real.open(query).concatWith(Flux.error(new IOException("Connection reset by peer"))) : real.open(query);

		List<WatchEvent<Pod>> events = new WatchEngine<>(connector, this.mapper, Pod.class, PATH,
				settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.retry())).build())
			.events()
			.take(3)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11", "MODIFIED a 12", "MODIFIED a 13");
		assertThat(handled).containsExactly("IOException#1");
		assertThat(queries()).containsExactly(query("10"), query("12"));
	}

	@Test
	void connectionLostMidStreamIsRaisedByDefault() {
		respondInSequence(stream(event("MODIFIED", "a", "11")));
		WatchConnector real = connector();
		WatchConnector connector = (query) -> real.open(query)
			.concatWith(Flux.error(new IOException("Connection reset by peer")));

		StepVerifier
			.create(new WatchEngine<>(connector, this.mapper, Pod.class, PATH,
					settings().resourceVersion("10").build()).events())
			.expectNextCount(1)
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IOException.class))
			.verify(GUARD);
		assertThat(queries()).containsExactly(query("10"));
	}

	@Test
	void retryAfterIsHonouredAndTheSameRequestSentAgain() {
		// item 14: 429 and 503 with Retry-After wait that long, then repeat the same request; no handler needed
		List<String> handled = new ArrayList<>();
		respondInSequence(status(429, "TooManyRequests", 1), status(503, "ServiceUnavailable", 2),
				stream(event("MODIFIED", "a", "11")));

		List<WatchEvent<Pod>> events = watch(
				settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.raise())).build())
			.take(1)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11");
		assertThat(handled).isEmpty();
		assertThat(this.observer.retries).extracting((retry) -> retry.get("delay"))
			.containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
		assertThat(queries()).containsExactly(query("10"), query("10"), query("10"));
	}

	@Test
	void serverErrorWithoutRetryAfterIsNotRetriedAutomatically() {
		// item 14: without Retry-After the policy decides; the default raises
		respondInSequence(status(503, "ServiceUnavailable", null), stream(event("MODIFIED", "a", "11")));

		StepVerifier.create(watch(settings().resourceVersion("10").build()))
			.expectErrorSatisfies((error) -> assertThat(((ApiException) error).code()).isEqualTo(503))
			.verify(GUARD);
		assertThat(queries()).containsExactly(query("10"));
	}

	@Test
	void cancellingTheFluxClosesTheStream() {
		AtomicInteger cancelled = new AtomicInteger();
		WatchConnector connector = (query) -> connector().open(query).concatWith(Flux.never())
			.doOnCancel(cancelled::incrementAndGet);
		respondInSequence(stream(event("MODIFIED", "a", "11")));

		new WatchEngine<>(connector, this.mapper, Pod.class, PATH, settings().resourceVersion("10").build()).events()
			.take(1)
			.blockLast(GUARD);

		assertThat(cancelled).hasValue(1);
		assertThat(queries()).containsExactly(query("10"));
	}

	static Map<String, String> query(String resourceVersion, long timeoutSeconds) {
		Map<String, String> query = query(resourceVersion);
		query.put("timeoutSeconds", Long.toString(timeoutSeconds));
		return query;
	}

}
