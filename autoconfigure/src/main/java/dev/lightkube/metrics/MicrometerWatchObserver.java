package dev.lightkube.metrics;

import dev.lightkube.observation.WatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what watches do as Micrometer meters: {@code kube.watch.events} (resource, type),
 * {@code kube.watch.restarts} (resource, reason), {@code kube.watch.relists} (resource) and the gauge
 * {@code kube.watch.active} (resource).
 */
public class MicrometerWatchObserver implements WatchObserver {

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

	public MicrometerWatchObserver(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void watchStarted(String resource) {
		activeWatches(resource).incrementAndGet();
	}

	@Override
	public void watchStopped(String resource) {
		activeWatches(resource).decrementAndGet();
	}

	@Override
	public void eventReceived(String resource, String type) {
		Counter.builder("kube.watch.events")
			.description("Watch events received")
			.tag("resource", resource)
			.tag("type", type)
			.register(this.registry)
			.increment();
	}

	@Override
	public void watchRestarted(String resource, String reason) {
		Counter.builder("kube.watch.restarts")
			.description("Watch requests sent again after the stream ended or failed")
			.tag("resource", resource)
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void relisted(String resource) {
		Counter.builder("kube.watch.relists")
			.description("Lists made again after a watch's resource version expired")
			.tag("resource", resource)
			.register(this.registry)
			.increment();
	}

	private AtomicInteger activeWatches(String resource) {
		return this.active.computeIfAbsent(resource, (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder("kube.watch.active", count, AtomicInteger::get)
				.description("Watches open")
				.tag("resource", key)
				.register(this.registry);
			return count;
		});
	}

}
