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
 * <p>Immutable; start from {@link #of(String...)} (or {@link #defaults()} / {@link #inNamespace(String)} and
 * {@link #withCommand(String...)}) and use the {@code with*} methods. lightkube's parameters: {@code command} is
 * {@link #withCommand(String...)}, {@code namespace} {@link #withNamespace(String)}, {@code container}
 * {@link #withContainer(String)}, {@code stdin} {@link #withStdin(String)} (or {@code byte[]}, or
 * {@code InputStream}), {@code stdout=<stream>}/{@code stderr=<stream>} {@link #withStdout(OutputStream)}/
 * {@link #withStderr(OutputStream)} ({@code True} is the default here, {@code False} a null stream),
 * {@code decode} {@link #withCharset(Charset)} and {@link #withDecode(boolean)}, {@code raise_on_error}
 * {@link #withRaiseOnError(boolean)} (on by default here, off in lightkube: a failed command should not pass
 * silently), {@code timeout} {@link #withTimeout(Duration)}.
 *
 * <p>Options holding an {@link InputStream} or {@link OutputStream} are meant for one call: the streams are read
 * and written, never closed.
 *
 * <p>The end of stdin reaches the command only on servers that speak {@code v5.channel.k8s.io} (Kubernetes 1.30
 * and later). An older server gets the data but no end, so a command that reads stdin to its end (such as
 * {@code cat}) keeps running: give such calls a {@link #withTimeout(Duration) timeout}.
 */
public final class ExecOptions {

	private static final ExecOptions DEFAULTS = new ExecOptions(List.of(), null, null, null, null, null, null, null,
			StandardCharsets.UTF_8, true, true, null);

	private final List<String> command;

	private final @Nullable String namespace;

	private final @Nullable String container;

	private final byte @Nullable [] stdinBytes;

	private final @Nullable String stdinText;

	private final @Nullable InputStream stdinStream;

	private final @Nullable OutputStream stdout;

	private final @Nullable OutputStream stderr;

	private final Charset charset;

	private final boolean decode;

	private final boolean raiseOnError;

	private final @Nullable Duration timeout;

	private ExecOptions(List<String> command, @Nullable String namespace, @Nullable String container,
			byte @Nullable [] stdinBytes, @Nullable String stdinText, @Nullable InputStream stdinStream,
			@Nullable OutputStream stdout, @Nullable OutputStream stderr, Charset charset, boolean decode,
			boolean raiseOnError, @Nullable Duration timeout) {
		this.command = command;
		this.namespace = namespace;
		this.container = container;
		this.stdinBytes = stdinBytes;
		this.stdinText = stdinText;
		this.stdinStream = stdinStream;
		this.stdout = stdout;
		this.stderr = stderr;
		this.charset = charset;
		this.decode = decode;
		this.raiseOnError = raiseOnError;
		this.timeout = timeout;
	}

	/** No command yet (name one with {@link #withCommand(String...)}), every other option at its default. */
	public static ExecOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace; name the command with {@link #withCommand(String...)}. */
	public static ExecOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** Options that run {@code command} (the program followed by its arguments), every other option at its default. */
	public static ExecOptions of(String... command) {
		return DEFAULTS.withCommand(command);
	}

	/** The program and its arguments; empty until one is named ({@code exec} refuses empty options). */
	public List<String> command() {
		return this.command;
	}

	/** The pod's namespace, or {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The container to run in, or {@code null} for the pod's only or default container. */
	public @Nullable String container() {
		return this.container;
	}

	/** Whether anything is sent to the command's stdin. */
	public boolean hasStdin() {
		return this.stdinBytes != null || this.stdinText != null || this.stdinStream != null;
	}

	/** The data to send to stdin, or {@code null} when stdin is not attached. */
	public @Nullable InputStream stdin() {
		if (this.stdinText != null) {
			return new ByteArrayInputStream(this.stdinText.getBytes(this.charset));
		}
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

	/** Whether a non-zero exit code raises an {@link ExecException} (default {@code true}). */
	public boolean raiseOnError() {
		return this.raiseOnError;
	}

	/** The longest the whole call may take, or {@code null} for no limit. */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/** A copy that runs {@code command}: the program followed by its arguments. */
	public ExecOptions withCommand(String... command) {
		Objects.requireNonNull(command, "command must not be null");
		return withCommand(Arrays.asList(command));
	}

	/** A copy that runs {@code command}: the program followed by its arguments. */
	public ExecOptions withCommand(List<String> command) {
		Objects.requireNonNull(command, "command must not be null");
		List<String> copy = new ArrayList<>(command.size());
		for (int i = 0; i < command.size(); i++) {
			String argument = command.get(i);
			if (argument == null) {
				throw new IllegalArgumentException("command[" + i + "] must not be null");
			}
			copy.add(argument);
		}
		if (copy.isEmpty()) {
			throw new IllegalArgumentException("command must not be empty: name the program to run");
		}
		if (copy.get(0).isEmpty()) {
			throw new IllegalArgumentException("command[0] (the program) must not be empty");
		}
		return new ExecOptions(List.copyOf(copy), this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy in another namespace ({@code null}: the client's). */
	public ExecOptions withNamespace(@Nullable String namespace) {
		if (namespace != null && namespace.isBlank()) {
			throw new IllegalArgumentException("namespace must not be empty (use null for the client's)");
		}
		return new ExecOptions(this.command, namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that runs in another container ({@code null}: the pod's only or default container). */
	public ExecOptions withContainer(@Nullable String container) {
		if (container != null && container.isEmpty()) {
			throw new IllegalArgumentException("container must not be empty (use null for the default container)");
		}
		return new ExecOptions(this.command, this.namespace, container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that sends {@code stdin}, encoded with the {@link #withCharset(Charset) charset}, then closes stdin. */
	public ExecOptions withStdin(String stdin) {
		Objects.requireNonNull(stdin, "stdin must not be null");
		// Encoded when read, so the order of withStdin(String) and withCharset(...) does not matter.
		return new ExecOptions(this.command, this.namespace, this.container, null, stdin, null, this.stdout,
				this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that sends {@code stdin}, then closes stdin. */
	public ExecOptions withStdin(byte[] stdin) {
		Objects.requireNonNull(stdin, "stdin must not be null");
		return new ExecOptions(this.command, this.namespace, this.container, stdin.clone(), null, null, this.stdout,
				this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that streams {@code stdin} in chunks until its end, then closes the command's stdin (not the stream). */
	public ExecOptions withStdin(InputStream stdin) {
		Objects.requireNonNull(stdin, "stdin must not be null");
		return new ExecOptions(this.command, this.namespace, this.container, null, null, stdin, this.stdout,
				this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that writes stdout to {@code stdout} as it arrives instead of capturing it; the stream is not closed. */
	public ExecOptions withStdout(OutputStream stdout) {
		Objects.requireNonNull(stdout, "stdout must not be null");
		return new ExecOptions(this.command, this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, stdout, this.stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that writes stderr to {@code stderr} as it arrives instead of capturing it; the stream is not closed. */
	public ExecOptions withStderr(OutputStream stderr) {
		Objects.requireNonNull(stderr, "stderr must not be null");
		return new ExecOptions(this.command, this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, stderr, this.charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy with another charset for captured output and a {@code String} stdin; UTF-8 by default. */
	public ExecOptions withCharset(Charset charset) {
		Objects.requireNonNull(charset, "charset must not be null");
		return new ExecOptions(this.command, this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, charset, this.decode, this.raiseOnError, this.timeout);
	}

	/** A copy that decodes captured output into strings, or keeps raw bytes ({@code false}); default {@code true}. */
	public ExecOptions withDecode(boolean decode) {
		return new ExecOptions(this.command, this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, this.charset, decode, this.raiseOnError, this.timeout);
	}

	/** A copy that raises an {@link ExecException} on a non-zero exit code (default), or not. */
	public ExecOptions withRaiseOnError(boolean raiseOnError) {
		return new ExecOptions(this.command, this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, this.charset, this.decode, raiseOnError, this.timeout);
	}

	/** A copy with the longest the whole call may take (connecting included); {@code null} for no limit. */
	public ExecOptions withTimeout(@Nullable Duration timeout) {
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		return new ExecOptions(this.command, this.namespace, this.container, this.stdinBytes, this.stdinText,
				this.stdinStream, this.stdout, this.stderr, this.charset, this.decode, this.raiseOnError, timeout);
	}

	@Override
	public String toString() {
		// Neither the arguments nor stdin are shown: either may carry a secret.
		String stdin = (this.stdinBytes != null) ? this.stdinBytes.length + " bytes"
				: (this.stdinText != null) ? "text" : (this.stdinStream != null) ? "stream" : "none";
		String program = this.command.isEmpty() ? null : this.command.get(0);
		return "ExecOptions[program=" + program + ", arguments=" + Math.max(0, this.command.size() - 1)
				+ ", namespace=" + this.namespace + ", container=" + this.container + ", stdin=" + stdin + ", stdout="
				+ sink(this.stdout) + ", stderr=" + sink(this.stderr) + ", charset=" + this.charset + ", decode="
				+ this.decode + ", raiseOnError=" + this.raiseOnError + ", timeout=" + this.timeout + "]";
	}

	private static String sink(@Nullable OutputStream stream) {
		return (stream != null) ? "stream" : "captured";
	}

}
