package dev.lightkube.internal.core;

import dev.lightkube.ListIterable;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * {@link ListIterable} over a list's elements read on the iterating thread: each iteration reads the list again,
 * remembers its resource version, and hands out the items.
 *
 * <p>An iteration holds a connection until its list ends. One left early without {@link #close()} (a {@code break},
 * an exception in the loop body, an iterator or iterable dropped) gives its connection back once the iterator is
 * garbage collected: a {@link Cleaner} cancels the request then.
 *
 * @param <T> the item type
 */
public final class BlockingList<T> implements ListIterable<T> {

	private static final Cleaner CLEANER = Cleaner.create();

	private final Supplier<? extends Iterator<ListElement<T>>> lists;

	private final Queue<Iterator<?>> open = new ConcurrentLinkedQueue<>();

	private volatile @Nullable String resourceVersion;

	/**
	 * @param lists reads the list once more, for one iteration; an iterator that is {@link AutoCloseable} is closed
	 *     when its iteration ends early
	 */
	public BlockingList(Supplier<? extends Iterator<ListElement<T>>> lists) {
		this.lists = lists;
	}

	@Override
	public @Nullable String resourceVersion() {
		return this.resourceVersion;
	}

	@Override
	public Iterator<T> iterator() {
		Iterator<ListElement<T>> elements = this.lists.get();
		this.open.add(elements);
		Iterator<T> items = new Iterator<>() {

			private @Nullable T next;

			// The first page's metadata gives this iteration's resource version.
			private boolean metaSeen;

			@Override
			public boolean hasNext() {
				try {
					while (this.next == null && elements.hasNext()) {
						ListElement<T> element = elements.next();
						if (element instanceof ListElement.Item<T> item) {
							this.next = item.item();
						}
						else if (element instanceof ListElement.Meta<T> meta && !this.metaSeen) {
							this.metaSeen = true;
							resourceVersion = meta.metadata().getResourceVersion();
						}
					}
				}
				catch (RuntimeException ex) {
					// A list that failed (an item that cannot be decoded, a lost connection) is over: its request is
					// cancelled rather than left open behind an iterator nobody will finish.
					closeOpen(open, elements);
					throw ex;
				}
				if (this.next == null) {
					open.remove(elements);
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
		// The action holds the elements and the queue, never the iterator, or the iterator would never be collected.
		Queue<Iterator<?>> open = this.open;
		CLEANER.register(items, () -> closeOpen(open, elements));
		return items;
	}

	private static void closeOpen(Queue<Iterator<?>> open, Iterator<?> elements) {
		if (open.remove(elements)) {
			close(elements);
		}
	}

	private static void close(Iterator<?> elements) {
		if (elements instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Closing cancels a request; there is nothing the caller could do about a failure to.
			}
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
		Iterator<?> elements;
		while ((elements = this.open.poll()) != null) {
			close(elements);
		}
	}

}
