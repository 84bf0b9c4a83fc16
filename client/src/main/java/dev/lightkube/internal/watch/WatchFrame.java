package dev.lightkube.internal.watch;

import dev.lightkube.EventType;

/** One decoded line of a watch stream. */
sealed interface WatchFrame<T> {

	/** An {@code ADDED}, {@code MODIFIED} or {@code DELETED} event. */
	record Change<T>(EventType type, T object) implements WatchFrame<T> {
	}

	/** A {@code BOOKMARK}: only its resource version matters. */
	record Bookmark<T>(String resourceVersion) implements WatchFrame<T> {
	}

	/** An {@code ERROR} event or a line that could not be decoded; ends the stream. */
	record Failure<T>(RuntimeException error) implements WatchFrame<T> {
	}

}
