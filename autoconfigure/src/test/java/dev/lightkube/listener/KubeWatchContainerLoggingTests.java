package dev.lightkube.listener;

import static dev.lightkube.listener.ScriptedSource.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.EventType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
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
import reactor.core.publisher.Mono;

/** A listener that keeps failing past unhealthy-after says so at WARN; earlier failures stay at INFO. */
@ExtendWith(OutputCaptureExtension.class)
class KubeWatchContainerLoggingTests {

	@Test
	void listenerThatStaysUnhealthyLogsAtWarn(CapturedOutput output) throws Exception {
		ScriptedSource source = new ScriptedSource();
		for (int i = 0; i < 3; i++) {
			source.lists.add(Mono.error(new IOException("connection refused")));
		}
		source.list("100", configMap("a", "10"));
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
		KubeWatchContainer<ConfigMap> container = new KubeWatchContainer<>("test", source,
				(event) -> received.add(event.object().getMetadata().getName()), EnumSet.allOf(EventType.class),
				(id, event, ex) -> {
				}, new KubeWatchContainer.ContainerSettings(Duration.ofMillis(10), Duration.ofMillis(50), 4,
						Duration.ofSeconds(90), Duration.ofSeconds(10)),
				ListenerMetrics.NOOP, ticking);
		container.start();
		try {
			assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("a");
		}
		finally {
			container.stop();
		}
		assertThat(output.getAll())
			.contains("Listener 'test' (configmaps) failed: IOException: connection refused")
			.contains("WARN")
			.contains("Listener 'test' (configmaps) has been failing since 1970-01-01T00:00:00Z");
	}

}
