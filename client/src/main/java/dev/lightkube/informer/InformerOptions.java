package dev.lightkube.informer;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.Selector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SharedInformer} watches and how it keeps it. Immutable; start from {@link #defaults()} or
 * {@link #inNamespace(String)}. Namespace and selectors pick the informer (the factory shares one informer per kind,
 * namespace, label and field selector); the transform, the queue capacity and the WatchList start-up configure it.
 */
public final class InformerOptions {

	/** Changes a handler may have queued before the informer waits for it (see {@link #handlerQueueCapacity()}). */
	public static final int DEFAULT_HANDLER_QUEUE_CAPACITY = 1024;

	/**
	 * How long a WatchList start-up may go without an initial event or its end before the informer falls back to
	 * LIST then WATCH (see {@link #watchListTimeout()}).
	 */
	public static final Duration DEFAULT_WATCH_LIST_TIMEOUT = Duration.ofSeconds(10);

	private static final InformerOptions DEFAULTS = new InformerOptions(null, Selector.none(), Selector.none(), null,
			DEFAULT_HANDLER_QUEUE_CAPACITY, true, DEFAULT_WATCH_LIST_TIMEOUT);

	private final @Nullable String namespace;

	private final Selector labels;

	private final Selector fields;

	private final @Nullable UnaryOperator<HasMetadata> transform;

	private final int handlerQueueCapacity;

	private final boolean watchList;

	private final Duration watchListTimeout;

	private InformerOptions(@Nullable String namespace, Selector labels, Selector fields,
			@Nullable UnaryOperator<HasMetadata> transform, int handlerQueueCapacity, boolean watchList,
			Duration watchListTimeout) {
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		if (!fields.isFieldSelector()) {
			throw new IllegalArgumentException("field selectors accept only equal, notEqual and notIn, got '" + fields
					+ "'");
		}
		if (handlerQueueCapacity < 1) {
			throw new IllegalArgumentException("handlerQueueCapacity must be positive, got " + handlerQueueCapacity);
		}
		this.namespace = namespace;
		this.labels = labels;
		this.fields = fields;
		this.transform = transform;
		this.handlerQueueCapacity = handlerQueueCapacity;
		this.watchList = watchList;
		this.watchListTimeout = watchListTimeout;
	}

	/** The client's namespace, no selectors, no transform. */
	public static InformerOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all). */
	public static InformerOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The namespace, {@link ReactiveKubeClient#ALL_NAMESPACES} for all; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The label selector sent to the server. */
	public Selector labels() {
		return this.labels;
	}

	/** The field selector sent to the server. */
	public Selector fields() {
		return this.fields;
	}

	/** The transform applied to each object before it is cached and delivered; {@code null} for none. */
	public @Nullable UnaryOperator<HasMetadata> transform() {
		return this.transform;
	}

	/**
	 * How many changes each handler may have waiting. When a handler's queue is full the informer waits for it
	 * (back-pressure up to the watch), so a slow handler delays the others only once its queue is full, and no change
	 * is dropped.
	 */
	public int handlerQueueCapacity() {
		return this.handlerQueueCapacity;
	}

	/** A copy in another namespace ({@code null}: the client's). */
	public InformerOptions withNamespace(@Nullable String namespace) {
		return new InformerOptions(namespace, this.labels, this.fields, this.transform, this.handlerQueueCapacity,
				this.watchList, this.watchListTimeout);
	}

	/** A copy with another label selector. */
	public InformerOptions withLabels(Selector labels) {
		return new InformerOptions(this.namespace, labels, this.fields, this.transform, this.handlerQueueCapacity,
				this.watchList, this.watchListTimeout);
	}

	/** A copy with another field selector. */
	public InformerOptions withFields(Selector fields) {
		return new InformerOptions(this.namespace, this.labels, fields, this.transform, this.handlerQueueCapacity,
				this.watchList, this.watchListTimeout);
	}

	/**
	 * A copy with a transform (client-go's {@code SetTransform}), such as {@link Transforms#dropManagedFields()}. It
	 * runs once per received object, before caching; it may change the object in place and must return an object
	 * of the same class with the same namespace, name and resource version.
	 */
	public InformerOptions withTransform(@Nullable UnaryOperator<HasMetadata> transform) {
		return new InformerOptions(this.namespace, this.labels, this.fields, transform, this.handlerQueueCapacity,
				this.watchList, this.watchListTimeout);
	}

	/** A copy with another handler queue capacity (at least 1). */
	public InformerOptions withHandlerQueueCapacity(int capacity) {
		return new InformerOptions(this.namespace, this.labels, this.fields, this.transform, capacity,
				this.watchList, this.watchListTimeout);
	}

	/**
	 * Whether the informer starts with a WatchList (default {@code true}): one watch
	 * ({@code sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true}) that streams the
	 * current objects and then the changes, instead of a LIST then a WATCH (client-go's default since 1.32, KEP-3157).
	 * The server then sends the objects one by one from its watch cache rather than building one big list response.
	 * The informer falls back to LIST then WATCH when the server refuses the parameters ({@code 400} or {@code 422}) or
	 * sends no end of the initial events in time ({@link #watchListTimeout()}); its factory remembers that, so its
	 * other informers and later relists go straight to LIST then WATCH.
	 */
	public boolean watchList() {
		return this.watchList;
	}

	/**
	 * How long a WatchList start-up may go without receiving anything (the first initial event, the next one, or the
	 * bookmark that ends them) before the informer gives up on it and falls back to LIST then WATCH; default
	 * {@link #DEFAULT_WATCH_LIST_TIMEOUT} (10 s). The server sends that bookmark about a second after the last
	 * initial event, so a server that speaks WatchList stays well inside it even for large collections (the time
	 * counts from the last event, not from the start); a server that ignores the parameters sends none and is caught
	 * by it. client-go waits without limit and only warns every 10 s; a fallback is remembered, so this is
	 * deliberately not short.
	 */
	public Duration watchListTimeout() {
		return this.watchListTimeout;
	}

	/** A copy that starts with a WatchList ({@code true}, the default) or with LIST then WATCH ({@code false}). */
	public InformerOptions withWatchList(boolean watchList) {
		return new InformerOptions(this.namespace, this.labels, this.fields, this.transform, this.handlerQueueCapacity,
				watchList, this.watchListTimeout);
	}

	/**
	 * A copy with another WatchList timeout (positive); see {@link #watchListTimeout()}.
	 * @throws IllegalArgumentException when not positive
	 */
	public InformerOptions withWatchListTimeout(Duration watchListTimeout) {
		Objects.requireNonNull(watchListTimeout, "watchListTimeout must not be null");
		if (watchListTimeout.isZero() || watchListTimeout.isNegative()) {
			throw new IllegalArgumentException("watchListTimeout must be positive, got " + watchListTimeout);
		}
		return new InformerOptions(this.namespace, this.labels, this.fields, this.transform, this.handlerQueueCapacity,
				this.watchList, watchListTimeout);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof InformerOptions that && Objects.equals(this.namespace, that.namespace)
				&& this.labels.equals(that.labels) && this.fields.equals(that.fields)
				&& Objects.equals(this.transform, that.transform)
				&& this.handlerQueueCapacity == that.handlerQueueCapacity && this.watchList == that.watchList
				&& this.watchListTimeout.equals(that.watchListTimeout);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.labels, this.fields, this.transform, this.handlerQueueCapacity,
				this.watchList, this.watchListTimeout);
	}

	@Override
	public String toString() {
		return "InformerOptions[namespace=" + this.namespace + ", labels=" + this.labels + ", fields=" + this.fields
				+ ", transform=" + (this.transform != null) + ", handlerQueueCapacity=" + this.handlerQueueCapacity
				+ ", watchList=" + this.watchList + ", watchListTimeout=" + this.watchListTimeout + "]";
	}

}
