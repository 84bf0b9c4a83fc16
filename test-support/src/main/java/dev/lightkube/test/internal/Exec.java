package dev.lightkube.test.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import dev.lightkube.test.ExecCall;
import dev.lightkube.test.ExecHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pod {@code exec} over WebSocket with the Kubernetes channel protocol ({@code v5.channel.k8s.io} and
 * {@code v4.channel.k8s.io}): byte 0 of each binary frame names the stream, 0 stdin, 1 stdout, 2 stderr, 3 the
 * final status; v5 adds 255 (close a stream).
 */
final class Exec {

	static final String V5 = "v5.channel.k8s.io";

	static final String V4 = "v4.channel.k8s.io";

	private static final byte STDIN = 0;

	private static final byte STDOUT = 1;

	private static final byte STDERR = 2;

	private static final byte ERROR = 3;

	private static final int CLOSE = 255;

	private final Map<String, ExecHandler> handlers = new ConcurrentHashMap<>();

	private volatile @Nullable ExecHandler fallback;

	void register(String command, ExecHandler handler) {
		this.handlers.put(command, handler);
	}

	void registerDefault(ExecHandler handler) {
		this.fallback = handler;
	}

	void clear() {
		this.handlers.clear();
		this.fallback = null;
	}

	/** Runs one exec session on an upgraded connection. */
	Publisher<Void> session(WebsocketInbound in, WebsocketOutbound out, String namespace, String pod,
			String container, List<String> command, boolean tty, boolean attachStdin) {
		Sinks.Many<WebSocketFrame> frames = Sinks.many().unicast().onBackpressureBuffer();
		QueueInputStream stdin = new QueueInputStream();
		if (!attachStdin) {
			// As the kubelet: a command run without stdin reads end-of-file at once.
			stdin.close();
		}
		boolean v5 = V5.equals(in.selectedSubprotocol());
		in.receiveFrames().doOnNext((frame) -> {
			if (frame instanceof BinaryWebSocketFrame binary && binary.content().readableBytes() > 0) {
				byte[] data = ByteBufUtil.getBytes(binary.content());
				int channel = data[0] & 0xff;
				if (channel == STDIN) {
					stdin.offer(Arrays.copyOfRange(data, 1, data.length));
				}
				else if (v5 && channel == CLOSE && data.length > 1 && data[1] == STDIN) {
					stdin.close();
				}
			}
		}).doFinally((signal) -> stdin.close()).subscribe();
		ExecCall call = new Call(namespace, pod, container, command, tty, stdin, stream(frames, STDOUT),
				stream(frames, STDERR));
		ExecHandler handler = this.handlers.getOrDefault(command.isEmpty() ? "" : command.get(0), this.fallback);
		Mono.fromCallable(() -> result(handler, call))
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe((status) -> {
				synchronized (frames) {
					frames.tryEmitNext(frame(ERROR, Json.write(status).getBytes(StandardCharsets.UTF_8), 0, -1));
					frames.tryEmitComplete();
				}
			});
		return out.sendObject(frames.asFlux()).then();
	}

	private static ObjectNode result(@Nullable ExecHandler handler, ExecCall call) {
		ObjectNode status = Json.object();
		status.putObject("metadata");
		if (handler == null) {
			String message = "OCI runtime exec failed: exec failed: unable to start container process: exec: \""
					+ (call.command().isEmpty() ? "" : call.command().get(0))
					+ "\": executable file not found in $PATH: unknown";
			status.put("status", "Failure").put("message", message).put("reason", "InternalError");
			status.putObject("details").putArray("causes").addObject().put("message", message);
			status.put("code", 500);
			return status;
		}
		int exitCode;
		try {
			exitCode = handler.run(call);
		}
		catch (Exception ex) {
			status.put("status", "Failure").put("message", "exec handler failed: " + ex).put("reason", "InternalError")
				.put("code", 500);
			return status;
		}
		finally {
			call.stdout().flush();
			call.stderr().flush();
		}
		if (exitCode == 0) {
			return status.put("status", "Success");
		}
		status.put("status", "Failure")
			.put("message", "command terminated with non-zero exit code: error executing command " + call.command()
					+ ", exit code " + exitCode)
			.put("reason", "NonZeroExitCode");
		status.putObject("details").putArray("causes").addObject().put("reason", "ExitCode")
			.put("message", Integer.toString(exitCode));
		return status;
	}

	private static PrintStream stream(Sinks.Many<WebSocketFrame> frames, byte channel) {
		OutputStream out = new OutputStream() {

			@Override
			public void write(int b) {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				if (length > 0) {
					synchronized (frames) {
						frames.tryEmitNext(frame(channel, bytes, offset, length));
					}
				}
			}

		};
		return new PrintStream(out, true, StandardCharsets.UTF_8);
	}

	private static WebSocketFrame frame(byte channel, byte[] bytes, int offset, int length) {
		int size = (length < 0) ? bytes.length : length;
		ByteBuf buffer = Unpooled.buffer(size + 1);
		buffer.writeByte(channel);
		buffer.writeBytes(bytes, offset, size);
		return new BinaryWebSocketFrame(buffer);
	}

	/** stdin as the handler reads it: blocks until the client sends data or closes the stream. */
	private static final class QueueInputStream extends InputStream {

		private static final byte[] EOF = new byte[0];

		private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

		private byte @Nullable [] current;

		private int position;

		private boolean closed;

		void offer(byte[] data) {
			if (data.length > 0) {
				this.queue.add(data);
			}
		}

		@Override
		public void close() {
			this.queue.add(EOF);
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public synchronized int read(byte[] target, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			while (this.current == null || this.position >= this.current.length) {
				if (this.closed) {
					return -1;
				}
				try {
					this.current = this.queue.take();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted while reading stdin", ex);
				}
				this.position = 0;
				if (this.current == EOF) {
					this.closed = true;
					return -1;
				}
			}
			int n = Math.min(length, this.current.length - this.position);
			System.arraycopy(this.current, this.position, target, offset, n);
			this.position += n;
			return n;
		}

	}

	private record Call(String namespace, String pod, String container, List<String> command, boolean tty,
			InputStream stdin, PrintStream stdout, PrintStream stderr) implements ExecCall {
	}

}
