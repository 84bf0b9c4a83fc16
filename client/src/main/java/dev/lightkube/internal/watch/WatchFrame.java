package dev.lightkube.internal.watch;

import dev.lightkube.EventType;
import org.jspecify.annotations.Nullable;

/** One decoded line of a watch stream. */
sealed interface WatchFrame<T> {

	/** An {@code ADDED}, {@code MODIFIED} or {@code DELETED} event. */
	record Change<T>(EventType type, T object) implements WatchFrame<T> {
	}

	/**
	 * A {@code BOOKMARK}: its resource version, and whether it carries the annotation
	 * {@code k8s.io/initial-events-end: "true"} (the end of the initial events of a WatchList). For that one, the
	 * bookmark's object (only metadata) decoded as the watched type, so that it can be delivered as an event.
	 */
	record Bookmark<T>(String resourceVersion, boolean initialEventsEnd, @Nullable T object) implements WatchFrame<T> {

		/** An ordinary bookmark. */
		Bookmark(String resourceVersion) {
			this(resourceVersion, false, null);
		}

	}

	/** An {@code ERROR} event or a line that could not be decoded; ends the stream. */
	record Failure<T>(RuntimeException error) implements WatchFrame<T> {
	}

}
