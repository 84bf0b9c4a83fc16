package dev.lightkube.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.EventType;
import dev.lightkube.KubeClient;
import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.autoconfigure.metrics.LightkubeObservationAutoConfiguration;
import dev.lightkube.health.KubeHealthIndicator;
import dev.lightkube.listener.KubeWatchContainer;
import dev.lightkube.listener.KubeWatchErrorHandler;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.ListenerState;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.lightkubetest.InfrastructureBeans;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** @KubeWatch end to end against the in-memory API server: what the methods receive for changes made meanwhile. */
class KubeWatchAutoConfigurationTests {

	private static KubeApiServer apiServer;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
				LightkubeObservationAutoConfiguration.class, KubeHealthContributorAutoConfiguration.class,
				KubeWatchAutoConfiguration.class))
		.withPropertyValues("lightkube.server=" + apiServer.url(), "lightkube.namespace=apps",
				"lightkube.watch.initial-backoff=20ms", "lightkube.watch.max-backoff=100ms");

	@BeforeAll
	static void startServer() {
		apiServer = KubeApiServer.start();
	}

	@AfterAll
	static void stopServer() {
		apiServer.close();
	}

	@BeforeEach
	void resetServer() {
		apiServer.reset();
	}

	@Test
	void listenerReceivesExistingObjectsThenChangesInOrder() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("apps"));
			setup.create(configMap("existing", "1"));
		}
		this.runner.withUserConfiguration(ConfigMapListener.class).run((context) -> {
			ConfigMapListener listener = context.getBean(ConfigMapListener.class);
			assertThat(listener.take(1)).containsExactly("ADDED existing 1");
			KubeClient client = context.getBean(KubeClient.class);
			client.create(configMap("new", "1"));
			client.replace(client.get(ConfigMap.class, "existing").edit().addToData("v", "2").build());
			client.delete(ConfigMap.class, "new");
			assertThat(listener.take(3)).containsExactly("ADDED new 1", "MODIFIED existing 2", "DELETED new 1");
			KubeWatchContainer<?> container = context.getBean(KubeWatchListenerRegistry.class)
				.getListenerContainer("configMaps");
			assertThat(container.getState()).isEqualTo(ListenerState.WATCHING);
			assertThat(container.getCache().list()).hasSize(1);
		});
	}

	@Test
	void listenerResumesAfterTheServerDropsTheWatchWithoutRepeatingEvents() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("apps"));
		}
		this.runner.withUserConfiguration(ConfigMapListener.class).run((context) -> {
			ConfigMapListener listener = context.getBean(ConfigMapListener.class);
			KubeClient client = context.getBean(KubeClient.class);
			client.create(configMap("a", "1"));
			assertThat(listener.take(1)).containsExactly("ADDED a 1");
			apiServer.faults().dropWatches();
			client.create(configMap("b", "1"));
			assertThat(listener.take(1)).containsExactly("ADDED b 1");
			assertThat(listener.events.poll(300, TimeUnit.MILLISECONDS)).as("nothing repeated").isNull();
		});
	}

	@Test
	void listenerAfterExpiredHistoryRelistsAndDeliversNothingSpurious() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("apps"));
			setup.create(configMap("stays", "1"));
		}
		this.runner.withUserConfiguration(ConfigMapListener.class).run((context) -> {
			ConfigMapListener listener = context.getBean(ConfigMapListener.class);
			assertThat(listener.take(1)).containsExactly("ADDED stays 1");
			// A change the listener does not watch moves the server on; then the history is compacted, so the
			// listener's resume point has expired: its next watch gets 410, it lists again and compares.
			KubeClient client = context.getBean(KubeClient.class);
			client.create(namespace("elsewhere"));
			apiServer.faults().forgetHistory();
			apiServer.faults().dropWatches();
			KubeWatchContainer<?> container = context.getBean(KubeWatchListenerRegistry.class)
				.getListenerContainer("configMaps");
			client.create(configMap("after", "1"));
			assertThat(listener.take(1)).containsExactly("ADDED after 1");
			assertThat(listener.events.poll(300, TimeUnit.MILLISECONDS)).as("nothing spurious").isNull();
			assertThat(container.describe()).containsEntry("relists", 1L);
		});
	}

	@Test
	void placeholdersEventTypesAndSignaturesAreHonoured() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("team"));
			setup.create(namespace("apps"));
		}
		this.runner.withPropertyValues("watch.namespace=team")
			.withUserConfiguration(SignaturesListener.class)
			.run((context) -> {
				SignaturesListener listener = context.getBean(SignaturesListener.class);
				KubeClient client = context.getBean(KubeClient.class);
				client.create(configMap("elsewhere", "1"));
				client.create(configMap("here", "1"), dev.lightkube.WriteOptions.defaults().withNamespace("team"));
				client.delete(ConfigMap.class, "here", dev.lightkube.DeleteOptions.defaults().withNamespace("team"));
				assertThat(take(listener.events, 4)).containsExactlyInAnyOrder("object here", "typed ADDED here",
						"deleted here", "generic here");
			});
	}

	@Test
	void throwingListenerGoesToItsErrorHandlerAndDeliveryGoesOn() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("apps"));
			setup.create(configMap("boom", "1"));
			setup.create(configMap("fine", "1"));
		}
		this.runner.withUserConfiguration(ThrowingListener.class).run((context) -> {
			ThrowingListener listener = context.getBean(ThrowingListener.class);
			assertThat(take(listener.handled, 1)).containsExactly("throwing: boom");
			assertThat(take(listener.delivered, 1)).containsExactly("fine");
		});
	}

	@Test
	void badSignatureFailsStartUpNamingTheMethod() {
		this.runner.withUserConfiguration(BadSignatureListener.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("BadSignatureListener.wrong(java.lang.String)")
				.hasMessageContaining("(WatchEvent<ConfigMap>), (ConfigMap) or (EventType, ConfigMap)");
		});
	}

	@Test
	void listenerStateAppearsInHealthAndMetrics() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("apps"));
			setup.create(configMap("a", "1"));
		}
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		this.runner.withUserConfiguration(ConfigMapListener.class)
			.withBean(MeterRegistry.class, () -> meters)
			.run((context) -> {
				context.getBean(ConfigMapListener.class).take(1);
				Health health = context.getBean(KubeHealthIndicator.class).health().block(Duration.ofSeconds(20));
				@SuppressWarnings("unchecked")
				Map<String, Map<String, Object>> listeners = (Map<String, Map<String, Object>>) health.getDetails()
					.get("listeners");
				assertThat(listeners.get("configMaps")).containsEntry("state", "WATCHING")
					.containsEntry("resource", "configmaps");
				// The listener saw the event before the container counted it (the count follows the method's return).
				long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				Supplier<Counter> added = () -> meters.find("kube.listener.events")
					.tags("listener", "configMaps", "type", "ADDED")
					.counter();
				while ((added.get() == null || added.get().count() < 1) && System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
				assertThat(meters.get("kube.listener.events").tags("listener", "configMaps", "type", "ADDED")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void listenerPropertiesReachTheContainers() {
		this.runner
			.withPropertyValues("lightkube.watch.queue-capacity=7", "lightkube.watch.unhealthy-after=45s",
					"lightkube.watch.shutdown-timeout=3s", "lightkube.watch.transform=drop-managed-fields",
					"lightkube.watch.watch-list=false")
			.run((context) -> assertThat(context.getBean(KubeWatchListenerRegistry.class).getSettings())
				.isEqualTo(new KubeWatchContainer.ContainerSettings(7, Duration.ofSeconds(45), Duration.ofSeconds(3),
						KubeWatch.Transform.DROP_MANAGED_FIELDS, false)));
	}

	@Test
	void listenersRunWithoutSpringBootHealthOnTheClassPath() {
		try (KubeClient setup = setupClient()) {
			setup.create(namespace("apps"));
			setup.create(configMap("a", "1"));
		}
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.withUserConfiguration(ConfigMapListener.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(KubeHealthIndicator.class);
				assertThat(context.getBean(ConfigMapListener.class).take(1)).containsExactly("ADDED a 1");
			});
	}

	@Test
	void springInfrastructureBeansAreNotScannedForListenersUnlessTheyAreComponents() {
		this.runner.withBean(InfrastructureBeans.Infrastructure.class)
			.withBean(InfrastructureBeans.ComponentInSpringPackage.class)
			.run((context) -> assertThat(context.getBean(KubeWatchListenerRegistry.class).describe())
				.containsOnlyKeys("componentInSpringPackage"));
	}

	@Test
	void watchCanBeDisabled() {
		this.runner.withPropertyValues("lightkube.watch.enabled=false")
			.withUserConfiguration(ConfigMapListener.class)
			.run((context) -> assertThat(context).doesNotHaveBean(KubeWatchListenerRegistry.class));
	}

	private static KubeClient setupClient() {
		return KubeClient.builder()
			.config(dev.lightkube.config.KubeConfig.fromServer(dev.lightkube.config.Cluster.of(apiServer.url()),
					dev.lightkube.config.User.ANONYMOUS, "apps"))
			.build();
	}

	private static Namespace namespace(String name) {
		return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
	}

	private static ConfigMap configMap(String name, String value) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(null).endMetadata()
			.addToData("v", value).build();
	}

	static List<String> take(BlockingQueue<String> queue, int count) throws InterruptedException {
		List<String> taken = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String next = queue.poll(20, TimeUnit.SECONDS);
			assertThat(next).as("event %d of %d (got %s)", i + 1, count, taken).isNotNull();
			taken.add(next);
		}
		return taken;
	}

	@Configuration(proxyBeanMethods = false)
	static class ConfigMapListener {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		@KubeWatch(value = ConfigMap.class, id = "configMaps")
		void onChange(WatchEvent<ConfigMap> event) {
			this.events.add(event.type() + " " + event.object().getMetadata().getName() + " "
					+ event.object().getData().get("v"));
		}

		List<String> take(int count) throws InterruptedException {
			return KubeWatchAutoConfigurationTests.take(this.events, count);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SignaturesListener {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		@KubeWatch(value = ConfigMap.class, namespace = "${watch.namespace}", events = EventType.ADDED)
		void object(ConfigMap configMap) {
			this.events.add("object " + configMap.getMetadata().getName());
		}

		@KubeWatch(value = ConfigMap.class, namespace = "${watch.namespace}", events = EventType.ADDED)
		Mono<Void> typed(EventType type, ConfigMap configMap) {
			return Mono.fromRunnable(() -> this.events.add("typed " + type + " " + configMap.getMetadata().getName()));
		}

		@KubeWatch(value = ConfigMap.class, namespace = "${watch.namespace}", events = EventType.DELETED)
		void deleted(ConfigMap configMap) {
			this.events.add("deleted " + configMap.getMetadata().getName());
		}

		@KubeWatch(version = "v1", kind = "ConfigMap", plural = "configmaps", namespace = "team",
				events = EventType.ADDED)
		void generic(GenericKubernetesResource resource) {
			this.events.add("generic " + resource.getMetadata().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingListener {

		final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();

		final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

		@KubeWatch(value = ConfigMap.class, id = "throwing", errorHandler = "recordingErrorHandler")
		void onChange(ConfigMap configMap) {
			if (configMap.getMetadata().getName().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			this.delivered.add(configMap.getMetadata().getName());
		}

		@Bean
		KubeWatchErrorHandler recordingErrorHandler() {
			return (id, event, ex) -> this.handled
				.add(id + ": " + ((ConfigMap) event.object()).getMetadata().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadSignatureListener {

		@KubeWatch(ConfigMap.class)
		void wrong(String text) {
		}

	}

}
