package dev.lightkube.listener;

import dev.lightkube.EventType;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchEvent;
import dev.lightkube.internal.retry.Backoff;
import dev.lightkube.internal.retry.FailurePolicy;
import dev.lightkube.internal.watch.WatchSupervisor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs one {@code @KubeWatch} listener like a client-go informer: list and deliver every object as ADDED, watch from
 * the list's resource version, resume after failures from the last resource version, and after a 410 list again
 * and deliver only the difference. Deliveries run in order on the listener's own thread, behind a bounded queue
 * whose back-pressure reaches the network.
 *
 * @param <T> the resource type
 */
public final class KubeWatchContainer<T extends HasMetadata> {

	private static final Logger logger = LoggerFactory.getLogger(KubeWatchContainer.class);

	private final String id;

	private final ListWatchSource<T> source;

	private final ListenerInvoker<T> invoker;

	private final Set<EventType> events;

	private final KubeWatchErrorHandler errorHandler;

	private final ContainerSettings settings;

	private final ListenerMetrics metrics;

	private final Clock clock;

	private final Map<String, T> known = new ConcurrentHashMap<>();

	private final ObjectCache<T> cache = new ObjectCache<>(this.known);

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong restarts = new AtomicLong();

	private final AtomicLong relists = new AtomicLong();

	private final AtomicLong delivered = new AtomicLong();

	private volatile ListenerState state = ListenerState.STOPPED;

	private volatile @Nullable Instant unhealthySince;

	private volatile @Nullable Instant lastEventTime;

	private volatile @Nullable String lastError;

	private @Nullable Disposable subscription;

	private @Nullable ExecutorService executor;

	private ListenerThreadFactory threadFactory = ListenerThreadFactory.PLATFORM;

	KubeWatchContainer(String id, ListWatchSource<T> source, ListenerInvoker<T> invoker, Set<EventType> events,
			KubeWatchErrorHandler errorHandler, ContainerSettings settings, ListenerMetrics metrics, Clock clock) {
		this.id = id;
		this.source = source;
		this.invoker = invoker;
		this.events = Set.copyOf(events);
		this.errorHandler = errorHandler;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		metrics.registered(id, this.queued::get);
	}

	/** Where the listener's delivery thread comes from; takes effect at the next {@link #start()}. */
	synchronized void setThreadFactory(ListenerThreadFactory threadFactory) {
		this.threadFactory = threadFactory;
	}

	/** The listener's id. */
	public String getId() {
		return this.id;
	}

	/** The objects this listener last saw, read-only. */
	public ObjectCache<T> getCache() {
		return this.cache;
	}

	/** Where the listener is in its life. */
	public ListenerState getState() {
		return this.state;
	}

	public synchronized boolean isRunning() {
		return this.subscription != null;
	}

	/** Lists, then watches; deliveries start on the listener's own thread. */
	public synchronized void start() {
		if (this.subscription != null) {
			return;
		}
		ExecutorService executor = Executors
			.newSingleThreadExecutor((runnable) -> this.threadFactory.newThread(this.id, runnable));
		// A plain thread, not a Reactor non-blocking one: listener methods may call the blocking client. Not
		// fromExecutorService: that interrupts the delivery in progress when the subscription is cancelled.
		Scheduler scheduler = Schedulers.fromExecutor(executor::execute);
		this.executor = executor;
		this.known.clear();
		this.state = ListenerState.STARTING;
		this.unhealthySince = null;
		this.subscription = informer().doOnNext((event) -> this.queued.incrementAndGet())
			.publishOn(scheduler, this.settings.queueCapacity())
			.subscribe(this::deliver, this::failed);
	}

	/** Stops watching; a delivery in progress finishes first. */
	public void stop() {
		ExecutorService executor;
		synchronized (this) {
			if (this.subscription == null) {
				return;
			}
			this.subscription.dispose();
			this.subscription = null;
			executor = this.executor;
			this.executor = null;
			this.state = ListenerState.STOPPED;
		}
		if (executor != null) {
			executor.shutdown();
			try {
				if (!executor.awaitTermination(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("Listener '{}' did not finish its delivery within {}", this.id,
							this.settings.shutdownTimeout());
					executor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.queued.set(0);
	}

	/** A snapshot of the listener's state for health details. */
	public Map<String, Object> describe() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("resource", this.source.resource());
		details.put("state", this.state.name());
		details.put("objects", this.known.size());
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

	/**
	 * List, then watch; after any failure try again by the one failure policy: a watch resumes from the newest
	 * version it saw (bookmarks included) with back-off, a {@code 410 Gone} lists again (at once the first time,
	 * with back-off when relists keep failing), a closed client stops the listener. The watch hides no failure from
	 * the container (it is a {@link WatchSupervisor}), so health turns DOWN {@code unhealthy-after} after the first.
	 */
	private Flux<WatchEvent<T>> informer() {
		return Flux.defer(() -> {
			Backoff.Failures failures = this.settings.backoff().failures();
			return Flux.defer(() -> listThenWatch(failures))
				.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
					Throwable failure = signal.failure();
					if (FailurePolicy.isClosed(failure)) {
						return Mono.error(failure);
					}
					int attempt = failures.failed();
					if (FailurePolicy.isGone(failure)) {
						this.relists.incrementAndGet();
						this.metrics.relisted(this.id);
						if (attempt == 1) {
							// The resource version expired: list again at once and deliver the difference.
							return Mono.just(0L);
						}
					}
					return backOff(failure, failures.delay(attempt));
				})));
		});
	}

	private Flux<WatchEvent<T>> listThenWatch(Backoff.Failures failures) {
		return this.source.list().flatMapMany((snapshot) -> {
			List<WatchEvent<T>> difference = difference(snapshot.items());
			healthy();
			return Flux.concat(Flux.fromIterable(difference), watchFrom(snapshot.resourceVersion(), failures));
		});
	}

	private Flux<WatchEvent<T>> watchFrom(String listResourceVersion, Backoff.Failures failures) {
		WatchSupervisor supervisor = new WatchSupervisor() {

			@Override
			public WatchErrorAction onError(Throwable error, int attempt) {
				if (FailurePolicy.isGone(error) || FailurePolicy.isClosed(error)) {
					return WatchErrorAction.raise();
				}
				// The watch resumes from its newest version after this delay; the container only reports it.
				this.failed(error);
				return WatchErrorAction.retry(failures.delay(failures.failed()));
			}

			private void failed(Throwable error) {
				KubeWatchContainer.this.restarts.incrementAndGet();
				KubeWatchContainer.this.metrics.restarted(KubeWatchContainer.this.id);
				failing(error);
			}

			@Override
			public void progressed() {
				failures.progressed();
				healthy();
			}

		};
		return this.source.watch(listResourceVersion, supervisor).doOnNext(this::apply);
	}

	private void healthy() {
		this.state = ListenerState.WATCHING;
		this.unhealthySince = null;
	}

	private void failing(Throwable failure) {
		this.state = ListenerState.RECONNECTING;
		this.lastError = describe(failure);
		if (this.unhealthySince == null) {
			this.unhealthySince = this.clock.instant();
		}
	}

	private Mono<Long> backOff(Throwable failure, Duration delay) {
		failing(failure);
		if (isUnhealthy()) {
			// Past lightkube.watch.unhealthy-after: the health is DOWN, and the log says so at the same level.
			logger.warn("Listener '{}' ({}) has been failing since {}: {}; trying again in {} ms", this.id,
					this.source.resource(), this.unhealthySince, this.lastError, delay.toMillis());
		}
		else {
			logger.info("Listener '{}' ({}) failed: {}; trying again in {} ms", this.id, this.source.resource(),
					this.lastError, delay.toMillis());
		}
		return Mono.delay(delay);
	}

	/** What a list adds to what the listener saw: all ADDED at first; after a gap only what changed. */
	private List<WatchEvent<T>> difference(List<T> items) {
		List<WatchEvent<T>> changes = new ArrayList<>();
		Set<String> present = new HashSet<>();
		for (T item : items) {
			String key = ObjectCache.key(item);
			present.add(key);
			T previous = this.known.put(key, item);
			if (previous == null) {
				changes.add(new WatchEvent<>(EventType.ADDED, item));
			}
			else if (!Objects.equals(previous.getMetadata().getResourceVersion(),
					item.getMetadata().getResourceVersion())) {
				changes.add(new WatchEvent<>(EventType.MODIFIED, item));
			}
		}
		for (Map.Entry<String, T> entry : List.copyOf(this.known.entrySet())) {
			if (!present.contains(entry.getKey())) {
				this.known.remove(entry.getKey());
				changes.add(new WatchEvent<>(EventType.DELETED, entry.getValue()));
			}
		}
		return changes;
	}

	private void apply(WatchEvent<T> event) {
		String key = ObjectCache.key(event.object());
		if (event.type() == EventType.DELETED) {
			this.known.remove(key);
		}
		else {
			this.known.put(key, event.object());
		}
	}

	private void deliver(WatchEvent<T> event) {
		this.queued.decrementAndGet();
		this.lastEventTime = this.clock.instant();
		if (!this.events.contains(event.type())) {
			return;
		}
		long start = System.nanoTime();
		try {
			this.invoker.invoke(event);
			this.delivered.incrementAndGet();
			this.metrics.delivered(this.id, event.type(), System.nanoTime() - start);
		}
		catch (Throwable ex) {
			this.metrics.failed(this.id, event.type());
			try {
				this.errorHandler.handle(this.id, event, ex);
			}
			catch (Throwable handlerFailure) {
				logger.error("Error handler of listener '{}' failed", this.id, handlerFailure);
			}
		}
	}

	private void failed(Throwable failure) {
		this.state = ListenerState.FAILED;
		this.lastError = describe(failure);
		logger.error("Listener '{}' ({}) stopped: {}", this.id, this.source.resource(), this.lastError);
	}

	private static String describe(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	/**
	 * The tunables of listener containers.
	 *
	 * @param initialBackoff first delay before a failed list or watch is tried again; doubled (with jitter) each time
	 * @param maxBackoff longest delay between two attempts
	 * @param queueCapacity events buffered between the network and the listener method
	 * @param unhealthyAfter how long a listener may fail to reconnect before it counts as unhealthy
	 * @param shutdownTimeout longest wait, on stop, for the event being delivered
	 */
	public record ContainerSettings(Duration initialBackoff, Duration maxBackoff, int queueCapacity,
			Duration unhealthyAfter, Duration shutdownTimeout) {

		public ContainerSettings {
			if (queueCapacity < 1) {
				throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
			}
		}

		Backoff backoff() {
			return Backoff.DEFAULT.withBounds(this.initialBackoff, this.maxBackoff);
		}

	}

	/** Calls the listener method. */
	@FunctionalInterface
	interface ListenerInvoker<T> {

		void invoke(WatchEvent<T> event) throws Exception;

	}

}
