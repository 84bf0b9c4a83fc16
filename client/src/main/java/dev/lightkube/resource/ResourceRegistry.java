package dev.lightkube.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@code apiVersion} + {@code kind} back to a {@link ResourceType}: kinds registered here first (generic CRD
 * kinds, custom classes), then every fabric8 model class on the class path. Used by the YAML codec and
 * {@code apply}/{@code create} of generic objects. Thread-safe.
 */
public final class ResourceRegistry {

	private static final ResourceRegistry SHARED = new ResourceRegistry();


	private final Map<String, ResourceType<?>> types = new ConcurrentHashMap<>();

	/** The registry that {@link GenericResources} fills and the clients and codecs use by default. */
	public static ResourceRegistry shared() {
		return SHARED;
	}

	/** Registers a kind; a later registration of the same {@code apiVersion} + {@code kind} replaces it. */
	public <T> ResourceType<T> register(ResourceType<T> type) {
		Objects.requireNonNull(type, "type must not be null");
		this.types.put(key(type.apiVersion(), type.kind()), type);
		return type;
	}

	/** The kinds registered explicitly (not the built-in model classes). */
	public Collection<ResourceType<?>> registered() {
		return List.copyOf(this.types.values());
	}

	/**
	 * The kind of {@code apiVersion} + {@code kind}, or {@code null} when neither registered here nor a fabric8
	 * model class.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public @Nullable ResourceType<?> find(String apiVersion, String kind) {
		Objects.requireNonNull(apiVersion, "apiVersion must not be null");
		Objects.requireNonNull(kind, "kind must not be null");
		ResourceType<?> registered = this.types.get(key(apiVersion, kind));
		if (registered != null) {
			return registered;
		}
		Class<? extends KubernetesResource> modelClass = ModelIndex.MODEL.getRegisteredKind(apiVersion, kind);
		if (modelClass != null && HasMetadata.class.isAssignableFrom(modelClass)
				&& !io.fabric8.kubernetes.api.model.GenericKubernetesResource.class.equals(modelClass)) {
			return ResourceType.of((Class) modelClass);
		}
		return null;
	}

	/** Like {@link #find} but fails with a message saying how to register the kind. */
	public ResourceType<?> require(String apiVersion, String kind) {
		ResourceType<?> type = find(apiVersion, kind);
		if (type == null) {
			throw new IllegalArgumentException("Unknown kind " + kind + " (apiVersion " + apiVersion
					+ "): register it with GenericResources.of(...), GenericResources.fromCrd(...) or "
					+ "GenericResources.loadInCluster(client)");
		}
		return type;
	}

	private static String key(String apiVersion, String kind) {
		return apiVersion + "/" + kind;
	}

	/**
	 * The fabric8 model's own apiVersion+kind index, built from the model jars' service files. It loads every model
	 * class (about a second), so it is made on the first lookup of a kind not registered here, not at start-up.
	 */
	private static final class ModelIndex {

		static final KubernetesDeserializer MODEL = new KubernetesDeserializer();

	}

}
