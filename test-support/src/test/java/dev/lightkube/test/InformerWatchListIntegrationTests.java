package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.ResourceList;
import dev.lightkube.Selector;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.test.InformerIntegrationTests.Recorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The informer's WatchList start-up end to end against the in-memory API server, which speaks WatchList (and, built
 * with {@code watchList(false)}, refuses it with 422 as a server without the feature does). Requests are counted on
 * the server; the synced cache is compared with a LIST field by field.
 */
@KubeApiServerTest(resetAfterEach = true)
class InformerWatchListIntegrationTests {

	private SharedInformerFactory factory;

	@AfterEach
	void closeFactory() {
		if (this.factory != null) {
			this.factory.close();
		}
	}

	@Test
	void startsWithOneWatchAndNoListAndItsSyncedStateEqualsAList(KubeClient client, KubeApiServer server) {
		createConfigMaps(client, 60);
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		Recorder recorder = new Recorder();
		informer.addHandler(recorder);
		long before = server.requestCount();
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		await(() -> server.openWatches() == 1, "the watch is open");

		// one request: the WatchList watch; no LIST
		assertThat(server.requestCount() - before).isEqualTo(1);
		assertThatCacheEqualsAList(client, informer);
		await(() -> recorder.size() == 60, "every initial object delivered");

		// the same watch goes on with the changes
		client.create(configMap("late", "web"));
		await(() -> recorder.size() == 61, "the change");
		assertThat(recorder.events().get(60)).isEqualTo("ADD late null");
		assertThat(server.openWatches()).isEqualTo(1);
		// the watch, then this test's LIST and create: the informer sent nothing more
		assertThat(server.requestCount() - before).isEqualTo(3);
		assertThatCacheEqualsAList(client, informer);
	}

	@Test
	void aSelectorWatchListHoldsOnlyMatchingObjects(KubeClient client, KubeApiServer server) {
		createConfigMaps(client, 20);
		this.factory = new SharedInformerFactory(client.reactive());
		Selector web = Selector.of("app", "web");
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withLabels(web));
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));

		ResourceList<ConfigMap> list = client.reactive()
			.listAll(ConfigMap.class, ListOptions.defaults().withLabels(web))
			.block(Duration.ofSeconds(30));
		assertThat(informer.cache().list()).usingRecursiveFieldByFieldElementComparator()
			.containsExactlyInAnyOrderElementsOf(list.items());
		assertThat(informer.cache().size()).isEqualTo(10);
	}

	@Test
	void goneDuringTheInitialStreamStartsTheWatchListAgainWithoutAList(KubeClient client, KubeApiServer server) {
		createConfigMaps(client, 30);
		server.faults().expireDuringInitialEvents(1);
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		Recorder recorder = new Recorder();
		informer.addHandler(recorder);
		long before = server.requestCount();
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		await(() -> server.openWatches() == 1, "the watch is open");

		// the expired WatchList, then a second one; still no LIST
		assertThat(server.requestCount() - before).isEqualTo(2);
		assertThatCacheEqualsAList(client, informer);
		await(() -> recorder.size() == 30, "every object delivered");
		// the interrupted stream's objects reached the handler once, from the complete state only
		assertThat(recorder.events()).doesNotHaveDuplicates().hasSize(30);
	}

	@Test
	void aServerWithoutWatchListGetsListThenWatchAndTheFactoryRemembersIt() {
		try (KubeApiServer older = KubeApiServer.builder().watchList(false).start();
				KubeClient client = KubeClient.builder().config(KubeConfig.fromFile(older.kubeconfigFile())).build()) {
			createConfigMaps(client, 40);
			this.factory = new SharedInformerFactory(client.reactive());
			SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
			long before = older.requestCount();
			informer.start();
			informer.synced().block(Duration.ofSeconds(30));
			await(() -> older.openWatches() == 1, "the watch after the list");

			// the refused WatchList (422), the LIST, the WATCH
			assertThat(older.requestCount() - before).isEqualTo(3);
			assertThatCacheEqualsAList(client, informer);

			// a later informer of the same factory goes straight to LIST then WATCH
			SharedInformer<ConfigMap> web = this.factory.informer(ConfigMap.class,
					InformerOptions.defaults().withLabels(Selector.of("app", "web")));
			long beforeSecond = older.requestCount();
			web.start();
			web.synced().block(Duration.ofSeconds(30));
			await(() -> older.openWatches() == 2, "the second watch");
			assertThat(older.requestCount() - beforeSecond).isEqualTo(2);
			assertThat(web.cache().size()).isEqualTo(20);
			this.factory.close();
		}
	}

	@Test
	void withWatchListOffTheInformerListsThenWatches(KubeClient client, KubeApiServer server) {
		createConfigMaps(client, 10);
		this.factory = new SharedInformerFactory(client.reactive());
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withWatchList(false));
		long before = server.requestCount();
		informer.start();
		informer.synced().block(Duration.ofSeconds(30));
		await(() -> server.openWatches() == 1, "the watch after the list");

		// the LIST, then the WATCH
		assertThat(server.requestCount() - before).isEqualTo(2);
		assertThatCacheEqualsAList(client, informer);
	}

	private static void assertThatCacheEqualsAList(KubeClient client, SharedInformer<ConfigMap> informer) {
		ResourceList<ConfigMap> list = client.reactive()
			.listAll(ConfigMap.class, ListOptions.defaults())
			.block(Duration.ofSeconds(30));
		assertThat(informer.cache().list()).usingRecursiveFieldByFieldElementComparator()
			.containsExactlyInAnyOrderElementsOf(list.items());
		assertThat(informer.lastSyncResourceVersion()).isNotNull();
	}

	private static void createConfigMaps(KubeClient client, int count) {
		for (int i = 0; i < count; i++) {
			client.create(configMap("cm-" + i, (i % 2 == 0) ? "web" : "db"));
		}
	}

	private static ConfigMap configMap(String name, String app) {
		return new ConfigMapBuilder().withNewMetadata()
			.withName(name)
			.withLabels(Map.of("app", app))
			.endMetadata()
			.build();
	}

	/** Polls until the condition holds; the timeout is only a safety net. */
	private static void await(BooleanSupplier condition, String what) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
	}

}
