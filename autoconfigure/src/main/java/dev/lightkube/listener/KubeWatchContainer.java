package dev.lightkube.listener;

import dev.lightkube.EventType;
import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.informer.InformerStatusListener;
import dev.lightkube.informer.ResourceEventHandler;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.internal.retry.FailurePolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code @KubeWatch} listener as a handler of a {@link SharedInformer} that listeners (and other users) of
 * the same kind, namespace, selectors and transform share: one list, one watch and one cache for all of them. The
 * informer delivers first every cached object as ADDED, then each change; after a 410 it lists again and delivers
 * only the difference. Each listener has its own thread and its own bounded queue (the informer's handler queue:
 * when it is full, the informer waits for this listener, so nothing is lost and memory stays bounded), its own
 * event-type filter, error handler, metrics and state in health.
 *
 * @param <T> the resource type
 */
public final class KubeWatchContainer<T extends HasMetadata> {

	private static final Logger logger = LoggerFactory.getLogger(KubeWatchContainer.class);

	private final String id;

	private final SharedInformer<T> informer;

	private final ListenerInvoker<T> invoker;

	private final Set<EventType> events;

	private final KubeWatchErrorHandler errorHandler;

	private final ContainerSettings settings;

	private final ListenerMetrics metrics;

	private final Clock clock;

	private final ObjectCache<T> cache;

	private final AtomicLong restarts = new AtomicLong();

	private final AtomicLong relists = new AtomicLong();

	private final AtomicLong delivered = new AtomicLong();

	/** Held while the listener method runs: {@link #stop()} waits for it. */
	private final ReentrantLock delivering = new ReentrantLock();

	private volatile ListenerState state = ListenerState.STOPPED;

	private volatile @Nullable Instant unhealthySince;

	private volatile @Nullable Instant lastEventTime;

	private volatile @Nullable String lastError;

	/** The current run: its handler and status registrations; {@code null} when stopped. */
	private volatile @Nullable Run run;

	private ListenerThreadFactory threadFactory = ListenerThreadFactory.PLATFORM;

	KubeWatchContainer(String id, SharedInformer<T> informer, ListenerInvoker<T> invoker, Set<EventType> events,
			KubeWatchErrorHandler errorHandler, ContainerSettings settings, ListenerMetrics metrics, Clock clock) {
		this.id = id;
		this.informer = informer;
		this.invoker = invoker;
		this.events = Set.copyOf(events);
		this.errorHandler = errorHandler;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.cache = new ObjectCache<>(informer.cache());
		metrics.registered(id, this::queued);
	}

	/** Where the listener's delivery thread comes from; takes effect at the next {@link #start()}. */
	synchronized void setThreadFactory(ListenerThreadFactory threadFactory) {
		this.threadFactory = threadFactory;
	}

	/** The listener's id. */
	public String getId() {
		return this.id;
	}

	/**
	 * The current objects, read-only: a view of the shared informer's cache, which may be ahead of what this
	 * listener has been delivered so far.
	 */
	public ObjectCache<T> getCache() {
		return this.cache;
	}

	/** The shared informer this listener is a handler of. */
	public SharedInformer<T> getInformer() {
		return this.informer;
	}

	/** Where the listener is in its life. */
	public ListenerState getState() {
		return this.state;
	}

	public boolean isRunning() {
		return this.run != null;
	}

	/**
	 * Adds the listener to its informer (starting the informer if needed): it receives the cached objects as ADDED,
	 * then every change, on its own thread.
	 */
	public synchronized void start() {
		if (this.run != null) {
			return;
		}
		this.state = ListenerState.STARTING;
		this.unhealthySince = null;
		Run started = new Run();
		this.run = started;
		ListenerThreadFactory threads = this.threadFactory;
		// Status first: an informer that is synced already says so at once, before the cache arrives as ADDED.
		started.status = this.informer.addStatusListener(started);
		try {
			started.handler = this.informer.addHandler(started, this.settings.queueCapacity(),
					(task) -> threads.newThread(this.id, task));
			this.informer.start();
		}
		catch (RuntimeException ex) {
			// The informer is closed (the context is closing): the listener stays stopped.
			started.active = false;
			started.status.close();
			if (started.handler != null) {
				started.handler.close();
			}
			this.run = null;
			this.state = ListenerState.STOPPED;
			throw ex;
		}
	}

	/**
	 * Removes the listener from its informer (the shared watch goes on for the others); the delivery in progress
	 * finishes first, within the shutdown timeout.
	 */
	public void stop() {
		Run stopping;
		synchronized (this) {
			stopping = this.run;
			if (stopping == null) {
				return;
			}
			this.run = null;
			stopping.active = false;
			this.state = ListenerState.STOPPED;
		}
		Objects.requireNonNull(stopping.status).close();
		try {
			if (this.delivering.tryLock(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				this.delivering.unlock();
			}
			else {
				logger.warn("Listener '{}' did not finish its delivery within {}", this.id,
						this.settings.shutdownTimeout());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// Drops what is still queued for this listener and ends its thread.
		Objects.requireNonNull(stopping.handler).close();
	}

	private int queued() {
		Run current = this.run;
		return (current != null && current.handler != null) ? current.handler.queued() : 0;
	}

	/** A snapshot of the listener's state for health details. */
	public Map<String, Object> describe() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("resource", this.informer.type().plural());
		details.put("state", this.state.name());
		details.put("objects", this.informer.cache().size());
		details.put("delivered", this.delivered.get());
		details.put("restarts", this.restarts.get());
		details.put("relists", this.relists.get());
		if (this.lastEventTime != null) {
			details.put("lastEventTime", this.lastEventTime.toString());
		}
		if (this.lastError != null) {
			details.put("lastError", this.lastError);
		}
		return details;
	}

	/** Whether the listener has been failing to reconnect for longer than the configured time. */
	public boolean isUnhealthy() {
		Instant since = this.unhealthySince;
		if (this.state == ListenerState.FAILED) {
			return true;
		}
		return since != null
				&& Duration.between(since, this.clock.instant()).compareTo(this.settings.unhealthyAfter()) > 0;
	}

	private void healthy() {
		this.state = ListenerState.WATCHING;
		this.unhealthySince = null;
	}

	private void failed(Throwable failure) {
		if (FailurePolicy.isGone(failure)) {
			// The resource version expired: the informer lists again at once and delivers the difference.
			this.relists.incrementAndGet();
			this.metrics.relisted(this.id);
			return;
		}
		this.restarts.incrementAndGet();
		this.metrics.restarted(this.id);
		this.state = ListenerState.RECONNECTING;
		this.lastError = describe(failure);
		if (this.unhealthySince == null) {
			this.unhealthySince = this.clock.instant();
		}
		if (isUnhealthy()) {
			// Past lightkube.watch.unhealthy-after: the health is DOWN, and the log says so at the same level.
			logger.warn("Listener '{}' ({}) has been failing since {}: {}; its informer keeps trying", this.id,
					this.informer.type().plural(), this.unhealthySince, this.lastError);
		}
		else {
			logger.info("Listener '{}' ({}) failed: {}; its informer tries again", this.id,
					this.informer.type().plural(), this.lastError);
		}
	}

	private void stopped(Throwable failure) {
		this.state = ListenerState.FAILED;
		this.lastError = describe(failure);
		logger.error("Listener '{}' ({}) stopped: {}", this.id, this.informer.type().plural(), this.lastError);
	}

	private void deliver(Run from, EventType type, T object) {
		if (!from.active) {
			return;
		}
		this.lastEventTime = this.clock.instant();
		if (!this.events.contains(type)) {
			return;
		}
		this.delivering.lock();
		try {
			if (!from.active) {
				return;
			}
			WatchEvent<T> event = new WatchEvent<>(type, object);
			long start = System.nanoTime();
			try {
				this.invoker.invoke(event);
				this.delivered.incrementAndGet();
				this.metrics.delivered(this.id, type, System.nanoTime() - start);
			}
			catch (Throwable ex) {
				this.metrics.failed(this.id, type);
				try {
					this.errorHandler.handle(this.id, event, ex);
				}
				catch (Throwable handlerFailure) {
					logger.error("Error handler of listener '{}' failed", this.id, handlerFailure);
				}
			}
		}
		finally {
			this.delivering.unlock();
		}
	}

	private static String describe(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	@Override
	public String toString() {
		return "KubeWatchContainer[" + this.id + ", " + this.informer.type().plural() + ", " + this.state + "]";
	}

	/**
	 * One start of the listener: its handler on the informer and its status listener. Callbacks of a run that was
	 * stopped are ignored, so a late one cannot revive the state of a stopped listener.
	 */
	private final class Run implements ResourceEventHandler<T>, InformerStatusListener {

		private volatile boolean active = true;

		private volatile SharedInformer.@Nullable Registration handler;

		private volatile SharedInformer.@Nullable Registration status;

		@Override
		public void onAdd(T object) {
			deliver(this, EventType.ADDED, object);
		}

		@Override
		public void onUpdate(T oldObject, T newObject) {
			deliver(this, EventType.MODIFIED, newObject);
		}

		@Override
		public void onDelete(T lastObject) {
			deliver(this, EventType.DELETED, lastObject);
		}

		@Override
		public void onFailure(Throwable failure) {
			if (this.active) {
				failed(failure);
			}
		}

		@Override
		public void onHealthy() {
			if (this.active) {
				healthy();
			}
		}

		@Override
		public void onStopped(Throwable failure) {
			if (this.active) {
				stopped(failure);
			}
		}

		@Override
		public String toString() {
			return "listener '" + KubeWatchContainer.this.id + "'";
		}

	}

	/**
	 * The tunables of listener containers. The back-off of the shared watch is the client's
	 * ({@code lightkube.watch.initial-backoff}, {@code max-backoff}).
	 *
	 * @param queueCapacity changes queued for one listener before its informer waits for it
	 * @param unhealthyAfter how long a listener may fail to reconnect before it counts as unhealthy
	 * @param shutdownTimeout longest wait, on stop, for the event being delivered
	 * @param transform the transform of listeners that ask for {@link KubeWatch.Transform#DEFAULT}
	 * @param watchList whether the listeners' informers start with a WatchList (falling back to LIST then WATCH
	 * where the server does not speak it) instead of LIST then WATCH
	 */
	public record ContainerSettings(int queueCapacity, Duration unhealthyAfter, Duration shutdownTimeout,
			KubeWatch.Transform transform, boolean watchList) {

		public ContainerSettings {
			if (queueCapacity < 1) {
				throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
			}
			Objects.requireNonNull(transform, "transform must not be null");
			if (transform == KubeWatch.Transform.DEFAULT) {
				throw new IllegalArgumentException("the default transform must be NONE or DROP_MANAGED_FIELDS");
			}
		}

		/** Settings with no transform by default, whose informers start with a WatchList. */
		public ContainerSettings(int queueCapacity, Duration unhealthyAfter, Duration shutdownTimeout) {
			this(queueCapacity, unhealthyAfter, shutdownTimeout, KubeWatch.Transform.NONE, true);
		}

	}

	/** Calls the listener method. */
	@FunctionalInterface
	interface ListenerInvoker<T> {

		void invoke(WatchEvent<T> event) throws Exception;

	}

}
