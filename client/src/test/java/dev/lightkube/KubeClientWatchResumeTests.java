package dev.lightkube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A server that ends every watch after one event, and sends the version the watch resumed from again every other
 * time (a repeat, no progress): each version reaches the subscriber once, a stream with something new is resumed at
 * once, and a stream without anything new backs off, so the request count stays bounded by the events.
 */
class KubeClientWatchResumeTests {

	private static final int EVENTS = 20;

	private static final Duration INITIAL_BACKOFF = Duration.ofMillis(50);

	private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

	private DisposableServer server;

	private ReactiveKubeClient client;

	@BeforeEach
	void start() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			int number;
			synchronized (this.arrivals) {
				this.arrivals.add(System.nanoTime());
				number = this.arrivals.size();
			}
			Map<String, List<String>> query = UriComponentsBuilder.fromUriString(request.uri()).build().getQueryParams();
			int from = Integer.parseInt(query.get("resourceVersion").get(0));
			// Odd requests repeat the version asked for (when it is an event), even ones send the next; after the
			// last event, only repeats.
			int version = (number % 2 == 1 && from > 100 || from >= 100 + EVENTS) ? from : from + 1;
			String line = "{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
					+ "\"metadata\":{\"name\":\"cm\",\"namespace\":\"default\",\"resourceVersion\":\"" + version
					+ "\"}}}\n";
			return response.header("Content-Type", "application/json")
				.sendByteArray(Mono.just(line.getBytes(StandardCharsets.UTF_8)));
		}).bindNow();
		this.client = ReactiveKubeClient.builder()
			.config(KubeConfig.fromServer("http://127.0.0.1:" + this.server.port()))
			.trustEnv(false)
			.watchBackoff(INITIAL_BACKOFF, Duration.ofMillis(400))
			.buildReactive();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.disposeNow();
	}

	@Test
	void eachVersionIsDeliveredOnceAndStreamsWithoutProgressBackOff() {
		List<String> delivered = Collections.synchronizedList(new ArrayList<>());
		Disposable watch = this.client
			.watch(ConfigMap.class, WatchOptions.defaults().withResourceVersion("100")
				.withOnError(WatchErrorHandler.retry()))
			.subscribe((event) -> delivered.add(event.object().getMetadata().getResourceVersion()));
		try {
			await(() -> delivered.size() >= EVENTS);
			int requestsForAllEvents = this.arrivals.size();
			await(() -> this.arrivals.size() >= requestsForAllEvents + 4);
			List<String> expected = new ArrayList<>();
			for (int i = 1; i <= EVENTS; i++) {
				expected.add(Integer.toString(100 + i));
			}
			assertThat(delivered).containsExactlyElementsOf(expected);
			// One request per new event, at most one repeat between two of them (and perhaps the next request already).
			assertThat(requestsForAllEvents).isLessThanOrEqualTo(2 * EVENTS + 1);
			// After the last event nothing is new: every further request waits at least the first back-off step.
			List<Long> late = List.copyOf(this.arrivals.subList(requestsForAllEvents, requestsForAllEvents + 4));
			for (int i = 1; i < late.size(); i++) {
				assertThat(late.get(i) - late.get(i - 1)).isGreaterThanOrEqualTo(INITIAL_BACKOFF.toNanos());
			}
		}
		finally {
			watch.dispose();
		}
	}

	private static void await(BooleanSupplier condition) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await("the condition").atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
	}

}
