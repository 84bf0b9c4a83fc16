package dev.lightkube.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The blocking hand-off of a watch: a consumer that takes what has arrived without waiting and decodes it on its own
 * thread, is woken only when it waits, keeps the engine's read-ahead bound, and ends on close (from any thread), error
 * and interrupt.
 */
class WatchHandoffTests {

	private static final String PATH = "/api/v1/namespaces/default/pods";

	private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));

	private final List<ByteBuf> sent = new CopyOnWriteArrayList<>();

	private final AtomicBoolean cancelled = new AtomicBoolean();

	@Test
	void eventsThatArriveWhileTheConsumerIsBusyAreTakenAndDecodedByItWithoutWaiting() throws Exception {
		int bursts = 100;
		int perBurst = 50;
		// One event per buffer (one per chunk, as an API server writes them); each burst arrives on this thread while
		// the consumer is busy (held at a gate), then the consumer takes it.
		Sinks.Many<DataBuffer> network = Sinks.many().unicast().onBackpressureBuffer();
		Map<Boolean, Integer> emittedByConsumer = new ConcurrentHashMap<>();
		AtomicReference<Thread> consuming = new AtomicReference<>();
		WatchHandoff<WatchEvent<Pod>> handoff = WatchHandoff.subscribe(engine((query) -> network.asFlux()).events()
			.doOnNext((event) -> emittedByConsumer.merge(Thread.currentThread() == consuming.get(), 1, Integer::sum)));
		Semaphore gate = new Semaphore(0);
		CompletableFuture<List<String>> taken = new CompletableFuture<>();
		Thread consumer = new Thread(() -> {
			List<String> versions = new ArrayList<>();
			try {
				for (int i = 0; i < bursts; i++) {
					gate.acquire();
					for (int j = 0; j < perBurst; j++) {
						versions.add(handoff.next().object().getMetadata().getResourceVersion());
					}
				}
				taken.complete(versions);
			}
			catch (Throwable ex) {
				taken.completeExceptionally(ex);
			}
		});
		consuming.set(consumer);
		consumer.start();
		for (int i = 0; i < bursts; i++) {
			for (int j = 0; j < perBurst; j++) {
				network.tryEmitNext(buffer(event(11 + i * perBurst + j))).orThrow();
			}
			gate.release();
			int before = (i + 1) * perBurst;
			await(() -> taken.isDone() || emittedByConsumer.values().stream().mapToInt(Integer::intValue).sum() == before
					&& consumer.getState() == Thread.State.WAITING);
		}

		List<String> versions = taken.get(30, TimeUnit.SECONDS);
		assertThat(versions).hasSize(bursts * perBurst);
		for (int i = 0; i < versions.size(); i++) {
			assertThat(versions.get(i)).isEqualTo(Integer.toString(11 + i));
		}
		// never parked, never woken: a burst that is there is taken in one go
		assertThat(handoff.parks).isZero();
		assertThat(handoff.wakes).isZero();
		// Only the first event of each burst was decoded where it arrived (the consumer had asked for it); the rest
		// were decoded by the consumer as it asked for them.
		assertThat(emittedByConsumer).containsEntry(false, bursts).containsEntry(true, bursts * (perBurst - 1));
		assertThat(this.sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
		handoff.cancel();
	}

	@Test
	void aWaitingConsumerIsWokenByTheNextEvent() throws Exception {
		Sinks.Many<DataBuffer> network = Sinks.many().unicast().onBackpressureBuffer();
		WatchHandoff<WatchEvent<Pod>> handoff = WatchHandoff.subscribe(engine((query) -> network.asFlux()).events());
		CompletableFuture<String> taken = CompletableFuture
			.supplyAsync(() -> handoff.next().object().getMetadata().getResourceVersion());

		await(handoff::parked);
		network.tryEmitNext(buffer(event(11))).orThrow();

		assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("11");
		assertThat(handoff.wakes).isOne();
		handoff.cancel();
	}

	@Test
	void aConsumerThatStopsTakingHoldsTheReadAheadToTheEnginesBound() {
		WatchHandoff<WatchEvent<Pod>> handoff = WatchHandoff
			.subscribe(engine((query) -> Flux.range(0, 10_000).map((i) -> buffer(event(11 + i)))).events());

		assertThat(handoff.next().object().getMetadata().getResourceVersion()).isEqualTo("11");
		assertThat(this.sent).hasSize(WatchEngine.READ_AHEAD_BUFFERS);
		for (int i = 0; i < 9; i++) {
			handoff.next();
		}
		assertThat(this.sent).hasSize(WatchEngine.READ_AHEAD_BUFFERS);
		handoff.cancel();

		assertThat(this.cancelled).isTrue();
		assertThat(this.sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void closingFromAnotherThreadWhileTheConsumerWaitsEndsTheIterationQuietlyAndCancelsTheStream() throws Exception {
		WatchHandoff<WatchEvent<Pod>> handoff = WatchHandoff
			.subscribe(engine((query) -> Flux.fromIterable(buffers(11, 3)).concatWith(Flux.never())).events());
		Stream<WatchEvent<Pod>> stream = handoff.stream();
		CompletableFuture<Long> consumer = CompletableFuture.supplyAsync(stream::count);

		await(() -> handoff.parked() && handoff.parks >= 1);
		stream.close();

		assertThat(consumer.get(30, TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(this.cancelled).isTrue();
	}

	@Test
	void anErrorAfterSomeEventsReachesTheConsumerAfterThoseEventsAsTheSameException() {
		Flux<DataBuffer> body = Flux.fromIterable(buffers(11, 3)).concatWith(Flux.just(buffer("{not json\n")));
		List<String> seen = new ArrayList<>();
		Throwable handoffError = null;
		Iterator<WatchEvent<Pod>> events = WatchHandoff.subscribe(engine((query) -> body).events());
		try {
			while (events.hasNext()) {
				seen.add(events.next().object().getMetadata().getResourceVersion());
			}
		}
		catch (RuntimeException ex) {
			handoffError = ex;
		}
		Throwable reactorError = null;
		try {
			engine((query) -> Flux.fromIterable(buffers(11, 3)).concatWith(Flux.just(buffer("{not json\n"))))
				.events()
				.toStream(1)
				.count();
		}
		catch (RuntimeException ex) {
			reactorError = ex;
		}

		assertThat(seen).containsExactly("11", "12", "13");
		assertThat(handoffError).isInstanceOf(WatchDecodingException.class);
		assertThat(reactorError).isNotNull();
		assertThat(handoffError).hasSameClassAs(reactorError).hasMessage(reactorError.getMessage());
	}

	@Test
	void anInterruptedConsumerStopsWaitingAndCancelsTheStream() throws Exception {
		WatchHandoff<WatchEvent<Pod>> handoff = WatchHandoff
			.subscribe(engine((query) -> Flux.fromIterable(buffers(11, 1)).concatWith(Flux.never())).events());
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread consumer = new Thread(() -> {
			try {
				handoff.next();
				handoff.hasNext();
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		consumer.start();

		await(handoff::parked);
		consumer.interrupt();

		assertThat(outcome.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
		assertThat(this.cancelled).isTrue();
	}

	private WatchEngine<Pod> engine(WatchConnector connector) {
		WatchSettings settings = WatchSettings.builder()
			.resourceVersion("10")
			.serverTimeout(Duration.ofSeconds(60))
			.readIdleMargin(Duration.ofSeconds(1))
			.backoff(WatchWireMockSupport.FAST_BACKOFF)
			.shortWatch(Duration.ZERO)
			.onError(WatchErrorHandler.raise())
			.build();
		WatchConnector recording = (query) -> connector.open(query).doOnCancel(() -> this.cancelled.set(true));
		return new WatchEngine<>(recording, JsonMapper.builder().build(), Pod.class, PATH, settings);
	}

	/** {@code count} buffers of one event each, versions from {@code first}; every buffer recorded. */
	private List<DataBuffer> buffers(int first, int count) {
		List<DataBuffer> list = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			list.add(buffer(event(first + i)));
		}
		return list;
	}

	private static String event(int version) {
		return WatchWireMockSupport.event("MODIFIED", "a", Integer.toString(version));
	}

	/** A buffer holding {@code text}, recorded when it is made. */
	private DataBuffer buffer(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		NettyDataBuffer buffer = this.buffers.allocateBuffer(bytes.length);
		buffer.write(bytes);
		this.sent.add(buffer.getNativeBuffer());
		return buffer;
	}

	private static void await(BooleanSupplier condition) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await("the condition").atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1)).until(condition::getAsBoolean);
	}

}
