package dev.lightkube.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.health.KubeHealthIndicator;
import dev.lightkube.listener.KubeWatchContainer;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.ListenerState;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Applications as operators run them: fifty listeners beside ordinary requests, and an API server that becomes
 * unreachable and comes back.
 */
class KubeWatchAtScaleTests {

	private KubeApiServer apiServer;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() {
		// Bookmarks every 200 ms: a quiet listener hears from a healthy stream soon after the server is back.
		this.apiServer = KubeApiServer.builder().bookmarkInterval(Duration.ofMillis(200)).start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
					KubeHealthContributorAutoConfiguration.class, KubeWatchAutoConfiguration.class))
			.withPropertyValues("lightkube.server=" + this.apiServer.url(), "lightkube.namespace=default",
					"lightkube.watch.initial-backoff=20ms", "lightkube.watch.max-backoff=200ms");
	}

	@AfterEach
	void stop() {
		this.apiServer.close();
	}

	@Test
	void fiftyListenersWatchWhileTheApplicationServesRequestsAndReportsHealth() {
		ApplicationContextRunner fifty = this.runner;
		for (int i = 0; i < 50; i++) {
			fifty = fifty.withBean("listener" + i, CountingListener.class, CountingListener::new);
		}
		fifty.run((context) -> {
			assertThat(context).hasNotFailed();
			KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
			assertThat(registry.getListenerContainers()).hasSize(50);
			await(() -> this.apiServer.openWatches() == 50);
			KubeClient client = context.getBean(KubeClient.class);
			client.create(configMap("served"));
			for (int i = 0; i < 100; i++) {
				assertThat(client.get(ConfigMap.class, "served").getMetadata().getName()).isEqualTo("served");
			}
			await(() -> context.getBeansOfType(CountingListener.class).values().stream()
				.allMatch((listener) -> listener.events.get() == 1));
			Health health = context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(60));
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat((java.util.Map<?, ?>) health.getDetails().get("listeners")).hasSize(50);
		});
	}

	@Test
	void listenerHealthTurnsDownAfterTheFirstFailureAndUpAgainWhenTheServerIsBack() {
		this.runner.withPropertyValues("lightkube.watch.unhealthy-after=1s")
			.withBean("listener", CountingListener.class, CountingListener::new)
			.run((context) -> {
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				KubeWatchContainer<?> container = registry.getListenerContainers().iterator().next();
				await(() -> this.apiServer.openWatches() == 1 && container.getState() == ListenerState.WATCHING);
				assertThat(registry.isUnhealthy()).isFalse();

				// Unreachable: every request fails, the open watch breaks.
				long before = this.apiServer.requestCount();
				this.apiServer.faults().failNext(Integer.MAX_VALUE, 503);
				this.apiServer.faults().breakWatches();
				await(() -> container.getState() == ListenerState.RECONNECTING);
				// The listener saw the very first failure: no layer below retried it away first.
				assertThat(this.apiServer.requestCount() - before).isLessThanOrEqualTo(2);
				await(registry::isUnhealthy);
				assertThat(context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(60))
					.getStatus()).isEqualTo(Status.DOWN);

				// Back: the watch resumes, and the listener is healthy again without anything changing.
				this.apiServer.faults().clear();
				await(() -> !registry.isUnhealthy() && container.getState() == ListenerState.WATCHING);
				assertThat(context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(60))
					.getStatus()).isEqualTo(Status.UP);
			});
	}

	private static ConfigMap configMap(String name) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", "1").build();
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within the safety limit");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	static class CountingListener {

		final AtomicInteger events = new AtomicInteger();

		@KubeWatch(ConfigMap.class)
		void changed(WatchEvent<ConfigMap> event) {
			this.events.incrementAndGet();
		}

	}

}
