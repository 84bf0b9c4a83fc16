package dev.lightkube;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of lightkube's {@code watch(res, namespace, labels, fields, server_timeout, resource_version,
 * on_error)}.
 *
 * @param namespace the namespace ({@code null}: the client's; {@link ReactiveKubeClient#ALL_NAMESPACES}: all)
 * @param labels the label selector
 * @param fields the field selector
 * @param serverTimeout the {@code timeoutSeconds} sent with each request ({@code null}: the client's default, else
 *     a random value between 5 and 10 minutes); the client's read-idle timeout is a little longer
 * @param resourceVersion where to start ({@code null}: the current state, as {@code ADDED} events)
 * @param onError what to do after an error (default: raise, as lightkube)
 */
public record WatchOptions(@Nullable String namespace, Selector labels, Selector fields, @Nullable Duration serverTimeout,
		@Nullable String resourceVersion, WatchErrorHandler onError) {

	public WatchOptions {
		Objects.requireNonNull(labels, "labels must not be null");
		Objects.requireNonNull(fields, "fields must not be null");
		Objects.requireNonNull(onError, "onError must not be null");
		if (serverTimeout != null && serverTimeout.getSeconds() < 1) {
			throw new IllegalArgumentException("serverTimeout must be at least one second, got " + serverTimeout);
		}
		if (resourceVersion != null && resourceVersion.isEmpty()) {
			throw new IllegalArgumentException("resourceVersion must not be empty (use null for the current state)");
		}
	}

	/** The client's namespace, no selectors, raise on errors. */
	public static WatchOptions defaults() {
		return new WatchOptions(null, Selector.none(), Selector.none(), null, null, WatchErrorHandler.raise());
	}

	/** Watches {@code namespace} ({@code "*"} for all). */
	public static WatchOptions inNamespace(String namespace) {
		return defaults().withNamespace(namespace);
	}

	public WatchOptions withNamespace(@Nullable String namespace) {
		return new WatchOptions(namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	public WatchOptions withLabels(Selector labels) {
		return new WatchOptions(this.namespace, labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	public WatchOptions withFields(Selector fields) {
		return new WatchOptions(this.namespace, this.labels, fields, this.serverTimeout, this.resourceVersion,
				this.onError);
	}

	public WatchOptions withServerTimeout(@Nullable Duration serverTimeout) {
		return new WatchOptions(this.namespace, this.labels, this.fields, serverTimeout, this.resourceVersion,
				this.onError);
	}

	public WatchOptions withResourceVersion(@Nullable String resourceVersion) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, resourceVersion,
				this.onError);
	}

	public WatchOptions withOnError(WatchErrorHandler onError) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				onError);
	}

}
