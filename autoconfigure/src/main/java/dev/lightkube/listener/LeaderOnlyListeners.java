package dev.lightkube.listener;

import dev.lightkube.leader.LeaderCallbacks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the leader-only {@code @KubeWatch} listeners when this replica becomes the leader and stops them, each
 * finishing the event in hand, when it stops leading. The registry never starts them by itself (they are registered
 * without auto-start). Starting adds the listener to its shared informer, which delivers the cached objects as ADDED
 * first (or lists them, when no other listener runs on that informer yet); stopping removes it, and the shared watch
 * goes on for the other users of the informer.
 */
public class LeaderOnlyListeners implements LeaderCallbacks {

	private final KubeWatchListenerRegistry registry;

	/** Listener id to whether it should start at all (its {@code autoStartup}). */
	private final Map<String, Boolean> listeners = new LinkedHashMap<>();

	private boolean leading;

	/**
	 * @param registry the registry that owns the listeners' containers
	 */
	public LeaderOnlyListeners(KubeWatchListenerRegistry registry) {
		this.registry = registry;
	}

	/** Marks the listener {@code id} leader-only; it starts with leadership when {@code autoStartup}. */
	public synchronized void add(String id, boolean autoStartup) {
		this.listeners.put(id, autoStartup);
		if (this.leading && autoStartup) {
			start(id);
		}
	}

	/**
	 * Marks the listener of {@code endpoint} leader-only and returns the endpoint to register: the same, without
	 * auto-start, since leadership starts it.
	 */
	public KubeWatchEndpoint adopt(KubeWatchEndpoint endpoint) {
		add(endpoint.id(), endpoint.autoStartup());
		return new KubeWatchEndpoint(endpoint.id(), endpoint.bean(), endpoint.method(), endpoint.resource(),
				endpoint.namespace(), endpoint.labels(), endpoint.fields(), endpoint.events(), false,
				endpoint.errorHandler(), endpoint.transform());
	}

	/** The ids of the leader-only listeners. */
	public synchronized List<String> ids() {
		return List.copyOf(this.listeners.keySet());
	}

	/** Whether the listener {@code id} runs only on the leader. */
	public synchronized boolean isLeaderOnly(String id) {
		return this.listeners.containsKey(id);
	}

	@Override
	public synchronized void startedLeading() {
		this.leading = true;
		this.listeners.forEach((id, autoStartup) -> {
			if (autoStartup) {
				start(id);
			}
		});
	}

	private void start(String id) {
		KubeWatchContainer<?> container = this.registry.getListenerContainer(id);
		if (container != null) {
			container.start();
		}
	}

	@Override
	public void stoppedLeading() {
		List<KubeWatchContainer<?>> containers;
		synchronized (this) {
			this.leading = false;
			containers = this.listeners.keySet()
				.stream()
				.map(this.registry::getListenerContainer)
				.filter((container) -> container != null)
				.<KubeWatchContainer<?>>map((container) -> container)
				.toList();
		}
		// Side by side: each lets the delivery in progress finish; leadership ends only once all have stopped.
		CompletableFuture.allOf(containers.stream()
			.map((container) -> CompletableFuture.runAsync(container::stop))
			.toArray(CompletableFuture[]::new)).join();
	}

	@Override
	public String toString() {
		return "LeaderOnlyListeners" + ids();
	}

}
