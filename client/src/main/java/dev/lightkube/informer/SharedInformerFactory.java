package dev.lightkube.informer;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.Selector;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Hands out one {@link SharedInformer} per kind, namespace, label selector and field selector (client-go's
 * {@code SharedInformerFactory}), so every user of the same objects shares one watch and one cache.
 *
 * <pre>{@code
 * import dev.lightkube.informer.InformerOptions;
 * import dev.lightkube.informer.SharedInformer;
 * import dev.lightkube.informer.SharedInformerFactory;
 *
 * try (SharedInformerFactory factory = new SharedInformerFactory(client)) {
 *     SharedInformer<Pod> pods = factory.informer(Pod.class, InformerOptions.inNamespace("default"));
 *     pods.addHandler(handler);
 *     factory.startAll();
 *     ...
 * }
 * }</pre>
 *
 * <p>Informers start with a WatchList unless told otherwise ({@link InformerOptions#withWatchList(boolean)}). Once
 * one of them finds that the server does not speak it (see {@link SharedInformer}), the factory remembers it: all its
 * informers, including later ones, and their relists go straight to LIST then WATCH. An informer asked for again
 * keeps the start-up options it was created with.
 *
 * <p>Thread-safe. Closing the factory closes its informers; the client stays open.
 */
public final class SharedInformerFactory implements AutoCloseable {

	private final ReactiveKubeClient client;

	private final Map<Key, SharedInformer<?>> informers = new LinkedHashMap<>();

	private final WatchListSupport watchListSupport = new WatchListSupport();

	private boolean closed;

	/** A factory whose informers list and watch through this client. */
	public SharedInformerFactory(ReactiveKubeClient client) {
		this.client = Objects.requireNonNull(client, "client must not be null");
	}

	/** See {@link #informer(ResourceType, InformerOptions)}. */
	public <T extends HasMetadata> SharedInformer<T> informer(Class<T> type, InformerOptions options) {
		return informer(ResourceType.of(type), options);
	}

	/**
	 * The informer of this kind, namespace ({@code null}: the client's) and selectors; the same instance for the
	 * same arguments. The first call creates it (not started); later calls must ask for the same transform and queue
	 * capacity.
	 * @throws IllegalArgumentException when the informer exists with another transform or queue capacity
	 * @throws IllegalStateException when the factory is closed
	 */
	@SuppressWarnings("unchecked")
	public synchronized <T extends HasMetadata> SharedInformer<T> informer(ResourceType<T> type,
			InformerOptions options) {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(options, "options must not be null");
		if (this.closed) {
			throw new IllegalStateException("the informer factory is closed");
		}
		InformerOptions resolved = options.withNamespace(namespace(type, options.namespace()));
		Key key = new Key(type, resolved.namespace(), resolved.labels(), resolved.fields());
		SharedInformer<?> existing = this.informers.get(key);
		if (existing != null) {
			InformerOptions present = existing.options();
			if (!Objects.equals(present.transform(), resolved.transform())
					|| present.handlerQueueCapacity() != resolved.handlerQueueCapacity()) {
				throw new IllegalArgumentException("the informer of " + type.plural() + " " + key.describe()
						+ " exists with other options (" + present + "); ask for the same transform and queue capacity");
			}
			return (SharedInformer<T>) existing;
		}
		SharedInformer<T> informer = new SharedInformer<>(this.client, type, resolved, this.watchListSupport);
		this.informers.put(key, informer);
		return informer;
	}

	/** Starts every informer created so far (client-go's {@code Start}); started ones are left alone. */
	public void startAll() {
		for (SharedInformer<?> informer : informers()) {
			informer.start();
		}
	}

	/** The informers created so far. */
	public synchronized List<SharedInformer<?>> informers() {
		return new ArrayList<>(this.informers.values());
	}

	/** Closes every informer. */
	@Override
	public void close() {
		List<SharedInformer<?>> all;
		synchronized (this) {
			this.closed = true;
			all = new ArrayList<>(this.informers.values());
		}
		all.forEach(SharedInformer::close);
	}

	private @Nullable String namespace(ResourceType<?> type, @Nullable String namespace) {
		if (!type.namespaced()) {
			return null;
		}
		return (namespace != null) ? namespace : this.client.namespace();
	}

	private record Key(ResourceType<?> type, @Nullable String namespace, Selector labels, Selector fields) {

		String describe() {
			return "(namespace " + this.namespace + ", labels '" + this.labels + "', fields '" + this.fields + "')";
		}

	}

}
