package dev.lightkube.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.WatchEvent;
import dev.lightkube.WriteOptions;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.autoconfigure.leader.LeaderElectionAutoConfiguration;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.LeaderOnlyListeners;
import dev.lightkube.listener.ListenerState;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code @KubeWatch} listeners on shared informers, against the in-memory API server: one watch per kind, namespace,
 * selectors and transform, however many listeners; each listener still gets every event in order on its own thread
 * and queue; the transform attribute and property; leader-only listeners joining and leaving a running informer.
 */
class KubeWatchSharedInformerTests {

	private static KubeApiServer apiServer;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
				KubeHealthContributorAutoConfiguration.class, KubeWatchAutoConfiguration.class))
		.withPropertyValues("lightkube.server=" + apiServer.url(), "lightkube.namespace=default",
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
	void twoListenersOnOneKindOpenOneWatchAndEachSeesEveryEventInOrder() {
		try (KubeClient setup = admin()) {
			setup.create(configMap("existing", "1"));
		}
		this.runner.withBean("first", Recorder.class, Recorder::new)
			.withBean("second", Recorder.class, Recorder::new)
			.run((context) -> {
				Recorder first = context.getBean("first", Recorder.class);
				Recorder second = context.getBean("second", Recorder.class);
				await(() -> first.size() == 1 && second.size() == 1);
				KubeClient client = context.getBean(KubeClient.class);
				List<String> expected = new ArrayList<>(List.of("ADDED existing 1"));
				for (int i = 0; i < 40; i++) {
					client.create(configMap("cm-" + i, "1"));
					expected.add("ADDED cm-" + i + " 1");
				}
				for (int i = 0; i < 40; i += 4) {
					client.replace(client.get(ConfigMap.class, "cm-" + i).edit().addToData("v", "2").build());
					expected.add("MODIFIED cm-" + i + " 2");
				}
				for (int i = 0; i < 40; i += 8) {
					client.delete(ConfigMap.class, "cm-" + i);
					expected.add("DELETED cm-" + i + " 2");
				}
				await(() -> first.size() == expected.size() && second.size() == expected.size());
				assertThat(first.events()).containsExactlyElementsOf(expected);
				assertThat(second.events()).containsExactlyElementsOf(expected);
				assertThat(apiServer.openWatches()).isEqualTo(1);
				// One cache: each listener's view is the shared informer's.
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				SharedInformer<?> informer = registry.getListenerContainer("first.changed").getInformer();
				assertThat(registry.getListenerContainer("second.changed").getInformer()).isSameAs(informer);
				assertThat(registry.getListenerContainer("first.changed").getCache().size()).isEqualTo(36);
			});
	}

	@Test
	void theInformerFactoryBeanHandsTheApplicationTheListenersInformer() {
		this.runner.withBean("first", Recorder.class, Recorder::new).run((context) -> {
			SharedInformerFactory factory = context.getBean(SharedInformerFactory.class);
			SharedInformer<ConfigMap> informer = factory.informer(ConfigMap.class, InformerOptions.defaults());
			assertThat(context.getBean(KubeWatchListenerRegistry.class).getListenerContainer("first.changed")
				.getInformer()).isSameAs(informer);
			informer.synced().block(Duration.ofSeconds(30));
			context.getBean(KubeClient.class).create(configMap("a", "1"));
			await(() -> informer.cache().get("default", "a") != null);
			assertThat(apiServer.openWatches()).isEqualTo(1);
		});
	}

	@Test
	void listenersStartWithOneWatchListRequestByDefault() {
		long before = apiServer.requestCount();
		this.runner.withBean("first", Recorder.class, Recorder::new).run((context) -> {
			SharedInformer<?> informer = context.getBean(KubeWatchListenerRegistry.class)
				.getListenerContainer("first.changed")
				.getInformer();
			informer.synced().block(Duration.ofSeconds(30));
			assertThat(informer.options().watchList()).isTrue();
			// the WatchList watch only: no LIST
			assertThat(apiServer.requestCount() - before).isEqualTo(1);
		});
	}

	@Test
	void theWatchListPropertyMakesListenersListThenWatch() {
		long before = apiServer.requestCount();
		this.runner.withBean("first", Recorder.class, Recorder::new)
			.withPropertyValues("lightkube.watch.watch-list=false")
			.run((context) -> {
				SharedInformer<?> informer = context.getBean(KubeWatchListenerRegistry.class)
					.getListenerContainer("first.changed")
					.getInformer();
				informer.synced().block(Duration.ofSeconds(30));
				assertThat(informer.options().watchList()).isFalse();
				await(() -> apiServer.openWatches() == 1);
				// LIST, then WATCH from its resource version
				assertThat(apiServer.requestCount() - before).isEqualTo(2);
			});
	}

	@Test
	void aSlowListenerDoesNotDelayTheOtherBeyondItsQueue() {
		this.runner.withPropertyValues("lightkube.watch.queue-capacity=8")
			.withBean("slow", SlowRecorder.class, SlowRecorder::new)
			.withBean("fast", Recorder.class, Recorder::new)
			.run((context) -> {
				SlowRecorder slow = context.getBean(SlowRecorder.class);
				Recorder fast = context.getBean("fast", Recorder.class);
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				await(() -> registry.getListenerContainer("fast.changed").getState() == ListenerState.WATCHING
						&& apiServer.openWatches() == 1);
				KubeClient client = context.getBean(KubeClient.class);
				for (int i = 0; i < 30; i++) {
					client.create(configMap("cm-" + i, "1"));
				}
				// The slow listener holds its first event: the fast one gets at least what the slow one's queue
				// holds; from then on the informer waits for the slow listener (bounded memory, nothing lost).
				await(() -> fast.size() >= 8);
				assertThat(slow.size()).isZero();
				slow.release.countDown();
				await(() -> fast.size() == 30 && slow.size() == 30);
				assertThat(slow.events()).containsExactlyElementsOf(fast.events());
			});
	}

	@Test
	void aSlowListenerDoesNotDelayTheOtherWhileItsQueueHoldsTheBacklog() {
		this.runner.withBean("slow", SlowRecorder.class, SlowRecorder::new)
			.withBean("fast", Recorder.class, Recorder::new)
			.run((context) -> {
				SlowRecorder slow = context.getBean(SlowRecorder.class);
				Recorder fast = context.getBean("fast", Recorder.class);
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				await(() -> registry.getListenerContainer("fast.changed").getState() == ListenerState.WATCHING
						&& apiServer.openWatches() == 1);
				KubeClient client = context.getBean(KubeClient.class);
				for (int i = 0; i < 30; i++) {
					client.create(configMap("cm-" + i, "1"));
				}
				await(() -> fast.size() == 30);
				assertThat(slow.size()).isZero();
				slow.release.countDown();
				await(() -> slow.size() == 30);
				assertThat(slow.events()).containsExactlyElementsOf(fast.events());
			});
	}

	@Test
	void theTransformAttributeDropsManagedFieldsFromWhatTheListenerGets() {
		try (KubeClient setup = admin()) {
			setup.apply(configMap("applied", "1"), WriteOptions.defaults().withFieldManager("test"));
			assertThat(setup.get(ConfigMap.class, "applied").getMetadata().getManagedFields()).isNotEmpty();
		}
		this.runner.withBean(TransformListeners.class).run((context) -> {
			TransformListeners listeners = context.getBean(TransformListeners.class);
			await(() -> listeners.lean.size() == 1 && listeners.full.size() == 1);
			assertThat(listeners.lean.get(0).getMetadata().getManagedFields()).isNullOrEmpty();
			assertThat(listeners.full.get(0).getMetadata().getManagedFields()).isNotEmpty();
			KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
			assertThat(registry.getListenerContainer("lean").getCache().list())
				.allSatisfy((cm) -> assertThat(cm.getMetadata().getManagedFields()).isNullOrEmpty());
			// The listener that keeps managedFields watches with a selector of its own: its own informer and watch.
			assertThat(registry.getListenerContainer("lean").getInformer())
				.isNotSameAs(registry.getListenerContainer("full").getInformer());
			await(() -> apiServer.openWatches() == 2);
		});
	}

	@Test
	void theTransformPropertyIsTheDefaultOfListenersWithoutTheAttribute() {
		try (KubeClient setup = admin()) {
			setup.apply(configMap("applied", "1"), WriteOptions.defaults().withFieldManager("test"));
		}
		this.runner.withPropertyValues("lightkube.watch.transform=drop-managed-fields")
			.withBean("first", ObjectRecorder.class, ObjectRecorder::new)
			.run((context) -> {
				ObjectRecorder listener = context.getBean(ObjectRecorder.class);
				await(() -> listener.objects.size() == 1);
				assertThat(listener.objects.get(0).getMetadata().getName()).isEqualTo("applied");
				assertThat(listener.objects.get(0).getMetadata().getManagedFields()).isNullOrEmpty();
			});
	}

	@Test
	void listenersOfTheSameObjectsWithDifferentTransformsFailStartUpNamingTheFix() {
		this.runner.withPropertyValues("lightkube.watch.transform=drop-managed-fields")
			.withBean("first", ObjectRecorder.class, ObjectRecorder::new)
			.withBean(ConflictingTransform.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("@KubeWatch listener 'full'")
					.hasStackTraceContaining("asks for transform NONE")
					.hasStackTraceContaining("same transform attribute");
			});
	}

	@Test
	void aBadTransformPropertyFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("lightkube.watch.transform=default")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("lightkube.watch.transform"));
	}

	@Test
	void aLeaderOnlyListenerJoinsTheSharedInformerOnGrantAndLeavesItOnRevoke() {
		// Another replica holds the lease: leadership comes only when the test grants it.
		try (KubeClient setup = admin()) {
			setup.create(new LeaseBuilder().withNewMetadata()
				.withName("a")
				.endMetadata()
				.withNewSpec()
				.withHolderIdentity("someone-else")
				.withLeaseDurationSeconds(3600)
				.endSpec()
				.build());
			setup.create(configMap("existing", "1"));
		}
		this.runner.withConfiguration(AutoConfigurations.of(LeaderElectionAutoConfiguration.class))
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a")
			.withBean("everywhere", Recorder.class, Recorder::new)
			.withBean(LeaderRecorder.class)
			.run((context) -> {
				Recorder everywhere = context.getBean("everywhere", Recorder.class);
				LeaderRecorder leader = context.getBean(LeaderRecorder.class);
				LeaderOnlyListeners leaderOnly = context.getBean(LeaderOnlyListeners.class);
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				await(() -> everywhere.size() == 1 && apiServer.openWatches() == 1);
				assertThat(registry.getListenerContainer("leader").getInformer())
					.isSameAs(registry.getListenerContainer("everywhere.changed").getInformer());
				KubeClient client = context.getBean(KubeClient.class);
				client.create(configMap("before", "1"));
				await(() -> everywhere.size() == 2);
				assertThat(leader.size()).isZero();

				// Granted: the cache arrives as ADDED, from the running informer, without another watch.
				leaderOnly.startedLeading();
				await(() -> leader.size() == 2);
				assertThat(leader.events()).containsExactlyInAnyOrder("ADDED existing 1", "ADDED before 1");
				client.create(configMap("leading", "1"));
				await(() -> leader.size() == 3 && everywhere.size() == 3);
				assertThat(leader.events().get(2)).isEqualTo("ADDED leading 1");
				assertThat(apiServer.openWatches()).isEqualTo(1);

				// Revoked: the leader-only listener leaves; the shared watch goes on for the other.
				leaderOnly.stoppedLeading();
				assertThat(registry.getListenerContainer("leader").getState()).isEqualTo(ListenerState.STOPPED);
				client.create(configMap("after", "1"));
				await(() -> everywhere.size() == 4);
				assertThat(leader.size()).isEqualTo(3);
				assertThat(apiServer.openWatches()).isEqualTo(1);
			});
	}

	private static KubeClient admin() {
		return KubeClient.builder().config(KubeConfig.fromServer(apiServer.url())).namespace("default").build();
	}

	private static ConfigMap configMap(String name, String value) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
	}

	private static void await(BooleanSupplier condition) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await("the condition").atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
	}

	abstract static class Events {

		private final List<String> events = Collections.synchronizedList(new ArrayList<>());

		void record(WatchEvent<ConfigMap> event) {
			this.events.add(event.type() + " " + event.object().getMetadata().getName() + " "
					+ event.object().getData().get("v"));
		}

		int size() {
			return this.events.size();
		}

		List<String> events() {
			return List.copyOf(this.events);
		}

	}

	static class Recorder extends Events {

		@KubeWatch(ConfigMap.class)
		void changed(WatchEvent<ConfigMap> event) {
			record(event);
		}

	}

	static class SlowRecorder extends Events {

		final CountDownLatch release = new CountDownLatch(1);

		@KubeWatch(ConfigMap.class)
		void changed(WatchEvent<ConfigMap> event) {
			try {
				this.release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			record(event);
		}

	}

	static class LeaderRecorder extends Events {

		@KubeWatch(value = ConfigMap.class, id = "leader", leaderOnly = "true")
		void onLeader(WatchEvent<ConfigMap> event) {
			record(event);
		}

	}

	static class ObjectRecorder {

		final List<ConfigMap> objects = Collections.synchronizedList(new ArrayList<>());

		@KubeWatch(ConfigMap.class)
		void changed(ConfigMap configMap) {
			this.objects.add(configMap);
		}

	}

	static class TransformListeners {

		final List<ConfigMap> lean = Collections.synchronizedList(new ArrayList<>());

		final List<ConfigMap> full = Collections.synchronizedList(new ArrayList<>());

		@KubeWatch(value = ConfigMap.class, id = "lean", transform = KubeWatch.Transform.DROP_MANAGED_FIELDS)
		void lean(ConfigMap configMap) {
			this.lean.add(configMap);
		}

		@KubeWatch(value = ConfigMap.class, id = "full", fields = "metadata.name=applied",
				transform = KubeWatch.Transform.NONE)
		void full(ConfigMap configMap) {
			this.full.add(configMap);
		}

	}

	static class ConflictingTransform {

		@KubeWatch(value = ConfigMap.class, id = "full", transform = KubeWatch.Transform.NONE)
		void full(ConfigMap configMap) {
		}

	}

}
