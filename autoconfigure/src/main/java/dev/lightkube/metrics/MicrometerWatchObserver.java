package dev.lightkube.metrics;

import dev.lightkube.observation.WatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Counts what watches do as Micrometer meters: {@code kube.watch.events} (resource, type),
 * {@code kube.watch.restarts} (resource, reason), {@code kube.watch.relists} (resource) and the gauge
 * {@code kube.watch.active} (resource). Each meter is built once and kept: events arrive on network threads, where a
 * registration per event (a lookup, tags sorted, an id built) is work to avoid.
 */
public class MicrometerWatchObserver implements WatchObserver {

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

	private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

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
		counter("kube.watch.events", "Watch events received", resource, "type", type).increment();
	}

	@Override
	public void watchRestarted(String resource, String reason) {
		counter("kube.watch.restarts", "Watch requests sent again after the stream ended or failed", resource,
				"reason", reason)
			.increment();
	}

	@Override
	public void relisted(String resource) {
		counter("kube.watch.relists", "Watches started again without a resource version (the server sends every "
				+ "object again), as after an expired one", resource, null, null)
			.increment();
	}

	private Counter counter(String name, String description, String resource, @Nullable String tag,
			@Nullable String value) {
		List<String> key = (tag != null) ? List.of(name, resource, tag, String.valueOf(value)) : List.of(name, resource);
		return this.counters.computeIfAbsent(key, (ignored) -> {
			Counter.Builder builder = Counter.builder(name).description(description).tag("resource", resource);
			if (tag != null) {
				builder.tag(tag, String.valueOf(value));
			}
			return builder.register(this.registry);
		});
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
