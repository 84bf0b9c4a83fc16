package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code list}: lightkube's {@code namespace}, {@code chunk_size}, {@code labels}, {@code fields}.
 * Immutable; start from {@link #defaults()} and use the {@code with*} methods.
 *
 * @param namespace the namespace, {@link ReactiveKubeClient#ALL_NAMESPACES} for all; {@code null} for the client's
 * @param chunkSize items per request ({@code limit}); {@code null} lists everything in one request
 * @param labels label selector
 * @param fields field selector (equality and inequality only)
 */
public record ListOptions(@Nullable String namespace, @Nullable Integer chunkSize, Selector labels, Selector fields) {

	private static final ListOptions DEFAULTS = new ListOptions(null, null, Selector.none(), Selector.none());

	public ListOptions {
		if (chunkSize != null && chunkSize < 1) {
			throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
		}
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		if (!fields.isEqualityOnly()) {
			throw new IllegalArgumentException("field selectors accept only equal and notEqual, got '" + fields + "'");
		}
	}

	/** The client's namespace, no chunking, no selector. */
	public static ListOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all). */
	public static ListOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** A copy with another namespace. */
	public ListOptions withNamespace(@Nullable String namespace) {
		return new ListOptions(namespace, this.chunkSize, this.labels, this.fields);
	}

	/** A copy with another chunk size. */
	public ListOptions withChunkSize(@Nullable Integer chunkSize) {
		return new ListOptions(this.namespace, chunkSize, this.labels, this.fields);
	}

	/** A copy with another label selector. */
	public ListOptions withLabels(Selector labels) {
		return new ListOptions(this.namespace, this.chunkSize, labels, this.fields);
	}

	/** A copy with another field selector. */
	public ListOptions withFields(Selector fields) {
		return new ListOptions(this.namespace, this.chunkSize, this.labels, fields);
	}

}
