package dev.lightkube.metrics;

import dev.lightkube.EventType;
import dev.lightkube.listener.ListenerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Per-listener meters of {@code @KubeWatch} methods, tagged with the listener's id:
 * {@code kube.listener.events} (listener, type), {@code kube.listener.duration} (listener),
 * {@code kube.listener.errors} (listener, type), {@code kube.listener.restarts}, {@code kube.listener.relists} and the
 * gauge {@code kube.listener.queue}.
 */
public class MicrometerListenerMetrics implements ListenerMetrics {

	private final MeterRegistry registry;

	public MicrometerListenerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void registered(String listenerId, IntSupplier queueSize) {
		Gauge.builder("kube.listener.queue", queueSize, IntSupplier::getAsInt)
			.description("Events waiting for the listener method")
			.tag("listener", listenerId)
			.register(this.registry);
	}

	@Override
	public void delivered(String listenerId, EventType type, long nanos) {
		Counter.builder("kube.listener.events")
			.description("Events delivered to the listener method")
			.tag("listener", listenerId)
			.tag("type", type.name())
			.register(this.registry)
			.increment();
		Timer.builder("kube.listener.duration")
			.description("Time spent in the listener method")
			.tag("listener", listenerId)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(String listenerId, EventType type) {
		Counter.builder("kube.listener.errors")
			.description("Exceptions thrown by the listener method")
			.tag("listener", listenerId)
			.tag("type", type.name())
			.register(this.registry)
			.increment();
	}

	@Override
	public void restarted(String listenerId) {
		Counter.builder("kube.listener.restarts")
			.description("Watches opened again after a failure")
			.tag("listener", listenerId)
			.register(this.registry)
			.increment();
	}

	@Override
	public void relisted(String listenerId) {
		Counter.builder("kube.listener.relists")
			.description("Lists made again after an expired resource version")
			.tag("listener", listenerId)
			.register(this.registry)
			.increment();
	}

}
