package dev.lightkube;

/**
 * The kind of change a {@link WatchEvent} reports.
 *
 * <p>Only these three reach a consumer. The server's {@code BOOKMARK} events only move the watch's resume point
 * and its {@code ERROR} events become an {@link ApiException} handed to the watch's {@link WatchErrorHandler}.
 */
public enum EventType {

	/** The object was created, or is part of the current state sent when a watch starts without a resource version. */
	ADDED,

	/** The object was changed. */
	MODIFIED,

	/** The object was deleted; the event carries its last state. */
	DELETED

}
