package dev.lightkube.internal.watch;

import dev.lightkube.WatchErrorHandler;

/**
 * A {@link WatchErrorHandler} for a component that reports the watch's health, such as a listener container. The
 * engine absorbs no failure for it (so the first failure is visible at once) and tells it when the watch makes
 * progress again. Its decisions follow the one failure policy ({@link dev.lightkube.internal.retry.FailurePolicy}).
 */
public interface WatchSupervisor extends WatchErrorHandler {

	/** The watch delivered a new version (an event or a bookmark) after being opened or resumed. */
	void progressed();

}
