package dev.lightkube.listener;

import static dev.lightkube.listener.KubeWatchContainerTests.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.EventType;
import dev.lightkube.KubeClient;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.test.KubeApiServer;
import dev.lightkube.test.KubeApiServerTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A listener that keeps failing past unhealthy-after says so at WARN; earlier failures stay at INFO. */
@ExtendWith(OutputCaptureExtension.class)
@KubeApiServerTest(resetAfterEach = true)
class KubeWatchContainerLoggingTests {

	@Test
	void listenerThatStaysUnhealthyLogsAtWarn(CapturedOutput output, KubeClient client, KubeApiServer server)
			throws Exception {
		client.create(configMap("a"));
		// The informer's list fails twice (it tries again after 0.8 s, then 1.6 s), then succeeds.
		server.faults().failNext(2, 503);
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		// Each reading of the clock is a minute later: the second failure is past unhealthy-after, whatever the speed.
		AtomicLong minutes = new AtomicLong();
		Clock ticking = new Clock() {
			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return Instant.EPOCH.plus(Duration.ofMinutes(minutes.getAndIncrement()));
			}
		};
		SharedInformerFactory factory = new SharedInformerFactory(client.reactive());
		KubeWatchContainer<ConfigMap> container = new KubeWatchContainer<>("test",
				factory.informer(ConfigMap.class, InformerOptions.defaults()),
				(event) -> received.add(event.object().getMetadata().getName()), EnumSet.allOf(EventType.class),
				(id, event, ex) -> {
				}, new KubeWatchContainer.ContainerSettings(4, Duration.ofSeconds(90), Duration.ofSeconds(10)),
				ListenerMetrics.NOOP, ticking);
		container.start();
		try {
			assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("a");
		}
		finally {
			container.stop();
			factory.close();
		}
		assertThat(output.getAll()).contains("Listener 'test' (configmaps) failed: ApiException")
			.contains("WARN")
			.contains("Listener 'test' (configmaps) has been failing since 1970-01-01T00:00:00Z");
	}

}
