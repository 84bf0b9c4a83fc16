package dev.lightkube;

/**
 * The kind of change a {@link WatchEvent} reports.
 *
 * <p>{@link #ADDED}, {@link #MODIFIED} and {@link #DELETED} are the changes. The server's {@code BOOKMARK} events
 * only move the watch's resume point and its {@code ERROR} events become an {@link ApiException} handed to the watch's
 * {@link WatchErrorHandler}. {@link #INITIAL_EVENTS_END} reaches only a watch that asked for it with
 * {@link WatchOptions#withInitialEventsEndEvent(boolean)}.
 */
public enum EventType {

	/** The object was created, or is part of the current state sent when a watch starts without a resource version. */
	ADDED,

	/** The object was changed. */
	MODIFIED,

	/** The object was deleted; the event carries its last state. */
	DELETED,

	/**
	 * Not a change: the end of the initial events of a WatchList ({@link WatchOptions#withInitialEvents()}), the
	 * server's bookmark annotated {@code k8s.io/initial-events-end: "true"}. Every object that existed at its resource
	 * version was delivered as {@link #ADDED} before it; changes follow. Its object carries only metadata (that
	 * resource version and the annotation). Delivered only with {@link WatchOptions#withInitialEventsEndEvent(boolean)},
	 * once per start (again after the watch had to start over, for example after {@code 410 Gone}).
	 */
	INITIAL_EVENTS_END

}
