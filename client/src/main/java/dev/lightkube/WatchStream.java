package dev.lightkube;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The events of a blocking {@code watch}, as they arrive: iterate (once) or {@link #stream()}, and close it (from any
 * thread) to stop the watch and release its connection; an iteration waiting for the next event then ends. Lightkube's
 * watch iterator, made closeable.
 *
 * <p>The event loop only reads the stream and cuts it into lines; each event is decoded on the thread that iterates,
 * when it asks for it. A consumer that does not keep up makes the client read at most 32 network buffers ahead
 * (their lines held as bytes; the events one socket read brought share a buffer, so at most about 2 MiB), then stop
 * reading the connection until the consumer catches up; such a pause is not taken for a dead connection.
 * The iterating thread is woken only when it waits and an event arrives; events that arrived while it was busy are
 * taken without waiting.
 *
 * @param <T> the object type
 */
public final class WatchStream<T> implements Iterable<WatchEvent<T>>, AutoCloseable {

	private final Stream<WatchEvent<T>> events;

	WatchStream(Stream<WatchEvent<T>> events) {
		this.events = events;
	}

	/** The events; blocks in {@code hasNext()} until the next one arrives. */
	@Override
	public Iterator<WatchEvent<T>> iterator() {
		return this.events.iterator();
	}

	/** The events as a stream; closing it stops the watch. */
	public Stream<WatchEvent<T>> stream() {
		return this.events;
	}

	/** Stops the watch and closes its connection; from any thread, also while another one waits for an event. */
	@Override
	public void close() {
		this.events.close();
	}

}
