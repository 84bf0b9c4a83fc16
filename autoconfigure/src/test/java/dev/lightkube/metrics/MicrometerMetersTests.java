package dev.lightkube.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listener and watch meters: gauges that survive a garbage collection, and meters built once, not per event. */
class MicrometerMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger metersAdded = new AtomicInteger();

	MicrometerMetersTests() {
		this.registry.config().onMeterAdded((meter) -> this.metersAdded.incrementAndGet());
	}

	@Test
	void queueGaugeReadsTheQueueAfterAGarbageCollection() {
		MicrometerListenerMetrics metrics = new MicrometerListenerMetrics(this.registry);
		AtomicInteger queued = new AtomicInteger(7);
		// A method reference made here and held by nothing but the metrics: a weakly held gauge loses it.
		metrics.registered("listener-a", queued::get);
		collectGarbage();
		assertThat(this.registry.get("kube.listener.queue").tag("listener", "listener-a").gauge().value())
			.isEqualTo(7.0);
		queued.set(3);
		assertThat(this.registry.get("kube.listener.queue").tag("listener", "listener-a").gauge().value())
			.isEqualTo(3.0);
	}

	@Test
	void listenerMetersAreBuiltWhenTheListenerIsRegisteredNotPerEvent() {
		MicrometerListenerMetrics metrics = new MicrometerListenerMetrics(this.registry);
		metrics.registered("listener-a", () -> 0);
		int afterRegistration = this.metersAdded.get();
		for (int i = 0; i < 500; i++) {
			metrics.delivered("listener-a", EventType.MODIFIED, 1_000);
			metrics.failed("listener-a", EventType.DELETED);
			metrics.restarted("listener-a");
			metrics.relisted("listener-a");
		}
		assertThat(this.metersAdded.get()).isEqualTo(afterRegistration);
		assertThat(this.registry.get("kube.listener.events").tags("listener", "listener-a", "type", "MODIFIED")
			.counter().count()).isEqualTo(500);
		assertThat(this.registry.get("kube.listener.duration").tag("listener", "listener-a").timer().count())
			.isEqualTo(500);
		assertThat(this.registry.get("kube.listener.errors").tags("listener", "listener-a", "type", "DELETED")
			.counter().count()).isEqualTo(500);
		assertThat(this.registry.get("kube.listener.relists").tag("listener", "listener-a").counter().count())
			.isEqualTo(500);
	}

	@Test
	void unregisteredListenerLosesItsMeters() {
		MicrometerListenerMetrics metrics = new MicrometerListenerMetrics(this.registry);
		metrics.registered("listener-a", () -> 0);
		metrics.unregistered("listener-a");
		assertThat(this.registry.find("kube.listener.queue").tag("listener", "listener-a").gauge()).isNull();
		assertThat(this.registry.find("kube.listener.events").tag("listener", "listener-a").counters()).isEmpty();
	}

	@Test
	void watchCountersAreBuiltOncePerTagCombination() {
		MicrometerWatchObserver observer = new MicrometerWatchObserver(this.registry);
		observer.eventReceived("pods", "ADDED");
		observer.watchRestarted("pods", "gone");
		observer.relisted("pods");
		observer.watchStarted("pods");
		int afterFirst = this.metersAdded.get();
		for (int i = 0; i < 500; i++) {
			observer.eventReceived("pods", "ADDED");
			observer.watchRestarted("pods", "gone");
			observer.relisted("pods");
		}
		assertThat(this.metersAdded.get()).isEqualTo(afterFirst);
		assertThat(this.registry.get("kube.watch.events").tags("resource", "pods", "type", "ADDED").counter().count())
			.isEqualTo(501);
		assertThat(this.registry.get("kube.watch.relists").tag("resource", "pods").counter().count()).isEqualTo(501);
		assertThat(this.registry.get("kube.watch.restarts").tags("resource", "pods", "reason", "gone").counter()
			.count()).isEqualTo(501);
		collectGarbage();
		assertThat(this.registry.get("kube.watch.active").tag("resource", "pods").gauge().value()).isEqualTo(1.0);
	}

	/** Returns once a collection has cleared a weakly held object (so one has run), not after a wait. */
	private static void collectGarbage() {
		WeakReference<Object> canary = new WeakReference<>(new Object());
		for (int attempt = 0; attempt < 100 && canary.get() != null; attempt++) {
			System.gc();
		}
		assertThat(canary.get()).as("a garbage collection ran").isNull();
	}

}
