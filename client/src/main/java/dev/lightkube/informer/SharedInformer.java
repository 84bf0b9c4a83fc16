package dev.lightkube.informer;

import dev.lightkube.EventType;
import dev.lightkube.KubeException;
import dev.lightkube.ListOptions;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.ResourceList;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
import dev.lightkube.informer.HandlerWorker.Notification;
import dev.lightkube.internal.retry.Backoff;
import dev.lightkube.internal.retry.FailurePolicy;
import dev.lightkube.internal.watch.WatchSupervisor;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One list and watch of a kind (in a namespace, with selectors), a cache of its current objects, and any number of
 * handlers (client-go's {@code SharedIndexInformer}). Get one from {@link SharedInformerFactory}, which shares an
 * informer between all users of the same kind, namespace and selectors.
 *
 * <pre>{@code
 * SharedInformer<Pod> pods = factory.informer(Pod.class, InformerOptions.inNamespace("default")
 *     .withTransform(Transforms.dropManagedFields()));
 * pods.addHandler(new ResourceEventHandler<>() {
 *     public void onAdd(Pod pod) { ... }
 * });
 * pods.start();
 * pods.synced().block();
 * List<Pod> web = pods.cache().list(Selector.of("app", "web"));
 * }</pre>
 *
 * <p><b>Start-up.</b> By default ({@link InformerOptions#watchList()}) the informer starts with a WatchList: one watch
 * that streams the current objects (collected apart from the cache), then the bookmark that ends them, at which the
 * cache takes them (then {@link #hasSynced()} is true), then the changes on the same watch. When the server refuses
 * it ({@code 400}/{@code 422}) or sends no end in time ({@link InformerOptions#watchListTimeout()}), the informer
 * falls back to LIST then WATCH, and its factory remembers that for its other informers and later relists.
 *
 * <p><b>Protocol.</b> Without WatchList the informer lists, fills the cache (then {@link #hasSynced()} is true), and
 * watches from the list's resource version. A stream that ends or breaks is resumed by the client's watch from the
 * newest resource version seen, bookmarks included, with the client's watch back-off. On {@code 410 Gone} the informer
 * lists again and reports the difference to the handlers: objects missing from the new list as deleted, objects whose
 * resource version differs as updated, new ones as added, so a handler ends consistent with the server. Resource
 * versions are compared for equality only. A failing list is tried again with exponential back-off (0.8 s doubling to
 * 30 s).
 *
 * <p><b>Handlers.</b> Each handler has its own thread and a queue of {@link InformerOptions#handlerQueueCapacity()}
 * changes, and receives the changes in cache order. A slow handler fills only its own queue; when that is full the
 * informer waits for it, so no change is lost and memory stays bounded, and the other handlers are delayed only from
 * then on. A handler added at any time first receives every cached object as {@code onAdd}.
 *
 * <p><b>Status.</b> {@link #addStatusListener(InformerStatusListener)} hears of each failure of the list or watch and
 * of recovery, for health checks.
 *
 * <p>Thread-safe. {@link #close()} stops the watch and the handlers' threads.
 *
 * @param <T> the object type
 */
public final class SharedInformer<T extends HasMetadata> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SharedInformer.class);

	/** The library's one back-off (0.8 s doubling to 30 s, with jitter), for relists and failed lists. */
	private static final Backoff BACKOFF = Backoff.DEFAULT;

	private final ReactiveKubeClient client;

	private final ResourceType<T> type;

	private final InformerOptions options;

	private final InformerCache<T> cache = new InformerCache<>();

	private final List<HandlerWorker<T>> handlers = new CopyOnWriteArrayList<>();

	/** Held while the cache changes and its notifications are queued, and while a handler joins. */
	private final Object dispatchLock = new Object();

	private final Sinks.Empty<Void> syncedSink = Sinks.empty();

	private final AtomicInteger handlerCount = new AtomicInteger();

	private final List<InformerStatusListener> statusListeners = new CopyOnWriteArrayList<>();

	/** The failure since which the informer has not been current again; {@code null} when it is. */
	private volatile @Nullable Throwable failing;

	/** Why the informer stopped for good; {@code null} while it runs. */
	private volatile @Nullable Throwable stoppedBy;

	/** Relists in a row without a watch event between them, for the back-off. */
	private final AtomicInteger relists = new AtomicInteger();

	private volatile boolean synced;

	private volatile @Nullable String lastResourceVersion;

	private @Nullable Disposable run;

	private boolean closed;

	/** Whether the factory's server speaks WatchList, as far as known; shared by the factory's informers. */
	private final WatchListSupport watchListSupport;

	SharedInformer(ReactiveKubeClient client, ResourceType<T> type, InformerOptions options,
			WatchListSupport watchListSupport) {
		this.client = client;
		this.type = type;
		this.options = options;
		this.watchListSupport = watchListSupport;
	}

	/** The kind this informer watches. */
	public ResourceType<T> type() {
		return this.type;
	}

	/** Namespace (resolved), selectors, transform and queue capacity of this informer. */
	public InformerOptions options() {
		return this.options;
	}

	/** The cache: the current objects, with indexes. Empty until the first list arrived. */
	public InformerCache<T> cache() {
		return this.cache;
	}

	/** Adds an index to the cache; see {@link InformerCache#addIndex(String, IndexFunction)}. */
	public SharedInformer<T> addIndex(String name, IndexFunction<T> function) {
		this.cache.addIndex(name, function);
		return this;
	}

	/**
	 * Adds a handler, before or after {@link #start()}. It first receives every object cached now as
	 * {@code onAdd}, then every later change, in order, on its own thread.
	 * @return closing the registration removes the handler and stops its thread
	 * @throws IllegalStateException when the informer is closed
	 */
	public Registration addHandler(ResourceEventHandler<T> handler) {
		String name = "informer-" + this.type.plural() + "-handler-" + this.handlerCount.incrementAndGet();
		return addHandler(handler, this.options.handlerQueueCapacity(), (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Adds a handler with a queue and thread of its own choosing, as {@code @KubeWatch} listeners do (their
	 * {@code queue-capacity}, their named or virtual threads); otherwise as {@link #addHandler(ResourceEventHandler)}.
	 * @param queueCapacity how many changes this handler may have waiting before the informer waits for it
	 * @param threadFactory makes the handler's one thread
	 * @return closing the registration removes the handler and stops its thread
	 * @throws IllegalStateException when the informer is closed
	 */
	public Registration addHandler(ResourceEventHandler<T> handler, int queueCapacity, ThreadFactory threadFactory) {
		Objects.requireNonNull(handler, "handler must not be null");
		Objects.requireNonNull(threadFactory, "threadFactory must not be null");
		if (queueCapacity < 1) {
			throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
		}
		synchronized (this.dispatchLock) {
			if (isClosed()) {
				throw new IllegalStateException("the informer of " + this.type.plural() + " is closed");
			}
			HandlerWorker<T>[] self = newArray();
			HandlerWorker<T> worker = new HandlerWorker<>(handler, queueCapacity, threadFactory,
					() -> remove(self[0]));
			self[0] = worker;
			this.handlers.add(worker);
			worker.start();
			for (T object : this.cache.list()) {
				worker.enqueue(Notification.add(object));
			}
			return worker;
		}
	}

	/**
	 * Adds a listener told of each failure of the list or watch and of recovery. It is first told the present state:
	 * {@code onHealthy} when the informer is synced and current, {@code onFailure} when it is failing,
	 * {@code onStopped} when it stopped.
	 * @return closing the registration removes the listener
	 */
	public Registration addStatusListener(InformerStatusListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		this.statusListeners.add(listener);
		Throwable stopped = this.stoppedBy;
		Throwable failure = this.failing;
		if (stopped != null) {
			listener.onStopped(stopped);
		}
		else if (failure != null) {
			listener.onFailure(failure);
		}
		else if (this.synced) {
			listener.onHealthy();
		}
		return () -> this.statusListeners.remove(listener);
	}

	@SuppressWarnings("unchecked")
	private HandlerWorker<T>[] newArray() {
		return (HandlerWorker<T>[]) new HandlerWorker<?>[1];
	}

	private void remove(HandlerWorker<T> worker) {
		// Stop first: a dispatch waiting on this handler's full queue (holding the lock) then moves on.
		worker.stop();
		synchronized (this.dispatchLock) {
			this.handlers.remove(worker);
		}
	}

	/** Starts listing and watching; does nothing when already started. */
	public void start() {
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("the informer of " + this.type.plural() + " is closed");
			}
			if (this.run != null) {
				return;
			}
			this.run = Flux.defer(this::startAndWatch)
				.repeatWhen((ends) -> ends.concatMap((end) -> Mono.delay(relistDelay())))
				.subscribe(null, (error) -> {
					logger.error("Informer of {} stopped", this.type.plural(), error);
					reportStopped(error);
				});
		}
	}

	/** Whether the cache holds the state of a complete list (client-go's {@code HasSynced}). */
	public boolean hasSynced() {
		return this.synced;
	}

	/**
	 * Completes when the cache first holds a complete state; fails when the informer is closed before that. Does
	 * not start the informer.
	 */
	public Mono<Void> synced() {
		return this.syncedSink.asMono();
	}

	/** The resource version of the newest list or event applied to the cache ({@code null} before the first). */
	public @Nullable String lastSyncResourceVersion() {
		return this.lastResourceVersion;
	}

	/** Stops the watch and the handlers' threads; the cache keeps its last state. */
	@Override
	public void close() {
		Disposable running;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			running = this.run;
		}
		if (running != null) {
			running.dispose();
		}
		for (HandlerWorker<T> worker : this.handlers) {
			worker.stop();
		}
		this.handlers.clear();
		this.syncedSink.tryEmitError(new IllegalStateException("the informer of " + this.type.plural()
				+ " was closed before it synced"));
	}

	private synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * A WatchList when asked for and not known to be refused, falling back to (and then remembering) LIST then WATCH;
	 * else LIST then WATCH.
	 */
	private Flux<Void> startAndWatch() {
		if (!this.options.watchList() || !this.watchListSupport.supported()) {
			return listAndWatch();
		}
		return new WatchListStart<>(this.client, this.type, this.options, watchListTarget())
			.run()
			.onErrorResume(WatchListStart.Refused.class, (refused) -> {
				this.watchListSupport.refused();
				logger.info("WatchList of {} not available ({}); listing then watching, as this factory's other "
						+ "informers will", this.type.plural(), refused.getMessage());
				return listAndWatch();
			});
	}

	private WatchListStart.Target<T> watchListTarget() {
		return new WatchListStart.Target<>() {
			@Override
			public T transform(T object) {
				return SharedInformer.this.transform(object);
			}

			@Override
			public void replace(Collection<T> objects, @Nullable String resourceVersion) {
				SharedInformer.this.replace(objects, resourceVersion);
			}

			@Override
			public void apply(WatchEvent<T> event) {
				SharedInformer.this.apply(event);
			}

			@Override
			public void failed(Throwable error) {
				reportFailure(error);
			}

			@Override
			public void progressed() {
				reportHealthy();
			}
		};
	}

	private Flux<Void> listAndWatch() {
		ListOptions list = ListOptions.defaults()
			.withNamespace(this.options.namespace())
			.withLabels(this.options.labels())
			.withFields(this.options.fields());
		return this.client.listAll(this.type, list)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, BACKOFF.initial())
				.maxBackoff(BACKOFF.max())
				.filter((error) -> !FailurePolicy.isClosed(error))
				.onRetryExhaustedThrow((spec, signal) -> signal.failure())
				.doBeforeRetry((signal) -> {
					logger.warn("Listing {} failed, trying again: {}", this.type.plural(), signal.failure().toString());
					reportFailure(signal.failure());
				}))
			.publishOn(Schedulers.boundedElastic())
			.flatMapMany((current) -> {
				String version = replace(current);
				WatchOptions watch = WatchOptions.defaults()
					.withNamespace(this.options.namespace())
					.withLabels(this.options.labels())
					.withFields(this.options.fields())
					.withResourceVersion(version)
					// 410 ends the watch so that the informer lists again; the client resumes after anything else
					.withOnError(supervisor());
				return this.client.watch(this.type, watch).publishOn(Schedulers.boundedElastic());
			})
			.doOnNext(this::apply)
			.onErrorResume(FailurePolicy::isGone, (gone) -> {
				logger.info("Watch of {} expired ({}), listing again", this.type.plural(), gone.getMessage());
				reportFailure(gone);
				return Mono.empty();
			})
			.then()
			.flux();
	}

	/**
	 * Decides what the client's watch does after a failure (410 and a closed client end it, anything else resumes
	 * it) and, as a supervisor, sees every failure at once and hears of progress: the status listeners' source.
	 */
	private WatchSupervisor supervisor() {
		return new WatchSupervisor() {

			@Override
			public WatchErrorAction onError(Throwable error, int attempt) {
				if (FailurePolicy.isGone(error) || FailurePolicy.isClosed(error)) {
					return WatchErrorAction.raise();
				}
				reportFailure(error);
				return WatchErrorAction.retry();
			}

			@Override
			public void progressed() {
				reportHealthy();
			}

		};
	}

	private void reportFailure(Throwable failure) {
		this.failing = failure;
		for (InformerStatusListener listener : this.statusListeners) {
			notify(listener, () -> listener.onFailure(failure));
		}
	}

	private void reportHealthy() {
		this.failing = null;
		for (InformerStatusListener listener : this.statusListeners) {
			notify(listener, listener::onHealthy);
		}
	}

	private void reportStopped(Throwable failure) {
		this.stoppedBy = failure;
		for (InformerStatusListener listener : this.statusListeners) {
			notify(listener, () -> listener.onStopped(failure));
		}
	}

	private void notify(InformerStatusListener listener, Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Status listener {} of the informer of {} failed", listener, this.type.plural(), ex);
		}
	}

	/**
	 * Before the next start: none after a first {@code 410 Gone} (the history expired; start again at once, as
	 * client-go), the back-off after repeated ones and after a failed WatchList (the server is in trouble).
	 */
	private Duration relistDelay() {
		int count = this.relists.incrementAndGet();
		Throwable failure = this.failing;
		boolean troubled = failure != null && !FailurePolicy.isGone(failure);
		if (count <= 1 && !troubled) {
			return Duration.ZERO;
		}
		return BACKOFF.delay(troubled ? count : count - 1);
	}

	/** Makes the cache equal to a fresh list and queues the differences; returns the version to watch from. */
	private @Nullable String replace(ResourceList<T> current) {
		List<T> objects = new ArrayList<>(current.items().size());
		for (T item : current.items()) {
			objects.add(transform(item));
		}
		return replace(objects, current.resourceVersion());
	}

	/**
	 * Makes the cache equal to a complete state (transformed objects: a list, or a WatchList's initial events) and
	 * queues the differences; returns the version to watch from.
	 */
	private @Nullable String replace(Collection<T> objects, @Nullable String version) {
		synchronized (this.dispatchLock) {
			Set<String> listed = new HashSet<>();
			for (T object : objects) {
				T old = this.cache.put(object);
				listed.add(InformerCache.keyOf(object));
				if (old == null) {
					dispatch(Notification.add(object));
				}
				else if (!Objects.equals(version(old), version(object))) {
					dispatch(Notification.update(old, object));
				}
			}
			for (String key : this.cache.keys()) {
				if (!listed.contains(key)) {
					T old = this.cache.remove(key);
					if (old != null) {
						dispatch(Notification.delete(old));
					}
				}
			}
			this.lastResourceVersion = version;
			markSynced();
			reportHealthy();
			return (version == null || version.isEmpty()) ? null : version;
		}
	}

	private void apply(WatchEvent<T> event) {
		this.relists.set(0);
		synchronized (this.dispatchLock) {
			T object = transform(event.object());
			if (event.type() == EventType.DELETED) {
				T old = this.cache.remove(InformerCache.keyOf(object));
				dispatch(Notification.delete(object));
				if (old == null) {
					logger.debug("Deleted {} was not cached", InformerCache.keyOf(object));
				}
			}
			else {
				T old = this.cache.put(object);
				dispatch((old == null) ? Notification.add(object) : Notification.update(old, object));
			}
			String version = version(object);
			if (version != null) {
				this.lastResourceVersion = version;
			}
		}
	}

	private void dispatch(Notification<T> notification) {
		for (HandlerWorker<T> worker : this.handlers) {
			worker.enqueue(notification);
		}
	}

	private void markSynced() {
		if (!this.synced) {
			this.synced = true;
			this.syncedSink.tryEmitEmpty();
		}
	}

	private T transform(T object) {
		UnaryOperator<HasMetadata> transform = this.options.transform();
		if (transform == null) {
			return object;
		}
		HasMetadata result = transform.apply(object);
		if (result == null || !this.type.type().isInstance(result)) {
			throw new KubeException("The transform of the informer of " + this.type.plural() + " returned "
					+ ((result == null) ? "null" : result.getClass().getName()) + ", not a "
					+ this.type.type().getName());
		}
		return this.type.type().cast(result);
	}

	private static @Nullable String version(HasMetadata object) {
		return (object.getMetadata() != null) ? object.getMetadata().getResourceVersion() : null;
	}

	@Override
	public String toString() {
		return "SharedInformer[" + this.type.plural() + ", " + this.options + ", synced=" + this.synced + "]";
	}

	/** A handler's (or status listener's) registration: closing it removes the handler and stops its thread. */
	public interface Registration extends AutoCloseable {

		/** Removes the handler; changes still queued for it are dropped. */
		@Override
		void close();

		/** How many changes wait in the handler's queue (for a queue-size gauge); 0 for a status listener. */
		default int queued() {
			return 0;
		}

	}

}
