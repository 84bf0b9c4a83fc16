package dev.lightkube.internal.core;

import dev.lightkube.resource.ResourceRegistry;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a client's verbs share: the sender and the client-level defaults.
 *
 * @param sender sends the requests
 * @param namespace the client's default namespace
 * @param fieldManager the client's field manager
 * @param dryRun the client's dry-run setting
 * @param lazy whether lists hand out items as they are decoded
 * @param registry where generic kinds are looked up
 */
public record ClientContext(RequestSender sender, String namespace, @Nullable String fieldManager, boolean dryRun,
		boolean lazy, ResourceRegistry registry) {

	public ClientContext {
		Objects.requireNonNull(sender, "sender must not be null");
		Objects.requireNonNull(namespace, "namespace must not be null");
		Objects.requireNonNull(registry, "registry must not be null");
	}

	/**
	 * The namespace of a call, by lightkube's rules: the call's argument, then (for writes of an object) the object's
	 * {@code metadata.namespace}, which must agree with the argument when both are set, then the client's. Cluster-
	 * scoped kinds get {@code null}.
	 * @param type the kind addressed
	 * @param call the namespace given to the call
	 * @param object the object written, whose namespace counts; {@code null} for calls without one
	 * @param allowAll whether {@link Requests#ALL_NAMESPACES} is allowed (list and watch)
	 * @throws IllegalArgumentException when the namespaces disagree, a cluster-scoped kind gets one, or {@code "*"}
	 *     is given where it is not allowed
	 */
	public @Nullable String namespace(ResourceType<?> type, @Nullable String call, @Nullable Object object,
			boolean allowAll) {
		if (call != null && call.isBlank()) {
			throw new IllegalArgumentException("namespace must not be empty");
		}
		if (Requests.ALL_NAMESPACES.equals(call) && !allowAll) {
			throw new IllegalArgumentException("namespace '*' (all namespaces) is only allowed for list and watch");
		}
		if (!type.namespaced()) {
			if (call != null && !Requests.ALL_NAMESPACES.equals(call)) {
				throw new IllegalArgumentException(type.kind() + " is cluster-scoped: no namespace may be given (got '"
						+ call + "')");
			}
			return null;
		}
		String fromObject = null;
		if (object instanceof HasMetadata resource && resource.getMetadata() != null) {
			fromObject = resource.getMetadata().getNamespace();
			if (fromObject != null && fromObject.isEmpty()) {
				fromObject = null;
			}
		}
		if (call != null && fromObject != null && !call.equals(fromObject)) {
			throw new IllegalArgumentException("The namespace of the object ('" + fromObject
					+ "') differs from the namespace given to the call ('" + call + "')");
		}
		if (call != null) {
			return call;
		}
		return (fromObject != null) ? fromObject : this.namespace;
	}

	/** The field manager of a call: its own, else the client's. */
	public @Nullable String fieldManager(@Nullable String call) {
		return (call != null) ? call : this.fieldManager;
	}

	/** Whether a write (not a delete) is a dry run: a dry-run client always is, else the call decides. */
	public boolean dryRun(boolean call) {
		return call || this.dryRun;
	}

}
