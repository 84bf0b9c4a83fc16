package dev.lightkube;

import io.fabric8.kubernetes.api.model.Status;
import org.jspecify.annotations.Nullable;

/**
 * A command run in a pod failed: it exited with a non-zero code (and {@link ExecOptions#raiseOnError()} was set),
 * the server reported a failure on the error channel, the call timed out, or the connection failed. A refused
 * handshake (such as 403 or 404) is an {@link ApiException} instead.
 */
public class ExecException extends KubeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Integer exitCode;

	private final @Nullable String stderrTail;

	private final transient @Nullable Status status;

	/** A failure described by {@code message} alone. */
	public ExecException(String message) {
		this(message, null, null, null, null);
	}

	/** A failure described by {@code message}, caused by {@code cause}. */
	public ExecException(String message, @Nullable Throwable cause) {
		this(message, null, null, null, cause);
	}

	/**
	 * A failure of the command itself or reported by the server.
	 * @param message what went wrong, naming the pod and program
	 * @param exitCode the command's exit code, or {@code null} when it has none
	 * @param stderrTail the last part of the command's stderr, or {@code null} when there was none
	 * @param status the {@code Status} the server sent on the error channel, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 */
	public ExecException(String message, @Nullable Integer exitCode, @Nullable String stderrTail,
			@Nullable Status status, @Nullable Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
		this.stderrTail = stderrTail;
		this.status = status;
	}

	/** The command's exit code, or {@code null} when the command did not exit with one. */
	public @Nullable Integer exitCode() {
		return this.exitCode;
	}

	/** The last few KiB of the command's stderr, or {@code null} when it wrote none. */
	public @Nullable String stderrTail() {
		return this.stderrTail;
	}

	/** The {@code Status} the server sent on the error channel, or {@code null}. */
	public @Nullable Status status() {
		return this.status;
	}

}
