package dev.lightkube.internal.watch;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * Hands the events of a watch to one blocking consumer: the thin blocking side of {@link WatchEngine#events()}, used
 * by {@code KubeClient.watch}.
 *
 * <p>Demand is one event, asked for as the consumer takes the one before (as {@code toStream(1)} does): the request
 * runs the engine's drain on the consumer's thread, which decodes the next event from the lines the engine has read
 * ahead (up to {@link WatchEngine#READ_AHEAD_BUFFERS} buffers), so events that arrived while the consumer was busy are
 * taken without waiting. The consumer parks only when nothing has arrived, and the producer wakes it only then
 * (Reactor's {@code toStream} takes a lock and signals a condition for every element). A larger demand would make the
 * event loop decode whatever arrives while the consumer is busy, which is what the blocking watch avoids (measured:
 * {@code toStream(256)} moved most decoding to the event loop and woke the consumer for almost every event).
 *
 * <p>Closing the stream from any thread cancels the watch and ends a waiting consumer's iteration quietly (with
 * {@code toStream} such a consumer kept waiting); an error reaches the consumer after the events before it, as
 * thrown by the engine; an interrupted consumer cancels the watch and gets Reactor's {@code ReactiveException}
 * around the {@link InterruptedException}, as from {@code toStream}.
 *
 * @param <T> the element type
 */
public final class WatchHandoff<T> implements CoreSubscriber<T>, Iterator<T> {

	/** Events asked for at a time: one, so that the consumer's request decodes it (see the class comment). */
	private static final int DEMAND = 1;

	@SuppressWarnings("rawtypes")
	private static final AtomicReferenceFieldUpdater<WatchHandoff, Subscription> SUBSCRIPTION = AtomicReferenceFieldUpdater
		.newUpdater(WatchHandoff.class, Subscription.class, "subscription");

	private final Queue<T> queue = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Subscription subscription;

	private volatile boolean done;

	private @Nullable Throwable error;

	private volatile boolean cancelled;

	/** The consumer while it is parked, so that the producer knows whom to wake. */
	private volatile @Nullable Thread waiter;

	/** How often the consumer parked (for tests). */
	volatile long parks;

	/** How often the producer woke the consumer (for tests). */
	volatile long wakes;

	private WatchHandoff() {
	}

	/**
	 * Subscribes to the events now and returns them as a blocking stream; closing the stream (from any thread) cancels
	 * the subscription and ends the iteration quietly.
	 * @param events the events
	 * @param <T> the element type
	 * @return the blocking stream
	 */
	public static <T> Stream<T> stream(Flux<T> events) {
		return subscribe(events).stream();
	}

	Stream<T> stream() {
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, 0), false).onClose(this::cancel);
	}

	static <T> WatchHandoff<T> subscribe(Flux<T> events) {
		WatchHandoff<T> handoff = new WatchHandoff<>();
		events.subscribe(handoff);
		return handoff;
	}

	@Override
	public void onSubscribe(Subscription s) {
		// asked for at once, as toStream does: the watch starts reading before the first hasNext()
		if (Operators.setOnce(SUBSCRIPTION, this, s)) {
			s.request(DEMAND);
		}
	}

	@Override
	public void onNext(T element) {
		if (this.cancelled) {
			return;
		}
		this.queue.offer(element);
		wake();
	}

	@Override
	public void onError(Throwable t) {
		this.error = t;
		this.done = true;
		wake();
	}

	@Override
	public void onComplete() {
		this.done = true;
		wake();
	}

	private void wake() {
		// The queue's offer is a full fence, so either the consumer sees the element or this sees the waiter.
		Thread parked = this.waiter;
		if (parked != null) {
			this.wakes++;
			LockSupport.unpark(parked);
		}
	}

	/** Stops the upstream and ends the iteration, from any thread. */
	void cancel() {
		this.cancelled = true;
		Operators.terminate(SUBSCRIPTION, this);
		this.queue.clear();
		wake();
	}

	/** Whether the consumer is parked waiting for an element (for tests). */
	boolean parked() {
		return this.waiter != null;
	}

	@Override
	public boolean hasNext() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException(
					"Iterating over a watch blocks, which is not supported in thread " + Thread.currentThread().getName());
		}
		for (;;) {
			if (this.cancelled) {
				return false;
			}
			boolean finished = this.done;
			if (!this.queue.isEmpty()) {
				return true;
			}
			if (finished) {
				Throwable failure = this.error;
				if (failure != null) {
					throw Exceptions.propagate(failure);
				}
				return false;
			}
			this.waiter = Thread.currentThread();
			if (this.queue.isEmpty() && !this.done && !this.cancelled) {
				this.parks++;
				LockSupport.park(this);
			}
			this.waiter = null;
			if (Thread.interrupted()) {
				cancel();
				throw Exceptions.propagate(new InterruptedException());
			}
		}
	}

	@Override
	public T next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		T element = this.queue.poll();
		if (element == null) {
			throw new NoSuchElementException("the watch was closed");
		}
		// Asked for before the element is handed out, so that it is decoded (or on its way) while the caller works.
		Subscription s = this.subscription;
		if (s != null) {
			s.request(DEMAND);
		}
		return element;
	}

}
