package dev.lightkube.listener;

import dev.lightkube.informer.InformerCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The current objects of a {@code @KubeWatch} listener's kind, read-only: a view of the cache of the shared informer
 * the listener is a handler of, kept up to date without API calls. For indexes and label selectors use the
 * informer's {@link InformerCache} ({@code KubeWatchContainer#getInformer()}).
 *
 * @param <T> the resource type
 */
public final class ObjectCache<T extends HasMetadata> {

	private final InformerCache<T> objects;

	ObjectCache(InformerCache<T> objects) {
		this.objects = objects;
	}

	/** The object with this name in this namespace ({@code null} namespace for cluster-scoped kinds). */
	public Optional<T> get(@Nullable String namespace, String name) {
		return Optional.ofNullable(this.objects.get(namespace, name));
	}

	/** Every object, in no particular order. */
	public List<T> list() {
		return this.objects.list();
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
		return this.objects.list().stream().filter(filter).toList();
	}

	/** How many objects are known. */
	public int size() {
		return this.objects.size();
	}

}
