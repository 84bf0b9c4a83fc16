package dev.lightkube;

/**
 * Decides what a watch does after an error (lightkube's {@code on_error}).
 *
 * <p>The handler sees API errors ({@link ApiException}, including {@code ERROR} events from the stream and
 * {@code 410 Gone}), connection failures during the stream and decoding errors. A few faults are absorbed by the
 * watch before they reach the handler, a bounded number of times in a row: a stream that ends cleanly (the watch
 * resumes), a connection that stays silent past the read-idle timeout, a transport failure before the stream
 * started, a {@code 429}/{@code 5xx} answer with {@code Retry-After}, and a stream that closes at once without
 * events (each retried with backoff). When they keep failing, the handler sees them too.
 *
 * <p>After a {@code 410 Gone} a retry starts without a resource version: the server re-sends the current state
 * as {@code ADDED} events flagged {@link WatchEvent#resync()}; the expired version is never asked for again.
 */
@FunctionalInterface
public interface WatchErrorHandler {

	/**
	 * Decides what to do.
	 * @param error what went wrong
	 * @param attempt how many failures happened in a row, starting at 1 (the count resets after a healthy period)
	 * @return the decision
	 */
	WatchErrorAction onError(Throwable error, int attempt);

	/** Ends the watch with every error (the default, as lightkube's {@code on_error_raise}). */
	static WatchErrorHandler raise() {
		return (error, attempt) -> WatchErrorAction.raise();
	}

	/** Ends the watch quietly on any error (lightkube's {@code on_error_stop}). */
	static WatchErrorHandler stop() {
		return (error, attempt) -> WatchErrorAction.stop();
	}

	/** Watches again after each error, with exponential backoff and jitter (lightkube's {@code on_error_retry}). */
	static WatchErrorHandler retry() {
		return (error, attempt) -> WatchErrorAction.retry();
	}

}
