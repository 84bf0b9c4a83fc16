package dev.lightkube.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.health.KubeHealthIndicator;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.listener.KubeWatchContainer;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.ListenerState;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Applications as operators run them: fifty listeners on three kinds (three shared watches) beside ordinary requests,
 * and an API server that becomes unreachable and comes back, each listener reporting its own state.
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
	void fiftyListenersOnThreeKindsShareThreeWatchesWhileTheApplicationServesRequestsAndReportsHealth() {
		ApplicationContextRunner fifty = this.runner;
		for (int i = 0; i < 50; i++) {
			fifty = switch (i % 3) {
				case 0 -> fifty.withBean("listener" + i, CountingListener.class, CountingListener::new);
				case 1 -> fifty.withBean("listener" + i, SecretListener.class, SecretListener::new);
				default -> fifty.withBean("listener" + i, ServiceAccountListener.class, ServiceAccountListener::new);
			};
		}
		fifty.run((context) -> {
			assertThat(context).hasNotFailed();
			KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
			assertThat(registry.getListenerContainers()).hasSize(50);
			await(() -> registry.getListenerContainers().stream()
				.allMatch((container) -> container.getState() == ListenerState.WATCHING));
			await(() -> this.apiServer.openWatches() >= 3);
			assertThat(this.apiServer.openWatches()).isEqualTo(3);
			assertThat(context.getBean(SharedInformerFactory.class).informers()).hasSize(3);
			KubeClient client = context.getBean(KubeClient.class);
			client.create(configMap("served"));
			client.create(new SecretBuilder().withNewMetadata().withName("served").endMetadata().build());
			client.create(new ServiceAccountBuilder().withNewMetadata().withName("served").endMetadata().build());
			for (int i = 0; i < 100; i++) {
				assertThat(client.get(ConfigMap.class, "served").getMetadata().getName()).isEqualTo("served");
			}
			await(() -> context.getBeansOfType(Counting.class).values().stream()
				.allMatch((listener) -> listener.events.get() == 1));
			assertThat(context.getBeansOfType(Counting.class)).hasSize(50);
			assertThat(this.apiServer.openWatches()).isEqualTo(3);
			Health health = context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(60));
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat((Map<?, ?>) health.getDetails().get("listeners")).hasSize(50);
		});
	}

	@Test
	void eachListenerOfASharedInformerTurnsDownAfterTheFirstFailureAndUpAgainWhenTheServerIsBack() {
		this.runner.withPropertyValues("lightkube.watch.unhealthy-after=1s")
			.withBean("first", CountingListener.class, CountingListener::new)
			.withBean("second", CountingListener.class, CountingListener::new)
			.withBean("idle", IdleListener.class, IdleListener::new)
			.run((context) -> {
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				KubeWatchContainer<?> first = registry.getListenerContainer("first.changed");
				KubeWatchContainer<?> second = registry.getListenerContainer("second.changed");
				KubeWatchContainer<?> idle = registry.getListenerContainer("idle.changed");
				await(() -> this.apiServer.openWatches() == 1 && first.getState() == ListenerState.WATCHING
						&& second.getState() == ListenerState.WATCHING);
				assertThat(first.getInformer()).isSameAs(second.getInformer()).isSameAs(idle.getInformer());
				assertThat(idle.getState()).isEqualTo(ListenerState.STOPPED);
				assertThat(registry.isUnhealthy()).isFalse();

				// Unreachable: every request fails, the open watch breaks.
				long before = this.apiServer.requestCount();
				this.apiServer.faults().failNext(Integer.MAX_VALUE, 503);
				this.apiServer.faults().breakWatches();
				await(() -> first.getState() == ListenerState.RECONNECTING
						&& second.getState() == ListenerState.RECONNECTING);
				// The listeners saw the very first failure: no layer below retried it away first.
				assertThat(this.apiServer.requestCount() - before).isLessThanOrEqualTo(2);
				await(() -> first.isUnhealthy() && second.isUnhealthy());
				// A stopped listener is not a handler of the informer: its state stays its own.
				assertThat(idle.getState()).isEqualTo(ListenerState.STOPPED);
				assertThat(idle.isUnhealthy()).isFalse();
				Health down = context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(60));
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				@SuppressWarnings("unchecked")
				Map<String, Map<String, Object>> listeners = (Map<String, Map<String, Object>>) down.getDetails()
					.get("listeners");
				assertThat(listeners.get("first.changed")).containsEntry("state", "RECONNECTING")
					.containsKey("lastError");
				assertThat(listeners.get("idle.changed")).containsEntry("state", "STOPPED")
					.doesNotContainKey("lastError");

				// Back: the watch resumes, and the listeners are healthy again without anything changing.
				this.apiServer.faults().clear();
				await(() -> !registry.isUnhealthy() && first.getState() == ListenerState.WATCHING
						&& second.getState() == ListenerState.WATCHING);
				assertThat(context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(60))
					.getStatus()).isEqualTo(Status.UP);
				// Started now, on the synced informer: healthy at once.
				idle.start();
				assertThat(idle.getState()).isEqualTo(ListenerState.WATCHING);
				assertThat(this.apiServer.openWatches()).isEqualTo(1);
			});
	}

	private static ConfigMap configMap(String name) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", "1").build();
	}

	private static void await(BooleanSupplier condition) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await("the condition").atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
	}

	static class IdleListener {

		@KubeWatch(value = ConfigMap.class, autoStartup = "false")
		void changed(ConfigMap configMap) {
		}

	}

	abstract static class Counting {

		final AtomicInteger events = new AtomicInteger();

	}

	static class CountingListener extends Counting {

		@KubeWatch(ConfigMap.class)
		void changed(WatchEvent<ConfigMap> event) {
			this.events.incrementAndGet();
		}

	}

	static class SecretListener extends Counting {

		@KubeWatch(Secret.class)
		void secret(Secret secret) {
			this.events.incrementAndGet();
		}

	}

	static class ServiceAccountListener extends Counting {

		@KubeWatch(ServiceAccount.class)
		void serviceAccount(ServiceAccount account) {
			this.events.incrementAndGet();
		}

	}

}
