package dev.lightkube.listener;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The objects a {@code @KubeWatch} listener last saw, read-only: the state the listener's deliveries add up to, kept
 * up to date without API calls.
 *
 * @param <T> the resource type
 */
public final class ObjectCache<T extends HasMetadata> {

	private final Map<String, T> objects;

	ObjectCache(Map<String, T> objects) {
		this.objects = objects;
	}

	/** The object with this name in this namespace ({@code null} namespace for cluster-scoped kinds). */
	public Optional<T> get(@Nullable String namespace, String name) {
		return Optional.ofNullable(this.objects.get(key(namespace, name)));
	}

	/** Every object, in no particular order. */
	public List<T> list() {
		return List.copyOf(this.objects.values());
	}

	/** The objects whose labels include every entry of {@code labels}. */
	public List<T> list(Map<String, String> labels) {
		return list((object) -> {
			Map<String, String> actual = object.getMetadata().getLabels();
			return actual != null && actual.entrySet().containsAll(labels.entrySet());
		});
	}

	/** The objects that match {@code filter}. */
	public List<T> list(Predicate<? super T> filter) {
		return this.objects.values().stream().filter(filter).toList();
	}

	/** How many objects are known. */
	public int size() {
		return this.objects.size();
	}

	static String key(@Nullable String namespace, String name) {
		return (namespace != null && !namespace.isEmpty()) ? namespace + "/" + name : name;
	}

	static String key(HasMetadata object) {
		return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
	}

}
