package dev.lightkube.informer;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.Selector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SharedInformer} watches and how it keeps it. Immutable; start from {@link #defaults()} or
 * {@link #inNamespace(String)}. Namespace and selectors pick the informer (the factory shares one informer per kind,
 * namespace, label and field selector); the transform and the queue capacity configure it.
 */
public final class InformerOptions {

	/** Changes a handler may have queued before the informer waits for it (see {@link #handlerQueueCapacity()}). */
	public static final int DEFAULT_HANDLER_QUEUE_CAPACITY = 1024;

	private static final InformerOptions DEFAULTS = new InformerOptions(null, Selector.none(), Selector.none(), null,
			DEFAULT_HANDLER_QUEUE_CAPACITY);

	private final @Nullable String namespace;

	private final Selector labels;

	private final Selector fields;

	private final @Nullable UnaryOperator<HasMetadata> transform;

	private final int handlerQueueCapacity;

	private InformerOptions(@Nullable String namespace, Selector labels, Selector fields,
			@Nullable UnaryOperator<HasMetadata> transform, int handlerQueueCapacity) {
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
		return new InformerOptions(namespace, this.labels, this.fields, this.transform, this.handlerQueueCapacity);
	}

	/** A copy with another label selector. */
	public InformerOptions withLabels(Selector labels) {
		return new InformerOptions(this.namespace, labels, this.fields, this.transform, this.handlerQueueCapacity);
	}

	/** A copy with another field selector. */
	public InformerOptions withFields(Selector fields) {
		return new InformerOptions(this.namespace, this.labels, fields, this.transform, this.handlerQueueCapacity);
	}

	/**
	 * A copy with a transform (client-go's {@code SetTransform}), such as {@link Transforms#dropManagedFields()}. It
	 * runs once per received object, before caching; it may change the object in place and must return an object
	 * of the same class with the same namespace, name and resource version.
	 */
	public InformerOptions withTransform(@Nullable UnaryOperator<HasMetadata> transform) {
		return new InformerOptions(this.namespace, this.labels, this.fields, transform, this.handlerQueueCapacity);
	}

	/** A copy with another handler queue capacity (at least 1). */
	public InformerOptions withHandlerQueueCapacity(int capacity) {
		return new InformerOptions(this.namespace, this.labels, this.fields, this.transform, capacity);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof InformerOptions that && Objects.equals(this.namespace, that.namespace)
				&& this.labels.equals(that.labels) && this.fields.equals(that.fields)
				&& Objects.equals(this.transform, that.transform)
				&& this.handlerQueueCapacity == that.handlerQueueCapacity;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.labels, this.fields, this.transform, this.handlerQueueCapacity);
	}

	@Override
	public String toString() {
		return "InformerOptions[namespace=" + this.namespace + ", labels=" + this.labels + ", fields=" + this.fields
				+ ", transform=" + (this.transform != null) + ", handlerQueueCapacity=" + this.handlerQueueCapacity
				+ "]";
	}

}
