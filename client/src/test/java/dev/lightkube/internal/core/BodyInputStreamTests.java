package dev.lightkube.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The body stream the blocking client's list reader parses: it hands out what has come (never waits to fill the
 * array), asks for a bounded number of buffers ahead, surfaces the body's own error, and can be closed from another
 * thread while a read waits, releasing every buffer.
 */
class BodyInputStreamTests {

	private final NettyDataBufferFactory factory = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

	private final List<ByteBuf> sent = new ArrayList<>();

	@Test
	void aReadReturnsWhatHasComeWithoutWaitingToFillTheArray() throws Exception {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		BodyInputStream in = new BodyInputStream(body.asFlux(), 4, 1);
		emit(body, "abc");
		byte[] bytes = new byte[8192];
		// Would wait for ever if it filled the array: the rest of the body has not come.
		CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> read(in, bytes));
		assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(new String(bytes, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
		emit(body, "de");
		body.tryEmitComplete();
		assertThat(in.read(bytes, 0, 1)).isEqualTo(1);
		assertThat(in.read(bytes, 1, 10)).isEqualTo(1);
		assertThat(new String(bytes, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("de");
		assertThat(in.read(bytes, 0, 10)).isEqualTo(-1);
		assertReleased();
	}

	@Test
	void asksForABoundedNumberOfBuffersAheadOfTheReader() throws Exception {
		AtomicLong requested = new AtomicLong();
		AtomicInteger delivered = new AtomicInteger();
		Flux<DataBuffer> body = Flux.range(0, 1000)
			.map((i) -> buffer("x"))
			.doOnRequest(requested::addAndGet)
			.doOnNext((buffer) -> delivered.incrementAndGet());
		BodyInputStream in = new BodyInputStream(body, 8, 1);
		assertThat(requested).hasValue(8);
		byte[] bytes = new byte[3];
		int total = 0;
		for (int i = 0; i < 150; i++) {
			total += in.read(bytes, 0, bytes.length);
			// never more than the read-ahead beyond what the reader took
			assertThat(delivered.get() - total).isLessThanOrEqualTo(8);
		}
		assertThat(total).isEqualTo(450);
		in.close();
		assertReleased();
	}

	@Test
	void aReadGoesOnIntoTheBuffersAlreadyReceivedWithoutWaitingForMore() throws Exception {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		BodyInputStream in = new BodyInputStream(body.asFlux(), 64, 8);
		emit(body, "abc");
		emit(body, "de");
		emit(body, "fgh");
		byte[] bytes = new byte[8192];
		// One read, not three cut at each buffer's end; and it does not wait for the rest of the body.
		CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> read(in, bytes));
		assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(8);
		assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
		// as much as the caller asks for, the rest of a buffer kept for the next read
		emit(body, "ijk");
		emit(body, "lm");
		assertThat(in.read(bytes, 0, 4)).isEqualTo(4);
		assertThat(in.read(bytes, 4, 10)).isEqualTo(1);
		assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("ijklm");
		assertThat(in.waits()).isEqualTo(0);
		body.tryEmitComplete();
		assertThat(in.read(bytes, 0, 10)).isEqualTo(-1);
		assertReleased();
	}

	@Test
	void anEmptyBufferIsNoEndAndNoZeroLengthRead() throws Exception {
		BodyInputStream in = new BodyInputStream(Flux.just(buffer(""), buffer("ab"), buffer("")), 64, 8);
		byte[] bytes = new byte[10];
		// InputStream.read never returns 0 for a non-empty array; Jackson fails on it
		assertThat(in.read(bytes, 0, 10)).isEqualTo(2);
		assertThat(in.read(bytes, 0, 10)).isEqualTo(-1);
		assertReleased();
	}

	@Test
	void aFailureAfterBuffersIsThrownByTheNextReadNotWithTheirBytes() throws Exception {
		KubeException lost = new KubeException("Connection lost while reading the answer to list pods: reset");
		BodyInputStream in = new BodyInputStream(
				Flux.concat(Flux.just(buffer("ab"), buffer("cd")), Flux.error(lost)), 64, 8);
		byte[] bytes = new byte[10];
		assertThat(in.read(bytes, 0, 10)).isEqualTo(4);
		assertThatExceptionOfType(KubeException.class).isThrownBy(() -> in.read(bytes, 0, 10)).isSameAs(lost);
		assertReleased();
	}

	@Test
	void holdsAboutTheReadAheadInBytesWhateverTheSizeOfTheBuffers() throws Exception {
		// Buffers of 2 bytes where 8 were expected: more of them are asked for, the bytes ahead stay bounded.
		assertBytesAheadBounded(2, 8, 64);
		// Buffers of the size expected.
		assertBytesAheadBounded(16, 16, 64);
		// Buffers larger than the whole read-ahead: one at a time, never none.
		assertBytesAheadBounded(100, 100, 64);
	}

	private void assertBytesAheadBounded(int size, int expectedSize, int readAhead) throws Exception {
		AtomicLong deliveredBytes = new AtomicLong();
		AtomicInteger requests = new AtomicInteger();
		int count = 2000 / size;
		Flux<DataBuffer> body = Flux.range(0, count)
			.map((i) -> buffer("x".repeat(size)))
			.doOnRequest((n) -> requests.incrementAndGet())
			.doOnNext((buffer) -> deliveredBytes.addAndGet(buffer.readableByteCount()));
		BodyInputStream in = new BodyInputStream(body, readAhead, expectedSize);
		byte[] bytes = new byte[3];
		long total = 0;
		long mostAhead = 0;
		int read;
		while ((read = in.read(bytes, 0, bytes.length)) > 0) {
			total += read;
			mostAhead = Math.max(mostAhead, deliveredBytes.get() - total);
		}
		assertThat(total).isEqualTo((long) count * size);
		// besides the buffer being read, the read-ahead (or one buffer, when a buffer is larger than it)
		assertThat(mostAhead).isLessThanOrEqualTo(size + Math.max(readAhead, size));
		if (size < expectedSize) {
			// more buffers than readAhead / expectedSize were held: the bound is in bytes
			assertThat(mostAhead).isGreaterThan(readAhead / 2);
		}
		// asked for in batches of about half the read-ahead, not per buffer
		int perBatch = Math.max(1, readAhead / Math.max(size, expectedSize) / 2);
		assertThat(requests.get()).isLessThanOrEqualTo(count / perBatch + 2);
		in.close();
		assertReleased();
	}

	@Test
	void aFailedBodyThrowsItsOwnErrorAfterTheBytesBeforeIt() throws Exception {
		KubeException lost = new KubeException("Connection lost while reading the answer to list pods: reset");
		BodyInputStream in = new BodyInputStream(Flux.concat(Flux.just(buffer("ab")), Flux.error(lost)), 4, 1);
		byte[] bytes = new byte[10];
		assertThat(in.read(bytes, 0, 10)).isEqualTo(2);
		assertThatExceptionOfType(KubeException.class).isThrownBy(() -> in.read(bytes, 0, 10)).isSameAs(lost);
		assertReleased();
	}

	@Test
	void closingFromAnotherThreadEndsAWaitingReadCancelsAndReleasesEverything() throws Exception {
		AtomicInteger cancelled = new AtomicInteger();
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		BodyInputStream in = new BodyInputStream(body.asFlux().doOnCancel(cancelled::incrementAndGet), 4, 1);
		emit(body, "abc");
		byte[] bytes = new byte[10];
		assertThat(in.read(bytes, 0, 1)).isEqualTo(1);
		in.read(bytes, 0, 2);
		CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> read(in, bytes));
		in.close();
		assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
		assertThat(cancelled).hasValue(1);
		// a buffer already on its way when the body was cancelled is released at once
		in.onNext(buffer("late"));
		assertReleased();
	}

	@Test
	void closingWithBuffersNotReadYetReleasesThem() {
		BodyInputStream in = new BodyInputStream(Flux.just(buffer("one"), buffer("two"), buffer("three")), 8, 1);
		byte[] bytes = new byte[1];
		assertThat(read(in, bytes)).isEqualTo(1);
		in.close();
		assertThat(read(in, bytes)).isEqualTo(-1);
		assertReleased();
	}

	private static int read(BodyInputStream in, byte[] bytes) {
		try {
			return in.read(bytes, 0, bytes.length);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void emit(Sinks.Many<DataBuffer> body, String text) {
		body.emitNext(buffer(text), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
	}

	private DataBuffer buffer(String text) {
		ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer();
		buf.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
		synchronized (this.sent) {
			this.sent.add(buf);
		}
		return this.factory.wrap(buf);
	}

	private void assertReleased() {
		synchronized (this.sent) {
			assertThat(this.sent).allSatisfy((buf) -> assertThat(buf.refCnt()).isZero());
		}
	}

}
