package dev.lightkube.observation;

/**
 * Told what watches do, to count it: events received, restarts, relists and watches open. The client calls it on
 * the thread that decodes the stream, so implementations must be quick and thread-safe. {@link #NOOP} by default.
 */
public interface WatchObserver {

	/** Observes nothing. */
	WatchObserver NOOP = new WatchObserver() {
	};

	/** A watch of {@code resource} (plural, such as {@code pods}) was subscribed to. */
	default void watchStarted(String resource) {
	}

	/** A watch of {@code resource} ended for good (cancelled, completed or failed). */
	default void watchStopped(String resource) {
	}

	/** An event was received; {@code type} is ADDED, MODIFIED, DELETED, BOOKMARK or ERROR. */
	default void eventReceived(String resource, String type) {
	}

	/**
	 * The watch request was sent again; {@code reason} is low-cardinality: {@code ended} (the server closed the stream),
	 * {@code gone} (410, started again without a resource version), {@code error} (transport or server error).
	 */
	default void watchRestarted(String resource, String reason) {
	}

	/** The objects were listed again (after a 410, by a listener that keeps state). */
	default void relisted(String resource) {
	}

}
