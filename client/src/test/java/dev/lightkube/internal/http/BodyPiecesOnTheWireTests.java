package dev.lightkube.internal.http;

import static dev.lightkube.MisbehavingServer.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.MisbehavingServer;
import dev.lightkube.config.KubeConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A watch-like body (an event per chunk, written faster than it is read) reaches the client's operators in about one
 * buffer per socket read, not one per chunk; the bytes are the body's, in order. Counts, not timings.
 */
class BodyPiecesOnTheWireTests {

	private static final int EVENTS = 4000;

	private final SocketReadCounter socketReads = new SocketReadCounter();

	@Test
	void smallChunksWrittenAtOnceArriveJoinedPerSocketRead() throws Exception {
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nTransfer-Encoding: chunked");
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			for (int i = 0; i < EVENTS; i++) {
				byte[] event = ("{\"type\":\"ADDED\",\"object\":{\"n\":" + i + ",\"pad\":\"" + "p".repeat(900)
						+ "\"}}\n").getBytes(StandardCharsets.UTF_8);
				expected.write(event);
				all.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				all.write(event);
				all.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			all.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.write(all.toByteArray());
			out.flush();
		})) {
			AtomicInteger buffers = new AtomicInteger();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			try (KubeTransport transport = KubeTransport.create(KubeConfig.fromServer(server.url()).get(),
					this.socketReads.settings())) {
				transport.streamWebClient()
					.get()
					.uri("/api/v1/pods?watch=true")
					.retrieve()
					.bodyToFlux(DataBuffer.class)
					.doOnNext((buffer) -> {
						buffers.incrementAndGet();
						byte[] bytes = new byte[buffer.readableByteCount()];
						buffer.read(bytes);
						received.writeBytes(bytes);
						DataBufferUtils.release(buffer);
					})
					.blockLast();
			}
			assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
			// without joining, a buffer per chunk: 4,000
			assertThat(buffers.get()).isLessThanOrEqualTo(2 * this.socketReads.reads()).isLessThan(EVENTS / 8);
		}
	}

}
