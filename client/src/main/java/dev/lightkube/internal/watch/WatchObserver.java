package dev.lightkube.internal.watch;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hooks for metrics and tests: what the engine does between streams. Methods run on the engine's thread and must
 * return quickly; all do nothing by default.
 */
public interface WatchObserver {

	/** Does nothing. */
	WatchObserver NONE = new WatchObserver() {
	};

	/** A watch request is about to be sent. */
	default void opening(WatchQuery query) {
	}

	/**
	 * The watch will be opened again after {@code delay} because of {@code reason}.
	 * @param reason the failure, or {@code null} after a clean end of the stream
	 * @param attempt failures in a row (0 after a clean end)
	 * @param delay the wait before the next request
	 * @param withoutVersion whether the next request drops the resource version (after {@code 410 Gone}, or before
	 * a safe resume point was known)
	 */
	default void retrying(@Nullable Throwable reason, int attempt, Duration delay,
			boolean withoutVersion) {
	}

}
