package dev.lightkube.informer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler's queue and thread (client-go's {@code processorListener}): changes are delivered in order, one at a
 * time, on a thread of its own, so a slow handler holds up only its own queue. A full queue makes
 * {@link #enqueue} wait: back-pressure instead of unbounded memory or dropped changes.
 */
final class HandlerWorker<T> implements SharedInformer.Registration {

	private static final Logger logger = LoggerFactory.getLogger(HandlerWorker.class);

	private final ResourceEventHandler<T> handler;

	private final BlockingQueue<Notification<T>> queue;

	private final Thread thread;

	private final Runnable onClose;

	private volatile boolean stopped;

	HandlerWorker(ResourceEventHandler<T> handler, int capacity, ThreadFactory threadFactory, Runnable onClose) {
		this.handler = handler;
		this.queue = new LinkedBlockingQueue<>(capacity);
		this.onClose = onClose;
		this.thread = threadFactory.newThread(this::run);
	}

	void start() {
		this.thread.start();
	}

	/** Queues a change, waiting while the queue is full; returns at once once the worker is stopped. */
	void enqueue(Notification<T> notification) {
		try {
			while (!this.stopped) {
				if (this.queue.offer(notification, 100, TimeUnit.MILLISECONDS)) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops the thread; changes still queued are dropped. */
	void stop() {
		this.stopped = true;
		this.queue.clear();
		this.thread.interrupt();
	}

	@Override
	public void close() {
		this.onClose.run();
	}

	@Override
	public int queued() {
		return this.queue.size();
	}

	private void run() {
		while (!this.stopped) {
			Notification<T> notification;
			try {
				notification = this.queue.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			try {
				switch (notification.kind()) {
					case ADD -> this.handler.onAdd(notification.object());
					case UPDATE -> this.handler.onUpdate(notification.old(), notification.object());
					case DELETE -> this.handler.onDelete(notification.object());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Informer handler {} failed on {} of {}; delivering the next change", this.handler,
						notification.kind(), describe(notification.object()), ex);
			}
		}
	}

	private static String describe(Object object) {
		return (object instanceof io.fabric8.kubernetes.api.model.HasMetadata resource)
				? InformerCache.keyOf(resource) : object.getClass().getSimpleName();
	}

	/** One change for a handler. */
	record Notification<T>(Kind kind, @Nullable T old, T object) {

		static <T> Notification<T> add(T object) {
			return new Notification<>(Kind.ADD, null, object);
		}

		static <T> Notification<T> update(T old, T object) {
			return new Notification<>(Kind.UPDATE, old, object);
		}

		static <T> Notification<T> delete(T object) {
			return new Notification<>(Kind.DELETE, null, object);
		}

		enum Kind {
			ADD, UPDATE, DELETE
		}

	}

}
