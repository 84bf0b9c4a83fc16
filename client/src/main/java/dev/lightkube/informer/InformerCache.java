package dev.lightkube.informer;

import dev.lightkube.Selector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The objects a {@link SharedInformer} currently knows, keyed by {@code namespace/name} ({@code name} for
 * cluster-scoped objects), with indexes (client-go's {@code Indexer}). Thread-safe; reads see each change
 * atomically. Objects are shared with the handlers and other readers: treat them as read-only.
 *
 * <p>Indexes map an index value to the keys of the objects that have it and are kept up to date on every add,
 * update and delete, so lookups do not scan the cache. Two are built in: {@link #NAMESPACE_INDEX} and a label index
 * behind {@link #list(Selector)}.
 *
 * @param <T> the object type
 */
public final class InformerCache<T extends HasMetadata> {

	/** The built-in index of objects by {@code metadata.namespace} (client-go's {@code NamespaceIndex}). */
	public static final String NAMESPACE_INDEX = "namespace";

	/** The built-in label index; its values are {@code key=value}. */
	private static final String LABEL_INDEX = "lightkube.dev/labels";

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private final Map<String, T> items = new LinkedHashMap<>();

	private final Map<String, IndexFunction<T>> functions = new LinkedHashMap<>();

	/** index name -> index value -> keys. */
	private final Map<String, Map<String, Set<String>>> indices = new HashMap<>();

	InformerCache() {
		this.functions.put(NAMESPACE_INDEX, (object) -> {
			String namespace = object.getMetadata().getNamespace();
			return (namespace != null) ? List.of(namespace) : List.of();
		});
		this.functions.put(LABEL_INDEX, (object) -> {
			Map<String, String> labels = object.getMetadata().getLabels();
			if (labels == null || labels.isEmpty()) {
				return List.of();
			}
			List<String> values = new ArrayList<>(labels.size());
			labels.forEach((key, value) -> values.add(key + "=" + value));
			return values;
		});
		this.functions.keySet().forEach((name) -> this.indices.put(name, new HashMap<>()));
	}

	/** The cache key of an object: {@code namespace/name}, or {@code name} without a namespace. */
	public static String keyOf(HasMetadata object) {
		ObjectMeta metadata = Objects.requireNonNull(object.getMetadata(), "object has no metadata");
		String name = Objects.requireNonNull(metadata.getName(), "object has no metadata.name");
		String namespace = metadata.getNamespace();
		return (namespace == null || namespace.isEmpty()) ? name : namespace + "/" + name;
	}

	/**
	 * Adds an index (client-go's {@code AddIndexers}); may be called at any time, objects already cached are indexed
	 * at once.
	 * @throws IllegalArgumentException when an index of that name exists
	 */
	public void addIndex(String name, IndexFunction<T> function) {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(function, "function must not be null");
		this.lock.writeLock().lock();
		try {
			if (this.functions.containsKey(name)) {
				throw new IllegalArgumentException("an index named '" + name + "' exists already");
			}
			this.functions.put(name, function);
			Map<String, Set<String>> index = new HashMap<>();
			this.indices.put(name, index);
			this.items.forEach((key, object) -> addTo(index, function, key, object));
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	/** The object with this namespace ({@code null} for cluster-scoped kinds) and name, or {@code null}. */
	public @Nullable T get(@Nullable String namespace, String name) {
		return getByKey((namespace == null || namespace.isEmpty()) ? name : namespace + "/" + name);
	}

	/** The object with this key (see {@link #keyOf(HasMetadata)}), or {@code null}. */
	public @Nullable T getByKey(String key) {
		this.lock.readLock().lock();
		try {
			return this.items.get(key);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** Every cached object. */
	public List<T> list() {
		this.lock.readLock().lock();
		try {
			return new ArrayList<>(this.items.values());
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** The keys of every cached object. */
	public List<String> keys() {
		this.lock.readLock().lock();
		try {
			return new ArrayList<>(this.items.keySet());
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** How many objects are cached. */
	public int size() {
		this.lock.readLock().lock();
		try {
			return this.items.size();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** The cached objects of one namespace, through {@link #NAMESPACE_INDEX}. */
	public List<T> listInNamespace(String namespace) {
		return byIndex(NAMESPACE_INDEX, namespace);
	}

	/**
	 * The cached objects whose labels match the selector, with Kubernetes' semantics. The candidates come from the
	 * label index through the selector's most selective {@code key=value} or {@code key in (...)} requirement; a
	 * selector with neither (only {@code !=}, {@code notin}, exists, not exists) checks every object.
	 */
	public List<T> list(Selector labels) {
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		this.lock.readLock().lock();
		try {
			Collection<String> candidates = null;
			Map<String, Set<String>> index = this.indices.get(LABEL_INDEX);
			for (Selector.Requirement requirement : labels.requirements()) {
				Set<String> keys = switch (requirement.operator()) {
					case EQUAL, IN -> {
						Set<String> union = new HashSet<>();
						for (String value : requirement.values()) {
							union.addAll(index.getOrDefault(requirement.key() + "=" + value, Set.of()));
						}
						yield union;
					}
					default -> null;
				};
				if (keys != null && (candidates == null || keys.size() < candidates.size())) {
					candidates = keys;
				}
			}
			if (candidates == null) {
				candidates = this.items.keySet();
			}
			List<T> result = new ArrayList<>();
			for (String key : candidates) {
				T object = this.items.get(key);
				if (object != null && LabelMatching.matches(labels, object.getMetadata().getLabels())) {
					result.add(object);
				}
			}
			return result;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * The cached objects that the named index maps to this value (client-go's {@code ByIndex}).
	 * @throws IllegalArgumentException when there is no such index
	 */
	public List<T> byIndex(String indexName, String value) {
		this.lock.readLock().lock();
		try {
			Set<String> keys = index(indexName).getOrDefault(value, Set.of());
			List<T> result = new ArrayList<>(keys.size());
			for (String key : keys) {
				result.add(this.items.get(key));
			}
			return result;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * The keys that the named index maps to this value (client-go's {@code IndexKeys}).
	 * @throws IllegalArgumentException when there is no such index
	 */
	public List<String> indexKeys(String indexName, String value) {
		this.lock.readLock().lock();
		try {
			return new ArrayList<>(index(indexName).getOrDefault(value, Set.of()));
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	private Map<String, Set<String>> index(String indexName) {
		Map<String, Set<String>> index = LABEL_INDEX.equals(indexName) ? null : this.indices.get(indexName);
		if (index == null) {
			throw new IllegalArgumentException("no index named '" + indexName + "'; add it with addIndex(name, "
					+ "function)");
		}
		return index;
	}

	/** Adds or replaces an object; returns the object it replaced. */
	@Nullable T put(T object) {
		String key = keyOf(object);
		this.lock.writeLock().lock();
		try {
			T old = this.items.put(key, object);
			for (Map.Entry<String, IndexFunction<T>> function : this.functions.entrySet()) {
				Map<String, Set<String>> index = this.indices.get(function.getKey());
				if (old != null) {
					removeFrom(index, function.getValue(), key, old);
				}
				addTo(index, function.getValue(), key, object);
			}
			return old;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	/** Removes an object by key; returns it, or {@code null} when it was not cached. */
	@Nullable T remove(String key) {
		this.lock.writeLock().lock();
		try {
			T old = this.items.remove(key);
			if (old != null) {
				for (Map.Entry<String, IndexFunction<T>> function : this.functions.entrySet()) {
					removeFrom(this.indices.get(function.getKey()), function.getValue(), key, old);
				}
			}
			return old;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private static <T> void addTo(Map<String, Set<String>> index, IndexFunction<T> function, String key, T object) {
		for (String value : function.values(object)) {
			index.computeIfAbsent(value, (v) -> new HashSet<>()).add(key);
		}
	}

	private static <T> void removeFrom(Map<String, Set<String>> index, IndexFunction<T> function, String key,
			T object) {
		for (String value : function.values(object)) {
			Set<String> keys = index.get(value);
			if (keys != null) {
				keys.remove(key);
				if (keys.isEmpty()) {
					index.remove(value);
				}
			}
		}
	}

	@Override
	public String toString() {
		return "InformerCache[size=" + size() + "]";
	}

}
