package dev.lightkube.internal.core;

import dev.lightkube.ListIterable;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * {@link ListIterable} over the reactive list's elements: blocks on them, decodes items still encoded on the
 * iterating thread, remembers the resource version.
 *
 * <p>An iteration holds a connection until its list ends. One left early without {@link #close()} (a {@code break},
 * an exception in the loop body, an iterator or iterable dropped) gives its connection back once the iterator is
 * garbage collected: a {@link Cleaner} cancels the request then.
 *
 * @param <T> the item type
 */
public final class BlockingList<T> implements ListIterable<T> {

	private static final Cleaner CLEANER = Cleaner.create();

	private final Flux<ListElement<T>> elements;

	private final int batchSize;

	private final Queue<Stream<?>> open = new ConcurrentLinkedQueue<>();

	private volatile @Nullable String resourceVersion;

	/**
	 * @param elements the list elements (each subscription lists again)
	 * @param batchSize how many elements to request ahead
	 */
	public BlockingList(Flux<ListElement<T>> elements, int batchSize) {
		this.elements = elements;
		this.batchSize = batchSize;
	}

	@Override
	public @Nullable String resourceVersion() {
		return this.resourceVersion;
	}

	@Override
	public Iterator<T> iterator() {
		Stream<ListElement<T>> source = this.elements.toStream(this.batchSize);
		this.open.add(source);
		Iterator<ListElement<T>> iterator = source.iterator();
		Iterator<T> items = new Iterator<>() {

			private @Nullable T next;

			// The first page's metadata gives this iteration's resource version.
			private boolean metaSeen;

			@Override
			public boolean hasNext() {
				while (this.next == null && iterator.hasNext()) {
					ListElement<T> element = iterator.next();
					if (element instanceof ListElement.Encoded<T> encoded) {
						this.next = decode(encoded, source);
					}
					else if (element instanceof ListElement.Item<T> item) {
						this.next = item.item();
					}
					else if (element instanceof ListElement.Meta<T> meta && !this.metaSeen) {
						this.metaSeen = true;
						resourceVersion = meta.metadata().getResourceVersion();
					}
				}
				if (this.next == null) {
					open.remove(source);
				}
				return this.next != null;
			}

			@Override
			public T next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				T result = this.next;
				this.next = null;
				return result;
			}

		};
		// The action holds the stream and the queue, never the iterator, or the iterator would never be collected.
		Queue<Stream<?>> open = this.open;
		CLEANER.register(items, () -> {
			if (open.remove(source)) {
				source.close();
			}
		});
		return items;
	}

	// An item that cannot be decoded ends the list, as a decoding failure on the event loop does: the request is
	// cancelled rather than left open behind an iterator nobody will finish.
	private T decode(ListElement.Encoded<T> encoded, Stream<?> source) {
		try {
			return encoded.decode();
		}
		catch (RuntimeException ex) {
			this.open.remove(source);
			source.close();
			throw ex;
		}
	}

	@Override
	public Stream<T> stream() {
		Iterator<T> iterator = iterator();
		return StreamSupport.stream(spliterator(iterator), false).onClose(this::close);
	}

	private static <T> java.util.Spliterator<T> spliterator(Iterator<T> iterator) {
		return java.util.Spliterators.spliteratorUnknownSize(iterator, java.util.Spliterator.ORDERED);
	}

	@Override
	public void close() {
		Stream<?> stream;
		while ((stream = this.open.poll()) != null) {
			stream.close();
		}
	}

}
