package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.ResourceList;
import dev.lightkube.Selector;
import dev.lightkube.WriteOptions;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.ResourceEventHandler;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.informer.Transforms;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared informers end to end against the in-memory API server (started with WatchList, the default; the start-up
 * itself is in {@link InformerWatchListIntegrationTests}): one watch for several handlers, ordered delivery, isolation
 * of a slow handler, late handlers, relist after {@code 410 Gone}, transform and label lookups.
 */
@KubeApiServerTest(resetAfterEach = true)
class InformerIntegrationTests {

	private SharedInformerFactory factory;

	@AfterEach
	void closeFactory() {
		if (this.factory != null) {
			this.factory.close();
		}
	}

	@Test
	void twoHandlersShareOneWatchAndEachSeesEveryEventInOrder(KubeClient client, KubeApiServer server) {
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		assertThat(this.factory.informer(ConfigMap.class, InformerOptions.inNamespace("default"))).isSameAs(informer);
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		informer.addHandler(first);
		informer.addHandler(second);
		this.factory.startAll();
		informer.synced().block(Duration.ofSeconds(30));
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			client.create(configMap("cm-" + i, "1"));
			expected.add("ADD cm-" + i + " 1");
		}
		for (int i = 0; i < 50; i += 5) {
			client.replace(client.get(ConfigMap.class, "cm-" + i).edit().addToData("v", "2").build());
			expected.add("UPDATE cm-" + i + " 1->2");
		}
		for (int i = 0; i < 50; i += 10) {
			client.delete(ConfigMap.class, "cm-" + i);
			expected.add("DELETE cm-" + i + " 2");
		}
		await(() -> first.size() == expected.size() && second.size() == expected.size(), "both handlers saw all");
		assertThat(first.events()).containsExactlyElementsOf(expected);
		assertThat(second.events()).containsExactlyElementsOf(expected);
		assertThat(server.openWatches()).isEqualTo(1);
		assertThat(informer.cache().size()).isEqualTo(45);
	}

	@Test
	void fiftyHandlersShareOneWatchAndAFailingOrRemovedHandlerDoesNotDisturbTheOthers(KubeClient client,
			KubeApiServer server) {
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		List<Recorder> recorders = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			Recorder recorder = new Recorder();
			recorders.add(recorder);
			informer.addHandler(recorder);
		}
		informer.addHandler(new ResourceEventHandler<>() {
			@Override
			public void onAdd(ConfigMap object) {
				throw new IllegalStateException("a handler bug");
			}
		});
		Recorder removed = new Recorder();
		SharedInformer.Registration registration = informer.addHandler(removed);
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		client.create(configMap("a", "1"));
		await(() -> removed.size() == 1, "the handler to be removed saw the first object");
		registration.close();
		client.create(configMap("b", "1"));
		await(() -> recorders.stream().allMatch((recorder) -> recorder.size() == 2), "every handler saw both");
		recorders.forEach((recorder) -> assertThat(recorder.events()).containsExactly("ADD a 1", "ADD b 1"));
		assertThat(removed.events()).containsExactly("ADD a 1");
		assertThat(server.openWatches()).isEqualTo(1);
	}

	@Test
	void aSlowHandlerDoesNotStopTheOther(KubeClient client) throws Exception {
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		CountDownLatch release = new CountDownLatch(1);
		Recorder slow = new Recorder() {
			@Override
			public void onAdd(ConfigMap object) {
				try {
					release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				super.onAdd(object);
			}
		};
		Recorder fast = new Recorder();
		informer.addHandler(slow);
		informer.addHandler(fast);
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		for (int i = 0; i < 30; i++) {
			client.create(configMap("cm-" + i, "1"));
		}
		await(() -> fast.size() == 30, "the fast handler saw all 30 while the slow one is blocked");
		assertThat(slow.size()).isZero();
		release.countDown();
		await(() -> slow.size() == 30, "the slow handler caught up");
		assertThat(slow.events()).containsExactlyElementsOf(fast.events());
	}

	@Test
	void aHandlerAddedLateFirstReceivesTheCurrentObjectsAsAdded(KubeClient client) {
		client.create(configMap("a", "1"));
		client.create(configMap("b", "1"));
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		Recorder late = new Recorder();
		informer.addHandler(late);
		client.create(configMap("c", "1"));
		await(() -> late.size() == 3, "late handler saw the cached objects and the new one");
		assertThat(late.events().subList(0, 2)).containsExactlyInAnyOrder("ADD a 1", "ADD b 1");
		assertThat(late.events().get(2)).isEqualTo("ADD c 1");
	}

	@Test
	void syncedCacheEqualsAListAndSelectsByLabel(KubeClient client) {
		for (int i = 0; i < 20; i++) {
			client.create(new ConfigMapBuilder().withNewMetadata()
				.withName("cm-" + i)
				.withLabels(Map.of("app", (i % 2 == 0) ? "web" : "db", "tier", "t" + (i % 3)))
				.endMetadata()
				.build());
		}
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		ResourceList<ConfigMap> list = client.reactive().listAll(ConfigMap.class, ListOptions.defaults()).block();
		assertThat(informer.cache().list()).usingRecursiveFieldByFieldElementComparator()
			.containsExactlyInAnyOrderElementsOf(list.items());
		assertThat(informer.hasSynced()).isTrue();
		Selector webT0 = Selector.of("app", "web").equal("tier", "t0");
		assertThat(names(informer.cache().list(webT0))).containsExactlyInAnyOrderElementsOf(
				names(client.list(ConfigMap.class, ListOptions.defaults().withLabels(webT0))));
		assertThat(informer.cache().listInNamespace("default")).hasSize(20);
	}

	@Test
	void aSelectorInformerHoldsOnlyMatchingObjects(KubeClient client) {
		client.create(new ConfigMapBuilder().withNewMetadata().withName("web").addToLabels("app", "web").endMetadata()
			.build());
		client.create(new ConfigMapBuilder().withNewMetadata().withName("db").addToLabels("app", "db").endMetadata()
			.build());
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withLabels(Selector.of("app", "web")));
		assertThat(this.factory.informer(ConfigMap.class, InformerOptions.defaults())).isNotSameAs(informer);
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		assertThat(informer.cache().keys()).containsExactly("default/web");
	}

	@Test
	void theTransformDropsManagedFieldsBeforeCachingAndDelivery(KubeClient client) {
		WriteOptions manager = WriteOptions.defaults().withFieldManager("test");
		client.apply(configMap("a", "1"), manager);
		assertThat(client.get(ConfigMap.class, "a").getMetadata().getManagedFields()).isNotEmpty();
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withTransform(Transforms.dropManagedFields()));
		List<ConfigMap> delivered = Collections.synchronizedList(new ArrayList<>());
		informer.addHandler(new ResourceEventHandler<>() {
			@Override
			public void onAdd(ConfigMap object) {
				delivered.add(object);
			}

			@Override
			public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
				delivered.add(newObject);
			}
		});
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		client.apply(configMap("b", "1"), manager);
		await(() -> delivered.size() == 2, "both objects delivered");
		assertThat(delivered)
			.allSatisfy((object) -> assertThat(object.getMetadata().getManagedFields()).isNullOrEmpty());
		assertThat(informer.cache().list())
			.allSatisfy((object) -> assertThat(object.getMetadata().getManagedFields()).isNullOrEmpty());
	}

	@Test
	void goneDuringTheWatchRelistsAndReportsTheDifference(KubeClient client, KubeApiServer server) {
		client.create(configMap("keep", "1"));
		client.create(configMap("change", "1"));
		client.create(configMap("gone", "1"));
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		Recorder recorder = new Recorder();
		informer.addHandler(recorder);
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		await(() -> recorder.size() == 3, "initial objects delivered");
		// Break the stream; the client's watch waits its back-off (at least 0.8 s) before resuming, so these changes
		// usually happen while no watch is open. Then the resume point expires: the resumed watch gets 410.
		server.faults().breakWatches();
		client.replace(client.get(ConfigMap.class, "change").edit().addToData("v", "2").build());
		client.delete(ConfigMap.class, "gone");
		client.create(configMap("new", "1"));
		server.faults().forgetHistory();
		await(() -> informer.cache().size() == 3 && informer.cache().get("default", "new") != null
				&& "2".equals(informer.cache().get("default", "change").getData().get("v")), "cache caught up");
		await(() -> recorder.size() == 6, "handler caught up");
		assertThat(recorder.events().subList(3, 6)).containsExactlyInAnyOrder("UPDATE change 1->2", "DELETE gone 1",
				"ADD new 1");
		assertThat(names(informer.cache().list())).containsExactlyInAnyOrder("keep", "change", "new");
		assertThat(names(informer.cache().list())).containsExactlyInAnyOrderElementsOf(
				names(client.list(ConfigMap.class, ListOptions.defaults())));
	}

	private static List<String> names(Iterable<ConfigMap> objects) {
		List<String> names = new ArrayList<>();
		objects.forEach((object) -> names.add(object.getMetadata().getName()));
		return names;
	}

	private static ConfigMap configMap(String name, String value) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
	}

	/** Polls until the condition holds; the timeout is only a safety net. */
	private static void await(BooleanSupplier condition, String what) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
	}

	/** Records each change as text, in delivery order. */
	static class Recorder implements ResourceEventHandler<ConfigMap> {

		private final List<String> events = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void onAdd(ConfigMap object) {
			this.events.add("ADD " + object.getMetadata().getName() + " " + value(object));
		}

		@Override
		public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
			this.events.add("UPDATE " + newObject.getMetadata().getName() + " " + value(oldObject) + "->"
					+ value(newObject));
		}

		@Override
		public void onDelete(ConfigMap lastObject) {
			this.events.add("DELETE " + lastObject.getMetadata().getName() + " " + value(lastObject));
		}

		int size() {
			return this.events.size();
		}

		List<String> events() {
			synchronized (this.events) {
				return new ArrayList<>(this.events);
			}
		}

		private static String value(ConfigMap object) {
			return (object.getData() != null) ? object.getData().get("v") : null;
		}

	}


}
