package dev.lightkube.listener;

import dev.lightkube.Selector;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.informer.Transforms;
import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Owns one {@link KubeWatchContainer} per {@code @KubeWatch} method: starts them after the application context is
 * refreshed, stops them gracefully on shutdown, and lets the application stop and start each by id. Listeners of the
 * same kind, namespace, selectors and transform are handlers of one {@link SharedInformer} of the
 * {@link SharedInformerFactory}: one watch and one cache for all of them. The factory's owner closes it, after the
 * listeners have stopped.
 */
public class KubeWatchListenerRegistry implements SmartLifecycle {

	/** Starts late and stops early: listeners may use every other bean. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	// Both resolved on the first listener, not with the registry: the factory's bean builds the client and the
	// settings come from the bound properties, neither of which a context without listeners needs at start-up.
	// Guarded by this.
	private final Supplier<SharedInformerFactory> informerFactory;

	private @Nullable SharedInformerFactory informers;

	private final Supplier<KubeWatchContainer.ContainerSettings> settingsSupplier;

	private KubeWatchContainer.@Nullable ContainerSettings settings;

	private final ListenerMetrics metrics;

	private final Map<String, KubeWatchContainer<?>> containers = new LinkedHashMap<>();

	private final Map<String, Boolean> autoStartup = new LinkedHashMap<>();

	private volatile boolean running;

	private volatile ListenerThreadFactory threadFactory = ListenerThreadFactory.PLATFORM;

	/**
	 * A registry whose listeners are handlers of the informers of {@code informers}.
	 * @param informers where the listeners' shared informers come from
	 * @param settings the containers' tunables
	 * @param metrics where listeners are counted ({@link ListenerMetrics#NOOP} for nowhere)
	 */
	public KubeWatchListenerRegistry(SharedInformerFactory informers, KubeWatchContainer.ContainerSettings settings,
			ListenerMetrics metrics) {
		this(supplierOf(Objects.requireNonNull(informers, "informers must not be null")),
				supplierOf(Objects.requireNonNull(settings, "settings must not be null")), metrics);
	}

	/**
	 * A registry whose listeners are handlers of the informers of the factory {@code informers} supplies, with the
	 * tunables {@code settings} supplies; both asked for when the first listener is registered (or
	 * {@link #getInformerFactory()} or {@link #getSettings()} is called), once.
	 * @param informers supplies the factory the listeners' shared informers come from
	 * @param settings supplies the containers' tunables
	 * @param metrics where listeners are counted ({@link ListenerMetrics#NOOP} for nowhere)
	 */
	public KubeWatchListenerRegistry(Supplier<SharedInformerFactory> informers,
			Supplier<KubeWatchContainer.ContainerSettings> settings, ListenerMetrics metrics) {
		this.informerFactory = Objects.requireNonNull(informers, "informers must not be null");
		this.settingsSupplier = Objects.requireNonNull(settings, "settings must not be null");
		this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
	}

	/** Creates the container of {@code endpoint}; started at once when the registry runs and it auto-starts. */
	public synchronized void register(KubeWatchEndpoint endpoint) {
		if (this.containers.containsKey(endpoint.id())) {
			throw new IllegalStateException("Another @KubeWatch listener already has the id '" + endpoint.id() + "'");
		}
		KubeWatchContainer<?> container = create(endpoint, informer(endpoint));
		this.containers.put(endpoint.id(), container);
		this.autoStartup.put(endpoint.id(), endpoint.autoStartup());
		if (this.running && endpoint.autoStartup()) {
			container.start();
		}
	}

	private <T extends HasMetadata> KubeWatchContainer<T> create(KubeWatchEndpoint endpoint,
			SharedInformer<T> informer) {
		MethodInvoker<T> invoker = MethodInvoker.of(endpoint.bean(), endpoint.method(), informer.type().type());
		KubeWatchContainer<T> container = new KubeWatchContainer<>(endpoint.id(), informer, invoker, endpoint.events(),
				endpoint.errorHandler(), getSettings(), this.metrics, Clock.systemUTC());
		container.setThreadFactory(this.threadFactory);
		return container;
	}

	/** Where listener threads come from ({@link ListenerThreadFactory#PLATFORM} by default); set before start. */
	public void setThreadFactory(ListenerThreadFactory threadFactory) {
		this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory must not be null");
	}

	/**
	 * Stops and forgets the listener with this id, as when the bean that declared it is destroyed (a refresh-like
	 * scope); nothing happens for an unknown id.
	 */
	public void unregister(String id) {
		KubeWatchContainer<?> container;
		synchronized (this) {
			container = this.containers.remove(id);
			this.autoStartup.remove(id);
		}
		if (container != null) {
			container.stop();
			this.metrics.unregistered(id);
		}
	}

	/** The tunables every container gets. */
	public synchronized KubeWatchContainer.ContainerSettings getSettings() {
		if (this.settings == null) {
			this.settings = Objects.requireNonNull(this.settingsSupplier.get(), "the settings supplied are null");
		}
		return this.settings;
	}

	/** The container with this id, or {@code null}. */
	public synchronized @Nullable KubeWatchContainer<?> getListenerContainer(String id) {
		return this.containers.get(id);
	}

	/** The ids of every listener. */
	public synchronized Set<String> getListenerContainerIds() {
		return Set.copyOf(this.containers.keySet());
	}

	/** Every container. */
	public synchronized Collection<KubeWatchContainer<?>> getListenerContainers() {
		return List.copyOf(this.containers.values());
	}

	@Override
	public synchronized void start() {
		this.containers.forEach((id, container) -> {
			if (this.autoStartup.get(id)) {
				container.start();
			}
		});
		this.running = true;
	}

	@Override
	public void stop() {
		stopAll();
	}

	@Override
	public void stop(Runnable callback) {
		// Containers stop side by side; the callback runs once all have let their last delivery finish.
		CompletableFuture.runAsync(this::stopAll).whenComplete((result, failure) -> callback.run());
	}

	private void stopAll() {
		Collection<KubeWatchContainer<?>> all;
		synchronized (this) {
			this.running = false;
			all = List.copyOf(this.containers.values());
		}
		CompletableFuture.allOf(all.stream()
			.map((container) -> CompletableFuture.runAsync(container::stop))
			.toArray(CompletableFuture[]::new)).join();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Health details of every listener, by id. */
	public synchronized Map<String, Object> describe() {
		Map<String, Object> details = new LinkedHashMap<>();
		this.containers.forEach((id, container) -> details.put(id, container.describe()));
		return details;
	}

	/** Whether a listener has failed, or been reconnecting for longer than allowed. */
	public synchronized boolean isUnhealthy() {
		return this.containers.values().stream().anyMatch(KubeWatchContainer::isUnhealthy);
	}

	/** The informer factory the listeners' informers come from. */
	public synchronized SharedInformerFactory getInformerFactory() {
		if (this.informers == null) {
			this.informers = Objects.requireNonNull(this.informerFactory.get(), "the informer factory supplied is null");
		}
		return this.informers;
	}

	private static <T> Supplier<T> supplierOf(T value) {
		return () -> value;
	}

	/** The shared informer of the endpoint's kind, namespace, selectors and transform. */
	private SharedInformer<? extends HasMetadata> informer(KubeWatchEndpoint endpoint) {
		ResourceType<? extends HasMetadata> type = type(endpoint);
		KubeWatch.Transform transform = (endpoint.transform() != KubeWatch.Transform.DEFAULT) ? endpoint.transform()
				: getSettings().transform();
		InformerOptions options = InformerOptions.defaults()
			.withNamespace(endpoint.namespace())
			.withLabels(Selector.parse(endpoint.labels()))
			.withFields(Selector.parse(endpoint.fields()))
			.withTransform(transform(transform))
			.withWatchList(getSettings().watchList());
		try {
			return getInformerFactory().informer(type, options);
		}
		catch (IllegalArgumentException ex) {
			// Listeners of the same objects share one cache, which keeps objects one way only.
			throw new IllegalStateException("@KubeWatch listener '" + endpoint.id() + "' ("
					+ endpoint.method().toGenericString() + ") asks for transform " + transform + ", but "
					+ ex.getMessage() + ": give the listeners of these objects the same transform attribute, or "
					+ "leave it unset and set lightkube.watch.transform", ex);
		}
	}

	private static @Nullable UnaryOperator<HasMetadata> transform(KubeWatch.Transform transform) {
		return switch (transform) {
			case DROP_MANAGED_FIELDS -> Transforms.dropManagedFields();
			case NONE, DEFAULT -> null;
		};
	}

	/** Model classes as they are, generic descriptors as generic resources. */
	@SuppressWarnings("unchecked")
	private static ResourceType<? extends HasMetadata> type(KubeWatchEndpoint endpoint) {
		KubeWatchEndpoint.ResourceSpec spec = endpoint.resource();
		if (spec.type() != null) {
			if (!HasMetadata.class.isAssignableFrom(spec.type())) {
				throw new IllegalStateException("@KubeWatch on " + endpoint.method().toGenericString() + ": "
						+ spec.type().getName() + " is not a Kubernetes resource (HasMetadata)");
			}
			return ResourceType.of((Class<? extends HasMetadata>) spec.type());
		}
		return GenericResources.of(spec.group(), spec.version(), spec.kind(), spec.plural(), spec.namespaced());
	}

}
