package dev.lightkube;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a watch does after an error, as decided by a {@link WatchErrorHandler} (lightkube's {@code OnErrorResult}).
 *
 * @param kind raise the error, stop quietly, or watch again
 * @param delay for {@link Kind#RETRY}: how long to wait first; {@code null} means the watch's exponential backoff
 */
public record WatchErrorAction(Kind kind, @Nullable Duration delay) {

	private static final WatchErrorAction RAISE = new WatchErrorAction(Kind.RAISE, null);

	private static final WatchErrorAction STOP = new WatchErrorAction(Kind.STOP, null);

	private static final WatchErrorAction RETRY = new WatchErrorAction(Kind.RETRY, null);

	/** Checks that a delay is given only to a retry and is not negative. */
	public WatchErrorAction {
		Objects.requireNonNull(kind, "kind must not be null");
		if (delay != null && kind != Kind.RETRY) {
			throw new IllegalArgumentException("delay is only meaningful for RETRY, not " + kind);
		}
		if (delay != null && delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative: " + delay);
		}
	}

	/** End the watch with the error (the consumer receives it). */
	public static WatchErrorAction raise() {
		return RAISE;
	}

	/** End the watch normally, dropping the error. */
	public static WatchErrorAction stop() {
		return STOP;
	}

	/** Watch again after the watch's exponential backoff (and never before a server's {@code Retry-After}). */
	public static WatchErrorAction retry() {
		return RETRY;
	}

	/** Watch again after {@code delay} (and never before a server's {@code Retry-After}). */
	public static WatchErrorAction retry(Duration delay) {
		return new WatchErrorAction(Kind.RETRY, Objects.requireNonNull(delay, "delay must not be null"));
	}

	/** The three possible decisions (lightkube's {@code OnErrorAction}). */
	public enum Kind {

		/** End the watch with the error. */
		RAISE,

		/** End the watch normally. */
		STOP,

		/** Watch again from the last resource version (without one after a {@code 410 Gone}). */
		RETRY

	}

}
