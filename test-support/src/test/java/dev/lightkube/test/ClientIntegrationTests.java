package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.LogOptions;
import dev.lightkube.ObjectDeletedException;
import dev.lightkube.PatchOptions;
import dev.lightkube.PatchType;
import dev.lightkube.WaitOptions;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
import dev.lightkube.WatchStream;
import dev.lightkube.resource.SubResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client's streaming verbs end to end against the in-memory API server: watch (with a dropped stream and an
 * expired resource version), wait, log following and exec.
 */
@KubeApiServerTest(resetAfterEach = true)
class ClientIntegrationTests {

	@Test
	void watchSeesEveryChangeOnceAcrossADroppedStream(KubeClient client, KubeApiServer server) {
		try (WatchStream<ConfigMap> events = client.watch(ConfigMap.class,
				WatchOptions.defaults().withResourceVersion(currentVersion(client)))) {
			Iterator<WatchEvent<ConfigMap>> iterator = events.iterator();
			client.create(configMap("a", "1"));
			assertThat(describe(iterator.next())).isEqualTo("ADDED a 1");
			server.faults().dropWatches();
			client.replace(client.get(ConfigMap.class, "a").edit().addToData("v", "2").build());
			client.delete(ConfigMap.class, "a");
			assertThat(describe(iterator.next())).isEqualTo("MODIFIED a 2");
			assertThat(describe(iterator.next())).isEqualTo("DELETED a 2");
		}
	}

	@Test
	void watchFromAnExpiredVersionRaisesGoneOrResyncsWithRetry(KubeClient client, KubeApiServer server) {
		client.create(configMap("a", "1"));
		String old = currentVersion(client);
		client.create(configMap("b", "1"));
		server.faults().forgetHistory();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> {
			try (WatchStream<ConfigMap> events = client.watch(ConfigMap.class,
					WatchOptions.defaults().withResourceVersion(old))) {
				events.iterator().next();
			}
		}).satisfies((ex) -> assertThat(ex.code()).isEqualTo(410));
		try (WatchStream<ConfigMap> events = client.watch(ConfigMap.class,
				WatchOptions.defaults().withResourceVersion(old).withOnError(WatchErrorHandler.retry()))) {
			Iterator<WatchEvent<ConfigMap>> iterator = events.iterator();
			List<String> resynced = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				WatchEvent<ConfigMap> event = iterator.next();
				assertThat(event.resync()).isTrue();
				resynced.add(describe(event));
			}
			assertThat(resynced).containsExactlyInAnyOrder("ADDED a 1", "ADDED b 1");
		}
	}

	@Test
	void waitForReturnsWhenTheConditionBecomesTrue(KubeClient client, KubeApiServer server) throws Exception {
		client.create(new PodBuilder().withNewMetadata().withName("job-1").endMetadata()
			.withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build());
		CompletableFuture<Pod> waiting = CompletableFuture.supplyAsync(() -> client.waitFor(Pod.class, "job-1",
				WaitOptions.forConditions("Ready").withTimeout(Duration.ofSeconds(30))));
		awaitWatch(server);
		client.patch(SubResource.status(Pod.class), "job-1",
				Map.of("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True")))),
				PatchOptions.of(PatchType.MERGE));
		Pod ready = waiting.get(30, TimeUnit.SECONDS);
		assertThat(ready.getStatus().getConditions()).extracting("type").contains("Ready");
	}

	@Test
	void findIsEmptyForAMissingObjectAndReturnsAnExistingOne(KubeClient client) {
		assertThat(client.find(ConfigMap.class, "absent")).isEmpty();
		client.create(configMap("present", "1"));
		assertThat(client.find(ConfigMap.class, "present")).get()
			.extracting((configMap) -> configMap.getData().get("v"))
			.isEqualTo("1");
	}

	@Test
	void waitForWaitsForAnObjectThatIsCreatedLater(KubeClient client, KubeApiServer server) throws Exception {
		CompletableFuture<Pod> waiting = CompletableFuture.supplyAsync(() -> client.waitFor(Pod.class, "later",
				WaitOptions.forConditions("Ready").withTimeout(Duration.ofSeconds(30))));
		awaitWatch(server);
		client.create(new PodBuilder().withNewMetadata().withName("later").endMetadata()
			.withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build());
		client.patch(SubResource.status(Pod.class), "later",
				Map.of("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True")))),
				PatchOptions.of(PatchType.MERGE));
		Pod ready = waiting.get(30, TimeUnit.SECONDS);
		assertThat(ready.getMetadata().getName()).isEqualTo("later");
	}

	@Test
	void waitForFailsWhenTheObjectIsDeleted(KubeClient client, KubeApiServer server) throws Exception {
		client.create(configMap("doomed", "1"));
		CompletableFuture<ConfigMap> waiting = CompletableFuture.supplyAsync(() -> client.waitFor(ConfigMap.class,
				"doomed", WaitOptions.forConditions("Never").withTimeout(Duration.ofSeconds(30))));
		awaitWatch(server);
		client.delete(ConfigMap.class, "doomed");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(ObjectDeletedException.class);
	}

	@Test
	void logFollowStreamsLinesAsTheyAreAppended(KubeClient client, KubeApiServer server) {
		client.create(new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
			.withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build());
		PodLog log = server.podLog("default", "web-0").append("starting");
		try (Stream<String> lines = client.log("web-0", LogOptions.defaults().withFollow(true).withNewlines(false))) {
			Iterator<String> iterator = lines.iterator();
			assertThat(iterator.next()).isEqualTo("starting");
			log.append("listening on 8080");
			assertThat(iterator.next()).isEqualTo("listening on 8080");
			log.finish();
			assertThat(iterator.hasNext()).isFalse();
		}
	}

	@Test
	void execRunsTheHandlerWithStdinAndReportsTheExitCode(KubeClient client, KubeApiServer server) {
		client.create(new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
			.withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build());
		server.onExec("wc", (call) -> {
			byte[] input = call.stdin().readAllBytes();
			call.stdout().print(new String(input, StandardCharsets.UTF_8).length());
			call.stderr().print("counted");
			return input.length > 0 ? 0 : 2;
		});
		ExecResponse response = client.exec("web-0", ExecOptions.of("wc", "-c").withStdin("hello"));
		assertThat(response.stdout()).isEqualTo("5");
		assertThat(response.stderr()).isEqualTo("counted");
		assertThat(response.exitCode()).isZero();
		ExecResponse failed = client.exec("web-0", ExecOptions.of("wc").withRaiseOnError(false));
		assertThat(failed.exitCode()).isEqualTo(2);
	}

	/** Waits (guarded) until a watch is open, so the change made next is seen through it. */
	private static void awaitWatch(KubeApiServer server) throws InterruptedException {
		for (int i = 0; i < 300 && server.openWatches() == 0; i++) {
			Thread.sleep(100);
		}
		assertThat(server.openWatches()).as("open watches").isPositive();
	}

	private static String currentVersion(KubeClient client) {
		return client.listAll(ConfigMap.class, ListOptions.defaults()).resourceVersion();
	}

	private static String describe(WatchEvent<ConfigMap> event) {
		return event.type() + " " + event.object().getMetadata().getName() + " "
				+ event.object().getData().get("v");
	}

	private static ConfigMap configMap(String name, String value) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
	}

}
