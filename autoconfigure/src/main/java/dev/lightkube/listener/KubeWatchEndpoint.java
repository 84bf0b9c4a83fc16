package dev.lightkube.listener;

import dev.lightkube.EventType;
import dev.lightkube.annotation.KubeWatch;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One {@code @KubeWatch} method with its attributes resolved (placeholders replaced): what the registry builds a
 * container from.
 *
 * @param id the listener's id
 * @param bean the bean whose method is called
 * @param method the method, invocable on {@code bean}
 * @param resource the resource: a fabric8 model class, or a generic descriptor
 * @param namespace the namespace, {@code null} for the client's, {@code "*"} for all
 * @param labels the label selector, or {@code null}
 * @param fields the field selector, or {@code null}
 * @param events the event types delivered
 * @param autoStartup whether the listener starts with the context
 * @param errorHandler the error handler
 * @param transform what the listener's informer keeps of each object ({@code DEFAULT}: the registry's default)
 */
public record KubeWatchEndpoint(String id, Object bean, Method method, ResourceSpec resource, @Nullable String namespace,
		@Nullable String labels, @Nullable String fields, Set<EventType> events, boolean autoStartup,
		KubeWatchErrorHandler errorHandler, KubeWatch.Transform transform) {

	public KubeWatchEndpoint {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(transform, "transform must not be null");
		events = Set.copyOf(events);
	}

	/** An endpoint with the default transform. */
	public KubeWatchEndpoint(String id, Object bean, Method method, ResourceSpec resource, @Nullable String namespace,
			@Nullable String labels, @Nullable String fields, Set<EventType> events, boolean autoStartup,
			KubeWatchErrorHandler errorHandler) {
		this(id, bean, method, resource, namespace, labels, fields, events, autoStartup, errorHandler,
				KubeWatch.Transform.DEFAULT);
	}

	/** The kind watched: a model class, or a generic descriptor for CRDs without one. */
	public record ResourceSpec(@Nullable Class<?> type, String group, String version, String kind, String plural,
			boolean namespaced) {

		/** A fabric8 model class. */
		public static ResourceSpec of(Class<?> type) {
			return new ResourceSpec(type, "", "", "", "", true);
		}

		/** A generic descriptor. */
		public static ResourceSpec generic(String group, String version, String kind, String plural,
				boolean namespaced) {
			return new ResourceSpec(null, group, version, kind, plural, namespaced);
		}

		@Override
		public String toString() {
			return (this.type != null) ? this.type.getSimpleName()
					: ((this.group.isEmpty() ? "" : this.group + "/") + this.version + " " + this.kind);
		}

	}

}
