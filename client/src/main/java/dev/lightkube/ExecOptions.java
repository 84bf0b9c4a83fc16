package dev.lightkube;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to run in a pod and how to connect its streams: lightkube's {@code exec} parameters as an immutable value.
 *
 * <p>By default stdout and stderr are captured into the {@link ExecResponse} and decoded as UTF-8, no stdin is
 * sent, a non-zero exit code raises an {@link ExecException} and there is no overall timeout. To discard a stream,
 * pass {@link OutputStream#nullOutputStream()}.
 *
 * <p>lightkube's parameters: {@code command} is {@link #builder(String...)}, {@code container}
 * {@link Builder#container(String)}, {@code stdin} {@link Builder#stdin(String)} (or {@code byte[]}, or
 * {@code InputStream}), {@code stdout=<stream>}/{@code stderr=<stream>} {@link Builder#stdout(OutputStream)}/
 * {@link Builder#stderr(OutputStream)} ({@code True} is the default here, {@code False} a null stream),
 * {@code decode} {@link Builder#charset(Charset)} and {@link Builder#decode(boolean)}, {@code raise_on_error}
 * {@link Builder#raiseOnError(boolean)} (on by default here, off in lightkube), {@code timeout}
 * {@link Builder#timeout(Duration)}.
 *
 * <p>Options holding an {@link InputStream} or {@link OutputStream} are meant for one call: the streams are read
 * and written, never closed.
 *
 * <p>The end of stdin reaches the command only on servers that speak {@code v5.channel.k8s.io} (Kubernetes 1.30
 * and later). An older server gets the data but no end, so a command that reads stdin to its end (such as
 * {@code cat}) keeps running: give such calls a {@link Builder#timeout(Duration) timeout}.
 */
public final class ExecOptions {

	private final List<String> command;

	private final @Nullable String container;

	private final byte @Nullable [] stdinBytes;

	private final @Nullable InputStream stdinStream;

	private final @Nullable OutputStream stdout;

	private final @Nullable OutputStream stderr;

	private final Charset charset;

	private final boolean decode;

	private final boolean raiseOnError;

	private final @Nullable Duration timeout;

	private ExecOptions(Builder builder) {
		this.command = List.copyOf(builder.command);
		this.container = builder.container;
		this.stdinBytes = builder.stdinBytes;
		this.stdinStream = builder.stdinStream;
		this.stdout = builder.stdout;
		this.stderr = builder.stderr;
		this.charset = builder.charset;
		this.decode = builder.decode;
		this.raiseOnError = builder.raiseOnError;
		this.timeout = builder.timeout;
	}

	/** Options that run {@code command} with every other option at its default. */
	public static ExecOptions of(String... command) {
		return builder(command).build();
	}

	/** A builder that runs {@code command} (the program followed by its arguments). */
	public static Builder builder(String... command) {
		return new Builder().command(command);
	}

	/** A builder that runs {@code command} (the program followed by its arguments). */
	public static Builder builder(List<String> command) {
		return new Builder().command(command);
	}

	/** A builder holding a copy of these options. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** The program and its arguments, never empty. */
	public List<String> command() {
		return this.command;
	}

	/** The container to run in, or {@code null} for the pod's only or default container. */
	public @Nullable String container() {
		return this.container;
	}

	/** Whether anything is sent to the command's stdin. */
	public boolean hasStdin() {
		return this.stdinBytes != null || this.stdinStream != null;
	}

	/** The data to send to stdin, or {@code null} when stdin is not attached. */
	public @Nullable InputStream stdin() {
		if (this.stdinBytes != null) {
			return new ByteArrayInputStream(this.stdinBytes);
		}
		return this.stdinStream;
	}

	/** Where stdout is written as it arrives, or {@code null} to capture it into the response. */
	public @Nullable OutputStream stdout() {
		return this.stdout;
	}

	/** Where stderr is written as it arrives, or {@code null} to capture it into the response. */
	public @Nullable OutputStream stderr() {
		return this.stderr;
	}

	/** The charset of captured output and of a {@code String} stdin. */
	public Charset charset() {
		return this.charset;
	}

	/** Whether captured output is decoded into strings ({@code false}: raw bytes). */
	public boolean decode() {
		return this.decode;
	}

	/** Whether a non-zero exit code raises an {@link ExecException}. */
	public boolean raiseOnError() {
		return this.raiseOnError;
	}

	/** The longest the whole call may take, or {@code null} for no limit. */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	@Override
	public String toString() {
		// Neither the arguments nor stdin are shown: either may carry a secret.
		String stdin = (this.stdinBytes != null) ? this.stdinBytes.length + " bytes"
				: (this.stdinStream != null) ? "stream" : "none";
		return "ExecOptions[program=" + this.command.get(0) + ", arguments=" + (this.command.size() - 1)
				+ ", container=" + this.container + ", stdin=" + stdin + ", stdout=" + sink(this.stdout)
				+ ", stderr=" + sink(this.stderr) + ", charset=" + this.charset + ", decode=" + this.decode
				+ ", raiseOnError=" + this.raiseOnError + ", timeout=" + this.timeout + "]";
	}

	private static String sink(@Nullable OutputStream stream) {
		return (stream != null) ? "stream" : "captured";
	}

	/** Builds {@link ExecOptions}; every setter checks its argument, {@link #build()} checks the whole. */
	public static final class Builder {

		private List<String> command = List.of();

		private @Nullable String container;

		private byte @Nullable [] stdinBytes;

		private @Nullable String pendingStdinText;

		private @Nullable InputStream stdinStream;

		private @Nullable OutputStream stdout;

		private @Nullable OutputStream stderr;

		private Charset charset = StandardCharsets.UTF_8;

		private boolean decode = true;

		private boolean raiseOnError = true;

		private @Nullable Duration timeout;

		private Builder() {
		}

		private Builder(ExecOptions options) {
			this.command = options.command;
			this.container = options.container;
			this.stdinBytes = options.stdinBytes;
			this.stdinStream = options.stdinStream;
			this.stdout = options.stdout;
			this.stderr = options.stderr;
			this.charset = options.charset;
			this.decode = options.decode;
			this.raiseOnError = options.raiseOnError;
			this.timeout = options.timeout;
		}

		/** The program followed by its arguments. */
		public Builder command(String... command) {
			Objects.requireNonNull(command, "command must not be null");
			return command(Arrays.asList(command));
		}

		/** The program followed by its arguments. */
		public Builder command(List<String> command) {
			Objects.requireNonNull(command, "command must not be null");
			List<String> copy = new ArrayList<>(command.size());
			for (int i = 0; i < command.size(); i++) {
				String argument = command.get(i);
				if (argument == null) {
					throw new IllegalArgumentException("command[" + i + "] must not be null");
				}
				copy.add(argument);
			}
			if (!copy.isEmpty() && copy.get(0).isEmpty()) {
				throw new IllegalArgumentException("command[0] (the program) must not be empty");
			}
			this.command = copy;
			return this;
		}

		/** The container to run in; {@code null} for the pod's only or default container. */
		public Builder container(@Nullable String container) {
			if (container != null && container.isEmpty()) {
				throw new IllegalArgumentException("container must not be empty (use null for the default container)");
			}
			this.container = container;
			return this;
		}

		/** Sends {@code stdin}, encoded with the {@link #charset(Charset) charset}, then closes stdin. */
		public Builder stdin(String stdin) {
			Objects.requireNonNull(stdin, "stdin must not be null");
			// Encoded in build(), so the order of stdin(String) and charset(...) does not matter.
			this.stdinBytes = null;
			this.stdinStream = null;
			this.pendingStdinText = stdin;
			return this;
		}

		/** Sends {@code stdin}, then closes stdin. */
		public Builder stdin(byte[] stdin) {
			Objects.requireNonNull(stdin, "stdin must not be null");
			this.stdinBytes = stdin.clone();
			this.stdinStream = null;
			this.pendingStdinText = null;
			return this;
		}

		/** Streams {@code stdin} in chunks until its end, then closes the command's stdin; the stream is not closed. */
		public Builder stdin(InputStream stdin) {
			Objects.requireNonNull(stdin, "stdin must not be null");
			this.stdinStream = stdin;
			this.stdinBytes = null;
			this.pendingStdinText = null;
			return this;
		}

		/** Writes stdout to {@code stdout} as it arrives instead of capturing it; the stream is not closed. */
		public Builder stdout(OutputStream stdout) {
			this.stdout = Objects.requireNonNull(stdout, "stdout must not be null");
			return this;
		}

		/** Writes stderr to {@code stderr} as it arrives instead of capturing it; the stream is not closed. */
		public Builder stderr(OutputStream stderr) {
			this.stderr = Objects.requireNonNull(stderr, "stderr must not be null");
			return this;
		}

		/** The charset of captured output and of a {@code String} stdin; UTF-8 by default. */
		public Builder charset(Charset charset) {
			this.charset = Objects.requireNonNull(charset, "charset must not be null");
			return this;
		}

		/** Whether captured output is decoded into strings; {@code false} keeps raw bytes. Default {@code true}. */
		public Builder decode(boolean decode) {
			this.decode = decode;
			return this;
		}

		/** Whether a non-zero exit code raises an {@link ExecException}; default {@code true}. */
		public Builder raiseOnError(boolean raiseOnError) {
			this.raiseOnError = raiseOnError;
			return this;
		}

		/** The longest the whole call may take (connecting included); {@code null} for no limit. */
		public Builder timeout(@Nullable Duration timeout) {
			if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
				throw new IllegalArgumentException("timeout must be positive, was " + timeout);
			}
			this.timeout = timeout;
			return this;
		}

		/** The options; fails when no command was given. */
		public ExecOptions build() {
			if (this.command.isEmpty()) {
				throw new IllegalStateException("command must not be empty: name the program to run");
			}
			if (this.pendingStdinText != null) {
				this.stdinBytes = this.pendingStdinText.getBytes(this.charset);
			}
			return new ExecOptions(this);
		}

	}

}
