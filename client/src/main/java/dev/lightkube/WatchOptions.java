package dev.lightkube;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code watch}: lightkube's {@code namespace}, {@code labels}, {@code fields}, {@code server_timeout},
 * {@code resource_version} and {@code on_error}. Immutable; start from {@link #defaults()} or
 * {@link #inNamespace(String)} and use the {@code with*} methods.
 */
public final class WatchOptions {

	private static final WatchOptions DEFAULTS = new WatchOptions(null, Selector.none(), Selector.none(), null, null,
			WatchErrorHandler.raise());

	private final @Nullable String namespace;

	private final Selector labels;

	private final Selector fields;

	private final @Nullable Duration serverTimeout;

	private final @Nullable String resourceVersion;

	private final WatchErrorHandler onError;

	private WatchOptions(@Nullable String namespace, Selector labels, Selector fields,
			@Nullable Duration serverTimeout, @Nullable String resourceVersion, WatchErrorHandler onError) {
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		Objects.requireNonNull(onError, "onError must not be null");
		if (serverTimeout != null && serverTimeout.getSeconds() < 1) {
			throw new IllegalArgumentException("serverTimeout must be at least one second, got " + serverTimeout);
		}
		if (resourceVersion != null && resourceVersion.isEmpty()) {
			throw new IllegalArgumentException("resourceVersion must not be empty (use null for the current state)");
		}
		if (!fields.isFieldSelector()) {
			throw new IllegalArgumentException("field selectors accept only equal, notEqual and notIn, got '" + fields + "'");
		}
		this.namespace = namespace;
		this.labels = labels;
		this.fields = fields;
		this.serverTimeout = serverTimeout;
		this.resourceVersion = resourceVersion;
		this.onError = onError;
	}

	/** The client's namespace, no selectors, raise on errors. */
	public static WatchOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all). */
	public static WatchOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The namespace, {@link ReactiveKubeClient#ALL_NAMESPACES} for all; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The label selector. */
	public Selector labels() {
		return this.labels;
	}

	/** The field selector ({@code equal}, {@code notEqual} and {@code notIn}). */
	public Selector fields() {
		return this.fields;
	}

	/**
	 * The {@code timeoutSeconds} sent with each request ({@code null}: the client's default, else a random value
	 * between 5 and 10 minutes); the read-idle timeout is a little longer.
	 */
	public @Nullable Duration serverTimeout() {
		return this.serverTimeout;
	}

	/** Where to start ({@code null}: the current state, as {@code ADDED} events). */
	public @Nullable String resourceVersion() {
		return this.resourceVersion;
	}

	/** What to do after an error (default: raise, as lightkube). */
	public WatchErrorHandler onError() {
		return this.onError;
	}

	/** A copy in another namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all, {@code null}: the client's). */
	public WatchOptions withNamespace(@Nullable String namespace) {
		return new WatchOptions(namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	/** A copy with another label selector. */
	public WatchOptions withLabels(Selector labels) {
		return new WatchOptions(this.namespace, labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	/** A copy with another field selector; {@code notIn} is sent as several {@code !=}. */
	public WatchOptions withFields(Selector fields) {
		return new WatchOptions(this.namespace, this.labels, fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	/** A copy with another server timeout (at least one second; {@code null}: the default). */
	public WatchOptions withServerTimeout(@Nullable Duration serverTimeout) {
		return new WatchOptions(this.namespace, this.labels, this.fields, serverTimeout, this.resourceVersion,
				this.onError);
	}

	/** A copy that starts at another resource version ({@code null}: the current state). */
	public WatchOptions withResourceVersion(@Nullable String resourceVersion) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, resourceVersion,
				this.onError);
	}

	/** A copy with another error handler. */
	public WatchOptions withOnError(WatchErrorHandler onError) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				onError);
	}


	@Override
	public boolean equals(Object other) {
		return other instanceof WatchOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.labels, that.labels) && Objects.equals(this.fields, that.fields)
				&& Objects.equals(this.serverTimeout, that.serverTimeout)
				&& Objects.equals(this.resourceVersion, that.resourceVersion)
				&& Objects.equals(this.onError, that.onError);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	@Override
	public String toString() {
		return "WatchOptions[namespace=" + this.namespace + ", labels=" + this.labels + ", fields=" + this.fields
				+ ", serverTimeout=" + this.serverTimeout + ", resourceVersion=" + this.resourceVersion
				+ ", onError=" + this.onError + "]";
	}

}
