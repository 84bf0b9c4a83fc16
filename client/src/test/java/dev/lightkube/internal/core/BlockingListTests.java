package dev.lightkube.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A lazy list left early cancels its request: on {@code close()}, and without it once the iterator is no longer
 * reachable (a {@code break}, an exception in the loop body, an iterable dropped half-read).
 */
class BlockingListTests {

	private final AtomicInteger cancelled = new AtomicInteger();

	private final AtomicInteger subscribed = new AtomicInteger();

	// An endless list, as one whose body is still arriving: only a cancel ends it.
	private BlockingList<String> endless() {
		return new BlockingList<>(() -> {
			this.subscribed.incrementAndGet();
			return new Endless();
		});
	}

	private class Endless implements Iterator<ListElement<String>>, AutoCloseable {

		private int next;

		@Override
		public boolean hasNext() {
			return true;
		}

		@Override
		public ListElement<String> next() {
			return new ListElement.Item<>("item-" + this.next++);
		}

		@Override
		public void close() {
			BlockingListTests.this.cancelled.incrementAndGet();
		}

	}

	@Test
	void aListThatFailsIsClosedAndItsErrorThrown() {
		KubeException broken = new KubeException("Cannot decode an item of the answer to list pods as Pod: broken");
		BlockingList<String> list = new BlockingList<>(() -> new Endless() {
			@Override
			public ListElement<String> next() {
				throw broken;
			}
		});
		assertThatExceptionOfType(KubeException.class).isThrownBy(() -> list.iterator().hasNext()).isSameAs(broken);
		assertThat(this.cancelled).hasValue(1);
		// already closed: closing the list does not close it twice
		list.close();
		assertThat(this.cancelled).hasValue(1);
	}

	@Test
	void closeCancelsTheList() {
		BlockingList<String> list = endless();
		assertThat(list.iterator().next()).isEqualTo("item-0");
		list.close();
		assertThat(this.cancelled).hasValue(1);
	}

	@Test
	void breakingOutOfTheLoopCancelsTheListOnceTheIteratorIsCollected() {
		BlockingList<String> list = endless();
		readFirstAndBreak(list);
		assertThat(this.subscribed).hasValue(1);
		await(() -> this.cancelled.get() == 1);
	}

	@Test
	void anExceptionInTheLoopBodyCancelsTheListOnceTheIteratorIsCollected() {
		BlockingList<String> list = endless();
		try {
			throwInLoopBody(list);
		}
		catch (IllegalStateException expected) {
			// the loop body failed
		}
		await(() -> this.cancelled.get() == 1);
	}

	@Test
	void aDroppedIterableIsCancelledOnceCollected() {
		dropHalfRead(endless());
		await(() -> this.cancelled.get() == 1);
	}

	@Test
	void aReachableIteratorIsNotCancelled() {
		BlockingList<String> list = endless();
		var iterator = list.iterator();
		iterator.next();
		System.gc();
		assertThat(this.cancelled).hasValue(0);
		assertThat(iterator.next()).isEqualTo("item-1");
		list.close();
	}

	// The helpers return before the test waits, so that nothing on the test's stack keeps the iterator reachable.
	private static void readFirstAndBreak(BlockingList<String> list) {
		for (String item : list) {
			assertThat(item).isEqualTo("item-0");
			break;
		}
	}

	private static void throwInLoopBody(BlockingList<String> list) {
		for (String item : list) {
			throw new IllegalStateException("failed on " + item);
		}
	}

	private static void dropHalfRead(BlockingList<String> list) {
		var iterator = list.iterator();
		iterator.next();
		iterator.next();
	}

	private static void await(BooleanSupplier condition) {
		// The limit is only a safety net; the test waits for the condition, not for a time. It waits for a collection
		// (an unreachable list being cleaned), so it asks for one on every poll.
		Awaitility.await("the condition").atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20)).until(() -> {
				System.gc();
				return condition.getAsBoolean();
			});
	}

}
