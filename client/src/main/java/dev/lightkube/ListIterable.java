package dev.lightkube;

import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The result of a blocking {@code list}: items are fetched page by page and (with a lazy client) decoded one by one
 * while iterating. Each iteration lists again. Close it (or the {@link #stream()}) to stop an iteration early.
 *
 * @param <T> the item type
 */
public interface ListIterable<T> extends Iterable<T>, AutoCloseable {

	/** The list's resource version; {@code null} until an iteration has started and the server sent it. */
	@Nullable String resourceVersion();

	/** The items as a stream; closing it stops the listing. */
	Stream<T> stream();

	/** Stops the iterations in progress and releases their connections. */
	@Override
	void close();

}
