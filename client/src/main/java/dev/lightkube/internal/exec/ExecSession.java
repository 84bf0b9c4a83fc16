package dev.lightkube.internal.exec;

import dev.lightkube.ExecException;
import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exec call on an open WebSocket: sends stdin, sorts the frames that arrive by channel and turns the error
 * channel's {@code Status} into the result.
 *
 * <p>Channel protocol (Kubernetes {@code remotecommand}): every binary frame starts with its channel byte, 0 stdin,
 * 1 stdout, 2 stderr, 3 error (one {@code Status} document), 4 resize. {@code v5.channel.k8s.io} adds the frame
 * {@code 255, channel} that closes a channel, which is how stdin's end reaches the command; {@code v4} has no way
 * to say so, so a command that reads stdin to its end does not end there.
 */
final class ExecSession implements WebSocketHandler {

	static final String V5 = "v5.channel.k8s.io";

	static final String V4 = "v4.channel.k8s.io";

	/** In order of preference: the server picks the first one it supports. */
	static final List<String> SUBPROTOCOLS = List.of(V5, V4);

	static final int STDIN = 0;

	static final int STDOUT = 1;

	static final int STDERR = 2;

	static final int ERROR = 3;

	static final int CLOSE = 255;

	/** Bytes of stdin per frame, as kubectl's copy buffer. */
	static final int STDIN_CHUNK = 32 * 1024;

	private static final int STDERR_TAIL = 4 * 1024;

	private static final int MESSAGE_TAIL = 512;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ExecOptions options;

	private final String description;

	private final @Nullable ByteArrayOutputStream capturedStdout;

	private final @Nullable ByteArrayOutputStream capturedStderr;

	private final OutputStream stdout;

	private final OutputStream stderr;

	private final Tail stderrTail = new Tail(STDERR_TAIL);

	private final ByteArrayOutputStream status = new ByteArrayOutputStream();

	ExecSession(ExecOptions options, String description) {
		this.options = options;
		this.description = description;
		this.capturedStdout = (options.stdout() == null) ? new ByteArrayOutputStream() : null;
		this.capturedStderr = (options.stderr() == null) ? new ByteArrayOutputStream() : null;
		this.stdout = (this.capturedStdout != null) ? this.capturedStdout : options.stdout();
		this.stderr = (this.capturedStderr != null) ? this.capturedStderr : options.stderr();
	}

	@Override
	public List<String> getSubProtocols() {
		return SUBPROTOCOLS;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		// Payloads are copied at once (Reactor Netty releases a frame after delivering it); the user's streams are
		// then written off the event loop, since they may block.
		Mono<Void> output = session.receive()
			.filter((message) -> message.getType() == WebSocketMessage.Type.BINARY
					|| message.getType() == WebSocketMessage.Type.TEXT)
			.map((message) -> bytes(message.getPayload()))
			.publishOn(Schedulers.boundedElastic())
			.doOnNext(this::accept)
			.then(Mono.fromRunnable(this::flush));
		InputStream stdin = this.options.stdin();
		if (stdin == null) {
			return output;
		}
		Flux<byte[]> frames = stdinFrames(stdin);
		// Netty's handshake has already refused a server that chose none of SUBPROTOCOLS.
		if (V5.equals(session.getHandshakeInfo().getSubProtocol())) {
			frames = frames.concatWith(Mono.just(new byte[] { (byte) CLOSE, STDIN }));
		}
		Mono<Void> input = session.send(frames.map((frame) -> session.binaryMessage((factory) -> factory.wrap(frame))));
		// The exec ends when the server closes the socket after the exit status, whether or not stdin was all
		// sent; only a failure to read stdin ends it early.
		return Mono.firstWithSignal(output, input.then(Mono.never()));
	}

	private Flux<byte[]> stdinFrames(InputStream stdin) {
		return Flux.<byte[]>generate((sink) -> {
			byte[] buffer = new byte[STDIN_CHUNK + 1];
			buffer[0] = STDIN;
			try {
				// read, not readNBytes: what is available now is sent now, so interactive input is not held back.
				int read = stdin.read(buffer, 1, STDIN_CHUNK);
				if (read < 0) {
					sink.complete();
				}
				else {
					sink.next(Arrays.copyOf(buffer, read + 1));
				}
			}
			catch (IOException ex) {
				sink.error(new ExecException(this.description + ": reading stdin failed: " + ex.getMessage(), ex));
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private void accept(byte[] frame) {
		if (frame.length == 0) {
			return;
		}
		switch (frame[0] & 0xFF) {
			case STDOUT -> write(this.stdout, frame, "stdout");
			case STDERR -> {
				write(this.stderr, frame, "stderr");
				this.stderrTail.append(frame, 1, frame.length - 1);
			}
			case ERROR -> this.status.write(frame, 1, frame.length - 1);
			default -> {
				// stdin echoes, resize and channel-close frames carry nothing the caller needs.
			}
		}
	}

	private void write(OutputStream stream, byte[] frame, String name) {
		try {
			stream.write(frame, 1, frame.length - 1);
		}
		catch (IOException ex) {
			throw new ExecException(this.description + ": writing " + name + " failed: " + ex.getMessage(), ex);
		}
	}

	private void flush() {
		try {
			this.stdout.flush();
			this.stderr.flush();
		}
		catch (IOException ex) {
			throw new ExecException(this.description + ": flushing output failed: " + ex.getMessage(), ex);
		}
	}

	/** The outcome, once the server has closed the socket. */
	ExecResponse result() {
		String tail = this.stderrTail.isEmpty() ? null : this.stderrTail.toString(this.options.charset());
		byte[] raw = this.status.toByteArray();
		if (raw.length == 0) {
			throw new ExecException(this.description + ": the connection closed before the exit status arrived", null,
					tail, null, null);
		}
		Status status = readStatus(raw);
		if (status == null) {
			throw new ExecException(this.description + ": the error channel carried no Status: "
					+ abbreviate(new String(raw, this.options.charset())), null, tail, null, null);
		}
		if ("Success".equals(status.getStatus())) {
			return response(0);
		}
		Integer exitCode = exitCode(status);
		if (exitCode == null) {
			String reason = (status.getReason() != null) ? " (" + status.getReason() + ")" : "";
			throw new ExecException(this.description + " failed" + reason + ": " + status.getMessage(), null, tail,
					status, null);
		}
		if (this.options.raiseOnError()) {
			// The server's message repeats the arguments, which may hold secrets: say it in our words.
			String message = this.description + " exited with code " + exitCode;
			if (tail != null) {
				message += "; stderr ends with: " + abbreviate(tail.strip());
			}
			throw new ExecException(message, exitCode, tail, status, null);
		}
		return response(exitCode);
	}

	private ExecResponse response(int exitCode) {
		return new ExecResponse((this.capturedStdout != null) ? this.capturedStdout.toByteArray() : null,
				(this.capturedStderr != null) ? this.capturedStderr.toByteArray() : null, exitCode,
				this.options.decode() ? this.options.charset() : null);
	}

	/** The exit code of a {@code NonZeroExitCode} failure, from its {@code ExitCode} cause. */
	static @Nullable Integer exitCode(Status status) {
		if (!"NonZeroExitCode".equals(status.getReason()) || status.getDetails() == null
				|| status.getDetails().getCauses() == null) {
			return null;
		}
		for (StatusCause cause : status.getDetails().getCauses()) {
			if ("ExitCode".equals(cause.getReason()) && cause.getMessage() != null) {
				try {
					return Integer.parseInt(cause.getMessage().strip());
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
		}
		return null;
	}

	/** The {@code Status} in {@code json}, or {@code null} when it is not one. */
	static @Nullable Status readStatus(byte[] json) {
		if (json.length == 0) {
			return null;
		}
		try {
			Status status = JSON.readValue(json, Status.class);
			return (status.getStatus() != null || status.getCode() != null) ? status : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The last {@value #MESSAGE_TAIL} characters of {@code text}, for a message. */
	static String abbreviate(String text) {
		return (text.length() <= MESSAGE_TAIL) ? text : "..." + text.substring(text.length() - MESSAGE_TAIL);
	}

	private static byte[] bytes(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		return bytes;
	}

	/** The last bytes written to it, at most a fixed number. */
	private static final class Tail {

		private final byte[] ring;

		private long written;

		Tail(int capacity) {
			this.ring = new byte[capacity];
		}

		void append(byte[] bytes, int offset, int length) {
			// Only the last ring.length bytes can survive: skip the rest, then copy in at most two pieces.
			int skip = Math.max(0, length - this.ring.length);
			this.written += skip;
			int from = offset + skip;
			int remaining = length - skip;
			while (remaining > 0) {
				int position = (int) (this.written % this.ring.length);
				int count = Math.min(remaining, this.ring.length - position);
				System.arraycopy(bytes, from, this.ring, position, count);
				this.written += count;
				from += count;
				remaining -= count;
			}
		}

		boolean isEmpty() {
			return this.written == 0;
		}

		String toString(Charset charset) {
			int size = (int) Math.min(this.written, this.ring.length);
			byte[] bytes = new byte[size];
			int start = (int) ((this.written - size) % this.ring.length);
			for (int i = 0; i < size; i++) {
				bytes[i] = this.ring[(start + i) % this.ring.length];
			}
			return new String(bytes, charset);
		}

	}

}
