package dev.lightkube.resource;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import java.util.Objects;

/**
 * A sub-resource of a kind, addressed with the parent object's name: {@code status}, {@code scale},
 * {@code eviction}, {@code ephemeralcontainers}, {@code binding}, {@code resize}. Lightkube's
 * {@code Deployment.Status}, {@code Deployment.Scale}, {@code Pod.Eviction}, ...
 *
 * <pre>{@code
 * client.replace(SubResource.status(Deployment.class), "web", deployment);
 * client.patch(SubResource.scale(Deployment.class), "web", Map.of("spec", Map.of("replicas", 3)));
 * client.create(SubResource.eviction(), "web-0", eviction);
 * }</pre>
 *
 * @param <P> the parent's Java type
 * @param <T> the Java type of the sub-resource's body
 * @param parent the parent kind, which gives the path
 * @param name the sub-resource's path segment
 * @param body the kind of the body sent and received
 */
public record SubResource<P, T>(ResourceType<P> parent, String name, ResourceType<T> body) {

	public SubResource {
		Objects.requireNonNull(parent, "parent must not be null");
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(body, "body must not be null");
		if (name.isBlank() || name.contains("/")) {
			throw new IllegalArgumentException("sub-resource name must be one path segment, got '" + name + "'");
		}
	}

	/** The {@code status} sub-resource of a kind; its body is the whole object. */
	public static <P extends HasMetadata> SubResource<P, P> status(Class<P> parent) {
		return status(ResourceType.of(parent));
	}

	/** The {@code status} sub-resource of a kind (also a generic one); its body is the whole object. */
	public static <P> SubResource<P, P> status(ResourceType<P> parent) {
		return new SubResource<>(parent, "status", parent);
	}

	/** The {@code scale} sub-resource (Deployment, StatefulSet, ReplicaSet, ...); its body is an autoscaling/v1 {@link Scale}. */
	public static <P extends HasMetadata> SubResource<P, Scale> scale(Class<P> parent) {
		return scale(ResourceType.of(parent));
	}

	/** The {@code scale} sub-resource of any kind that has one (also a generic CRD kind). */
	public static <P> SubResource<P, Scale> scale(ResourceType<P> parent) {
		return new SubResource<>(parent, "scale", ResourceType.of(Scale.class));
	}

	/** {@code pods/eviction}: create an {@link Eviction} to evict a pod respecting disruption budgets. */
	public static SubResource<Pod, Eviction> eviction() {
		return new SubResource<>(ResourceType.of(Pod.class), "eviction", ResourceType.of(Eviction.class));
	}

	/** {@code pods/ephemeralcontainers}: the pod with its ephemeral containers. */
	public static SubResource<Pod, Pod> ephemeralContainers() {
		return new SubResource<>(ResourceType.of(Pod.class), "ephemeralcontainers", ResourceType.of(Pod.class));
	}

	/** {@code pods/binding}: create a {@link Binding} to bind a pod to a node. */
	public static SubResource<Pod, Binding> binding() {
		return new SubResource<>(ResourceType.of(Pod.class), "binding", ResourceType.of(Binding.class));
	}

	/** {@code pods/resize}: the pod, for in-place changes of container resources. */
	public static SubResource<Pod, Pod> resize() {
		return new SubResource<>(ResourceType.of(Pod.class), "resize", ResourceType.of(Pod.class));
	}

	@Override
	public String toString() {
		return this.parent.kind() + "/" + this.name;
	}

}
