package dev.lightkube;

import java.util.Objects;

/**
 * One change seen by a watch: its type and the object after the change (for {@link EventType#DELETED}, the
 * object's last state).
 *
 * <p>{@code resync} is {@code true} for the {@code ADDED} events of a watch that had to start again without a
 * resource version after it had already delivered events: because the stored resource version expired
 * ({@code 410 Gone}, handled by retrying) or because the stream ended before a safe resume point was known.
 * Such events describe the current state, not changes: objects seen before may appear again, and objects the
 * consumer knew that are not among them were deleted while the watch was away. The flag stays on until the first
 * {@code MODIFIED} or {@code DELETED} event or server bookmark, after which the stream is in order again.
 *
 * @param type the kind of change
 * @param object the object
 * @param resync whether this event re-describes the current state after a restart (see above)
 * @param <T> the object type
 */
public record WatchEvent<T>(EventType type, T object, boolean resync) {

	/** Checks that type and object are present. */
	public WatchEvent {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(object, "object must not be null");
	}

	/** An ordinary event, not part of a resync. */
	public WatchEvent(EventType type, T object) {
		this(type, object, false);
	}

}
