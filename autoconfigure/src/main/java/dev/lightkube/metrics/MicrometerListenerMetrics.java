package dev.lightkube.metrics;

import dev.lightkube.EventType;
import dev.lightkube.listener.ListenerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Per-listener meters of {@code @KubeWatch} methods, tagged with the listener's id:
 * {@code kube.listener.events} (listener, type), {@code kube.listener.duration} (listener),
 * {@code kube.listener.errors} (listener, type), {@code kube.listener.restarts}, {@code kube.listener.relists} and the
 * gauge {@code kube.listener.queue}. The meters of a listener are built once, when it is registered, so that an event
 * costs a map look-up and an increment, not a registration; they are removed when the listener is.
 */
public class MicrometerListenerMetrics implements ListenerMetrics {

	private final MeterRegistry registry;

	private final Map<String, ListenerMeters> listeners = new ConcurrentHashMap<>();

	public MicrometerListenerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void registered(String listenerId, IntSupplier queueSize) {
		this.listeners.computeIfAbsent(listenerId, (id) -> new ListenerMeters(this.registry, id, queueSize));
	}

	@Override
	public void unregistered(String listenerId) {
		ListenerMeters meters = this.listeners.remove(listenerId);
		if (meters != null) {
			meters.all().forEach(this.registry::remove);
		}
	}

	@Override
	public void delivered(String listenerId, EventType type, long nanos) {
		ListenerMeters meters = meters(listenerId);
		meters.events.get(type).increment();
		meters.duration.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(String listenerId, EventType type) {
		meters(listenerId).errors.get(type).increment();
	}

	@Override
	public void restarted(String listenerId) {
		meters(listenerId).restarts.increment();
	}

	@Override
	public void relisted(String listenerId) {
		meters(listenerId).relists.increment();
	}

	private ListenerMeters meters(String listenerId) {
		// Registered first in normal use; a listener that was not (a custom registry) gets a queue gauge of zero.
		return this.listeners.computeIfAbsent(listenerId, (id) -> new ListenerMeters(this.registry, id, () -> 0));
	}

	/** The meters of one listener. */
	private static final class ListenerMeters {

		/** Held here: the gauge keeps only a weak reference to its state, which must live as long as the gauge. */
		private final IntSupplier queueSize;

		private final Gauge queue;

		private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);

		private final Map<EventType, Counter> errors = new EnumMap<>(EventType.class);

		private final Timer duration;

		private final Counter restarts;

		private final Counter relists;

		ListenerMeters(MeterRegistry registry, String id, IntSupplier queueSize) {
			this.queueSize = queueSize;
			this.queue = Gauge.builder("kube.listener.queue", this.queueSize, IntSupplier::getAsInt)
				.description("Events waiting for the listener method")
				.tag("listener", id)
				.strongReference(true)
				.register(registry);
			// the changes a listener receives (INITIAL_EVENTS_END only reaches a plain watch that asked for it)
			for (EventType type : List.of(EventType.ADDED, EventType.MODIFIED, EventType.DELETED)) {
				this.events.put(type, Counter.builder("kube.listener.events")
					.description("Events delivered to the listener method")
					.tag("listener", id)
					.tag("type", type.name())
					.register(registry));
				this.errors.put(type, Counter.builder("kube.listener.errors")
					.description("Exceptions thrown by the listener method")
					.tag("listener", id)
					.tag("type", type.name())
					.register(registry));
			}
			this.duration = Timer.builder("kube.listener.duration")
				.description("Time spent in the listener method")
				.tag("listener", id)
				.register(registry);
			this.restarts = Counter.builder("kube.listener.restarts")
				.description("Watches opened again after a failure")
				.tag("listener", id)
				.register(registry);
			this.relists = Counter.builder("kube.listener.relists")
				.description("Lists made again after an expired resource version")
				.tag("listener", id)
				.register(registry);
		}

		List<Meter> all() {
			List<Meter> all = new java.util.ArrayList<>(List.of(this.queue, this.duration, this.restarts, this.relists));
			all.addAll(this.events.values());
			all.addAll(this.errors.values());
			return all;
		}

	}

}
