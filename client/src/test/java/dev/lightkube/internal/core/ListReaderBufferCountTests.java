package dev.lightkube.internal.core;

import static dev.lightkube.MisbehavingServer.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.MisbehavingServer;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.http.SocketReadCounter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * How many buffers a list body written in large writes reaches the blocking reader in: one per socket read (up to
 * {@link KubeTransport#MAX_BODY_PIECE_BYTES}), not Netty's default 8 KiB pieces, eight per 64 KiB read, each paid
 * through the operators and a hand-over to the reading thread. Counts, not timings.
 */
class ListReaderBufferCountTests {

	private static final int ITEMS = 4000;

	private static final byte[] LIST = list();

	// About 4 MB: items of about 1 KB, so that any cut falls inside one.
	private static byte[] list() {
		StringBuilder list = new StringBuilder("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":"
				+ "{\"resourceVersion\":\"7\"},\"items\":[");
		for (int i = 0; i < ITEMS; i++) {
			list.append((i > 0) ? "," : "")
				.append("{\"metadata\":{\"name\":\"cm-")
				.append(i)
				.append("\"},\"data\":{\"k\":\"")
				.append("v".repeat(1000))
				.append("\"}}");
		}
		return list.append("]}").toString().getBytes(StandardCharsets.UTF_8);
	}

	private final SocketReadCounter socketReads = new SocketReadCounter();

	private final AtomicInteger buffers = new AtomicInteger();

	private final AtomicInteger largest = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	@Test
	void aContentLengthBodyInOneWriteReachesTheReaderAsOneBufferPerSocketRead() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nContent-Length: " + LIST.length);
			out.write(LIST);
			out.flush();
		})) {
			assertThat(readAll(server)).isEqualTo(ITEMS);
		}
		assertThat(this.bytes).hasValue(LIST.length);
		// the first read may carry the head too; a piece is never cut smaller than the read it came in
		assertThat(this.buffers.get()).isLessThanOrEqualTo(this.socketReads.reads());
		// Netty's default would cut every read into pieces of at most 8 KiB
		assertThat(this.largest.get()).isGreaterThan(8192).isLessThanOrEqualTo(KubeTransport.MAX_BODY_PIECE_BYTES);
		assertThat(this.buffers.get()).isLessThan(LIST.length / 8192);
	}

	@Test
	void aChunkedBodyInLargeChunksReachesTheReaderInAtMostTwoBuffersPerSocketRead() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nTransfer-Encoding: chunked");
			int slice = 256 * 1024;
			for (int start = 0; start < LIST.length; start += slice) {
				int length = Math.min(slice, LIST.length - start);
				chunk(out, start, length);
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		})) {
			assertThat(readAll(server)).isEqualTo(ITEMS);
		}
		assertThat(this.bytes).hasValue(LIST.length);
		// a read that holds the end of a chunk and the start of the next is two pieces
		assertThat(this.buffers.get()).isLessThanOrEqualTo(2 * this.socketReads.reads());
		assertThat(this.largest.get()).isGreaterThan(8192).isLessThanOrEqualTo(KubeTransport.MAX_BODY_PIECE_BYTES);
		assertThat(this.buffers.get()).isLessThan(LIST.length / 8192);
	}

	private static void chunk(OutputStream out, int start, int length) throws java.io.IOException {
		out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.write(LIST, start, length);
		out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
	}

	// Reads the list with the blocking reader over the transport's stream pool (where lists are read), counting the
	// socket reads below Netty's HTTP decoder and the buffers handed to the reader.
	private int readAll(MisbehavingServer server) {
		try (KubeTransport transport = KubeTransport
			.create(KubeConfig.fromServer(server.url()).get(), this.socketReads.settings())) {
			Flux<DataBuffer> body = transport.streamWebClient()
				.get()
				.uri("/api/v1/configmaps")
				.retrieve()
				.bodyToFlux(DataBuffer.class)
				.doOnNext((buffer) -> {
					this.buffers.incrementAndGet();
					this.bytes.addAndGet(buffer.readableByteCount());
					this.largest.accumulateAndGet(buffer.readableByteCount(), Math::max);
				});
			ListReader<ConfigMap> reader = new ListReader<>(body, ListPages.READ_AHEAD_BYTES,
					new ListChecks<>(ConfigMap.class, UnaryOperator.identity(), "list configmaps", "ConfigMap",
							1024 * 1024));
			int items = 0;
			ListElement<ConfigMap> element;
			while ((element = reader.next()) != null) {
				if (element instanceof ListElement.Item<ConfigMap>) {
					items++;
				}
			}
			return items;
		}
	}

}
