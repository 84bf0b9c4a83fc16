package dev.lightkube.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the engine reads ahead of its consumer: a bounded number of buffers, each released as soon as its lines are cut,
 * and a consumer that stops asking neither makes it read on nor trips the read-idle timeout.
 */
class WatchEngineReadAheadTests {

	private static final String PATH = "/api/v1/namespaces/default/pods";

	private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));

	private final List<ByteBuf> sent = new CopyOnWriteArrayList<>();

	private final AtomicInteger opened = new AtomicInteger();

	@Test
	void aConsumerThatStopsAskingHoldsTheReadAheadToABoundedNumberOfBuffers() {
		// One event per buffer, as an API server writes them (one per chunk), far more than the bound.
		WatchEngine<Pod> engine = engine((query) -> events(10_000), settings(Duration.ofSeconds(60)));

		StepVerifier.create(engine.events(), 1)
			.assertNext((event) -> assertThat(event.object().getMetadata().getResourceVersion()).isEqualTo("11"))
			.then(() -> assertThat(this.sent).hasSize(WatchEngine.READ_AHEAD_BUFFERS))
			.thenRequest(9)
			.expectNextCount(9)
			.then(() -> assertThat(this.sent).hasSize(WatchEngine.READ_AHEAD_BUFFERS))
			.thenCancel()
			.verify(Duration.ofSeconds(30));

		// every buffer read was released when its lines were cut, not when its event was consumed
		assertThat(this.sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void aConsumerThatKeepsAskingGetsEveryEventInOrderAndEveryBufferIsReleased() {
		WatchEngine<Pod> engine = engine((query) -> events(2_000), settings(Duration.ofSeconds(60)));

		List<WatchEvent<Pod>> events = engine.events().take(2_000).collectList().block(Duration.ofSeconds(30));

		assertThat(events).hasSize(2_000);
		for (int i = 0; i < events.size(); i++) {
			assertThat(events.get(i).object().getMetadata().getResourceVersion()).isEqualTo(Integer.toString(11 + i));
		}
		assertThat(this.opened).hasValue(1);
		assertThat(this.sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void aConsumerThatPausesLongerThanTheReadIdleTimeoutDoesNotMakeTheWatchReconnect() throws InterruptedException {
		// More events than the engine reads ahead, then a connection that stays open: while the consumer asks for
		// nothing, the engine asks for nothing either, so the silence is not the connection's.
		WatchSettings settings = settings(Duration.ofSeconds(1));
		WatchEngine<Pod> engine = engine((query) -> events(WatchEngine.READ_AHEAD_BUFFERS + 44).concatWith(Flux.never()),
				settings);

		StepVerifier.create(engine.events(), 1)
			.expectNextCount(1)
			.then(() -> sleep(settings.serverTimeout().plus(settings.readIdleMargin()).multipliedBy(2)))
			.then(() -> assertThat(this.opened).hasValue(1))
			.thenRequest(WatchEngine.READ_AHEAD_BUFFERS + 43)
			.expectNextCount(WatchEngine.READ_AHEAD_BUFFERS + 43)
			.thenCancel()
			.verify(Duration.ofSeconds(30));
		assertThat(this.opened).hasValue(1);
	}

	private WatchEngine<Pod> engine(WatchConnector connector, WatchSettings settings) {
		WatchConnector counting = (query) -> {
			this.opened.incrementAndGet();
			return connector.open(query);
		};
		return new WatchEngine<>(counting, JsonMapper.builder().build(), Pod.class, PATH, settings);
	}

	private static WatchSettings settings(Duration serverTimeout) {
		return WatchSettings.builder()
			.resourceVersion("10")
			.serverTimeout(serverTimeout)
			.readIdleMargin(Duration.ofSeconds(1))
			.backoff(WatchWireMockSupport.FAST_BACKOFF)
			.shortWatch(Duration.ZERO)
			.build();
	}

	/** {@code count} events, one per buffer, emitted only as they are asked for; every buffer recorded. */
	private Flux<DataBuffer> events(int count) {
		return Flux.range(0, count).map((i) -> {
			byte[] line = WatchWireMockSupport.event("MODIFIED", "a", Integer.toString(11 + i))
				.getBytes(StandardCharsets.UTF_8);
			NettyDataBuffer buffer = this.buffers.allocateBuffer(line.length);
			buffer.write(line);
			this.sent.add(buffer.getNativeBuffer());
			return buffer;
		});
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
