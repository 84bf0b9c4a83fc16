package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code list}: lightkube's {@code namespace}, {@code chunk_size}, {@code labels}, {@code fields}.
 * Immutable; start from {@link #defaults()} or {@link #inNamespace(String)} and use the {@code with*} methods.
 */
public final class ListOptions {

	private static final ListOptions DEFAULTS = new ListOptions(null, null, Selector.none(), Selector.none());

	private final @Nullable String namespace;

	private final @Nullable Integer chunkSize;

	private final Selector labels;

	private final Selector fields;

	private ListOptions(@Nullable String namespace, @Nullable Integer chunkSize, Selector labels, Selector fields) {
		if (chunkSize != null && chunkSize < 1) {
			throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
		}
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		if (!fields.isFieldSelector()) {
			throw new IllegalArgumentException("field selectors accept only equal, notEqual and notIn, got '" + fields + "'");
		}
		this.namespace = namespace;
		this.chunkSize = chunkSize;
		this.labels = labels;
		this.fields = fields;
	}

	/** The client's namespace, no chunking, no selector. */
	public static ListOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all). */
	public static ListOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The namespace, {@link ReactiveKubeClient#ALL_NAMESPACES} for all; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** Items per request ({@code limit}); {@code null} lists everything in one request. */
	public @Nullable Integer chunkSize() {
		return this.chunkSize;
	}

	/** The label selector. */
	public Selector labels() {
		return this.labels;
	}

	/** The field selector ({@code equal}, {@code notEqual} and {@code notIn}, as lightkube). */
	public Selector fields() {
		return this.fields;
	}

	/** A copy in another namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all, {@code null}: the client's). */
	public ListOptions withNamespace(@Nullable String namespace) {
		return new ListOptions(namespace, this.chunkSize, this.labels, this.fields);
	}

	/** A copy with another chunk size ({@code null}: one request). */
	public ListOptions withChunkSize(@Nullable Integer chunkSize) {
		return new ListOptions(this.namespace, chunkSize, this.labels, this.fields);
	}

	/** A copy with another label selector. */
	public ListOptions withLabels(Selector labels) {
		return new ListOptions(this.namespace, this.chunkSize, labels, this.fields);
	}

	/** A copy with another field selector; {@code notIn} is sent as several {@code !=}, as lightkube does. */
	public ListOptions withFields(Selector fields) {
		return new ListOptions(this.namespace, this.chunkSize, this.labels, fields);
	}


	@Override
	public boolean equals(Object other) {
		return other instanceof ListOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.chunkSize, that.chunkSize) && Objects.equals(this.labels, that.labels)
				&& Objects.equals(this.fields, that.fields);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.chunkSize, this.labels, this.fields);
	}

	@Override
	public String toString() {
		return "ListOptions[namespace=" + this.namespace + ", chunkSize=" + this.chunkSize + ", labels=" + this.labels
				+ ", fields=" + this.fields + "]";
	}

}
