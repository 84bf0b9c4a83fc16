package dev.lightkube.listener;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Owns one {@link KubeWatchContainer} per {@code @KubeWatch} method: starts them after the application context is
 * refreshed, stops them gracefully on shutdown, and lets the application stop and start each by id.
 */
public class KubeWatchListenerRegistry implements SmartLifecycle {

	/** Starts late and stops early: listeners may use every other bean. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final ListWatchSourceFactory sources;

	private final KubeWatchContainer.ContainerSettings settings;

	private final ListenerMetrics metrics;

	private final Map<String, KubeWatchContainer<?>> containers = new LinkedHashMap<>();

	private final Map<String, Boolean> autoStartup = new LinkedHashMap<>();

	private volatile boolean running;

	private volatile ListenerThreadFactory threadFactory = ListenerThreadFactory.PLATFORM;

	/**
	 * A registry whose listeners list and watch through {@code client}.
	 * @param client the client
	 * @param settings the containers' tunables
	 * @param metrics where listeners are counted ({@link ListenerMetrics#NOOP} for nowhere)
	 */
	public KubeWatchListenerRegistry(ReactiveKubeClient client, KubeWatchContainer.ContainerSettings settings,
			ListenerMetrics metrics) {
		this(new ClientSources(client), settings, metrics);
	}

	KubeWatchListenerRegistry(ListWatchSourceFactory sources, KubeWatchContainer.ContainerSettings settings,
			ListenerMetrics metrics) {
		this.sources = sources;
		this.settings = settings;
		this.metrics = metrics;
	}

	/** Creates the container of {@code endpoint}; started at once when the registry runs and it auto-starts. */
	public synchronized void register(KubeWatchEndpoint endpoint) {
		if (this.containers.containsKey(endpoint.id())) {
			throw new IllegalStateException("Another @KubeWatch listener already has the id '" + endpoint.id() + "'");
		}
		KubeWatchContainer<?> container = create(endpoint, (ListWatchSource<? extends HasMetadata>) this.sources
			.create(endpoint));
		this.containers.put(endpoint.id(), container);
		this.autoStartup.put(endpoint.id(), endpoint.autoStartup());
		if (this.running && endpoint.autoStartup()) {
			container.start();
		}
	}

	private <T extends HasMetadata> KubeWatchContainer<T> create(KubeWatchEndpoint endpoint,
			ListWatchSource<T> source) {
		MethodInvoker<T> invoker = MethodInvoker.of(endpoint.bean(), endpoint.method(), source.type());
		KubeWatchContainer<T> container = new KubeWatchContainer<>(endpoint.id(), source, invoker, endpoint.events(),
				endpoint.errorHandler(), this.settings, this.metrics, Clock.systemUTC());
		container.setThreadFactory(this.threadFactory);
		return container;
	}

	/** Where listener threads come from ({@link ListenerThreadFactory#PLATFORM} by default); set before start. */
	public void setThreadFactory(ListenerThreadFactory threadFactory) {
		this.threadFactory = java.util.Objects.requireNonNull(threadFactory, "threadFactory must not be null");
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
	public KubeWatchContainer.ContainerSettings getSettings() {
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

	/** Makes the list/watch source of an endpoint. */
	interface ListWatchSourceFactory {

		ListWatchSource<?> create(KubeWatchEndpoint endpoint);

	}

	/** Sources on the client: model classes as they are, generic descriptors as generic resources. */
	private record ClientSources(ReactiveKubeClient client) implements ListWatchSourceFactory {

		@Override
		@SuppressWarnings("unchecked")
		public ListWatchSource<?> create(KubeWatchEndpoint endpoint) {
			KubeWatchEndpoint.ResourceSpec spec = endpoint.resource();
			ResourceType<? extends HasMetadata> type;
			if (spec.type() != null) {
				if (!HasMetadata.class.isAssignableFrom(spec.type())) {
					throw new IllegalStateException("@KubeWatch on " + endpoint.method().toGenericString() + ": "
							+ spec.type().getName() + " is not a Kubernetes resource (HasMetadata)");
				}
				type = ResourceType.of((Class<? extends HasMetadata>) spec.type());
			}
			else {
				type = GenericResources.of(spec.group(), spec.version(), spec.kind(), spec.plural(),
						spec.namespaced());
			}
			return source(type, endpoint);
		}

		private <T extends HasMetadata> ListWatchSource<T> source(ResourceType<T> type, KubeWatchEndpoint endpoint) {
			return new ClientListWatchSource<>(this.client, type, endpoint.namespace(), endpoint.labels(),
					endpoint.fields());
		}

	}

}
