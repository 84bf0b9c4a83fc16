package dev.lightkube;

import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a command run in a pod: its exit code and the stdout and stderr that were captured (a stream
 * written to an {@code OutputStream} given in {@link ExecOptions} is not captured).
 */
public final class ExecResponse {

	private final byte @Nullable [] stdout;

	private final byte @Nullable [] stderr;

	private final int exitCode;

	private final @Nullable Charset charset;

	/**
	 * @param stdout the captured stdout, or {@code null} when it was not captured
	 * @param stderr the captured stderr, or {@code null} when it was not captured
	 * @param exitCode the command's exit code
	 * @param charset the charset to decode the output with, or {@code null} when it stays raw bytes
	 */
	public ExecResponse(byte @Nullable [] stdout, byte @Nullable [] stderr, int exitCode, @Nullable Charset charset) {
		this.stdout = (stdout != null) ? stdout.clone() : null;
		this.stderr = (stderr != null) ? stderr.clone() : null;
		this.exitCode = exitCode;
		this.charset = charset;
	}

	/** The decoded stdout, or {@code null} when it was not captured; fails when output was kept raw. */
	public @Nullable String stdout() {
		return decoded(this.stdout, "stdout");
	}

	/** The raw stdout, or {@code null} when it was not captured. */
	public byte @Nullable [] stdoutBytes() {
		return (this.stdout != null) ? this.stdout.clone() : null;
	}

	/** The decoded stderr, or {@code null} when it was not captured; fails when output was kept raw. */
	public @Nullable String stderr() {
		return decoded(this.stderr, "stderr");
	}

	/** The raw stderr, or {@code null} when it was not captured. */
	public byte @Nullable [] stderrBytes() {
		return (this.stderr != null) ? this.stderr.clone() : null;
	}

	/** The command's exit code ({@code 0} on success). */
	public int exitCode() {
		return this.exitCode;
	}

	private @Nullable String decoded(byte @Nullable [] bytes, String name) {
		if (bytes == null) {
			return null;
		}
		if (this.charset == null) {
			throw new IllegalStateException(
					name + " was captured as raw bytes (decode=false): use " + name + "Bytes()");
		}
		return new String(bytes, this.charset);
	}

	@Override
	public String toString() {
		// Sizes only: the output may carry secrets.
		return "ExecResponse[exitCode=" + this.exitCode + ", stdout=" + size(this.stdout) + ", stderr="
				+ size(this.stderr) + "]";
	}

	private static String size(byte @Nullable [] bytes) {
		return (bytes != null) ? bytes.length + " bytes" : "not captured";
	}

}
