package dev.lightkube.informer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.lightkube.informer.SharedInformerContractTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.Selector;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact requests of an informer's WatchList start-up (KEP-3157) and of its fallback to LIST then WATCH, against
 * WireMock. Requests are compared in the order the server received them; nothing is timed.
 */
class SharedInformerWatchListContractTests {

	private static final String PATH = "/api/v1/namespaces/default/configmaps";

	private WireMockServer server;

	private ReactiveKubeClient client;

	private SharedInformerFactory factory;

	@BeforeEach
	void start() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.client = KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(this.server.baseUrl()), User.ANONYMOUS, "default"))
			.maxRetries(2)
			.buildReactive();
		this.factory = new SharedInformerFactory(this.client);
	}

	@AfterEach
	void stop() {
		this.factory.close();
		this.client.close();
		this.server.stop();
	}

	@Test
	void startsWithOneWatchListSyncsAtTheEndBookmarkAndGoesOnWithTheSameWatch() {
		stubWatchList(stream(added("a", "1", "3"), added("b", "1", "5"), end("7"), modified("a", "2", "8")));
		stubWatch("8", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults()
			.withLabels(Selector.of("app", "web")));
		List<String> events = record(informer);
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> events.size() == 3, "the initial objects and the change");

		assertThat(events).containsExactly("ADD a", "ADD b", "UPDATE a 1->2");
		assertThat(informer.cache().keys()).containsExactlyInAnyOrder("default/a", "default/b");
		assertThat(informer.cache().get("default", "a").getData()).containsEntry("v", "2");
		await(() -> requests().size() >= 2, "the resumed watch");
		List<Map<String, String>> requests = requests();
		// the exact start-up query: no resourceVersion (a consistent read of the current state), as client-go
		assertThat(requests.get(0)).containsOnlyKeys("labelSelector", "watch", "allowWatchBookmarks", "timeoutSeconds",
				"sendInitialEvents", "resourceVersionMatch");
		assertThat(requests.get(0)).containsEntry("labelSelector", "app=web")
			.containsEntry("watch", "true")
			.containsEntry("allowWatchBookmarks", "true")
			.containsEntry("sendInitialEvents", "true")
			.containsEntry("resourceVersionMatch", "NotOlderThan");
		// the stream ended after the change: resumed from it, without asking for the initial events again
		assertThat(requests.get(1)).containsOnlyKeys("labelSelector", "watch", "allowWatchBookmarks", "timeoutSeconds",
				"resourceVersion");
		assertThat(requests.get(1)).containsEntry("resourceVersion", "8");
		assertThat(listRequests()).isEmpty();
	}

	@Test
	void aBrokenStreamAfterTheEndIsResumedFromItsVersionWithoutTheInitialEvents() {
		stubWatchList(stream(added("a", "1", "3"), end("7")));
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("resourceVersion", equalTo("7"))
			.willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> requests().size() >= 3, "two resumed watches");

		List<Map<String, String>> requests = requests();
		assertThat(requests.get(0)).containsEntry("sendInitialEvents", "true").doesNotContainKey("resourceVersion");
		for (Map<String, String> resumed : requests.subList(1, 3)) {
			assertThat(resumed).containsOnlyKeys("watch", "allowWatchBookmarks", "timeoutSeconds", "resourceVersion");
			assertThat(resumed).containsEntry("resourceVersion", "7");
		}
		assertThat(listRequests()).isEmpty();
		assertThat(informer.cache().keys()).containsExactly("default/a");
	}

	@Test
	void goneDuringTheInitialStreamStartsTheWatchListAgainWithACleanState() {
		// client-go: an expired error in watch-list resets the resource version and starts again, no fallback
		stubWatchListInSequence(stream(added("a", "1", "3"), added("stale", "1", "4"), expired()),
				stream(added("a", "1", "3"), added("new", "1", "6"), end("9")));
		stubWatch("9", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		List<String> events = record(informer);
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> events.size() == 2, "the initial objects");

		// the interrupted stream's objects never reached the cache nor the handler
		assertThat(events).containsExactly("ADD a", "ADD new");
		assertThat(informer.cache().keys()).containsExactlyInAnyOrder("default/a", "default/new");
		await(() -> requests().size() >= 3, "the resumed watch");
		List<Map<String, String>> requests = requests();
		// the same query again (timeoutSeconds is picked at random per request)
		assertThat(requests.get(0)).containsOnlyKeys(requests.get(1).keySet());
		requests.get(0).forEach((name, value) -> {
			if (!name.equals("timeoutSeconds")) {
				assertThat(requests.get(1)).containsEntry(name, value);
			}
		});
		assertThat(requests.get(1)).containsEntry("sendInitialEvents", "true").doesNotContainKey("resourceVersion");
		assertThat(requests.get(2)).containsEntry("resourceVersion", "9").doesNotContainKey("sendInitialEvents");
		assertThat(listRequests()).isEmpty();
	}

	@Test
	void aStreamThatEndsBeforeTheEndStartsTheWatchListAgainWithACleanState() {
		// the client's watch restarts an ended stream by itself; the informer sees the re-sent state (resync) and
		// starts again with an empty collection rather than mixing two streams
		stubWatchListInSequence(stream(added("a", "1", "3"), added("stale", "1", "4")),
				stream(added("a", "1", "3"), end("9")));
		stubWatch("9", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		List<String> events = record(informer);
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> events.size() == 1, "the initial object");

		assertThat(informer.cache().keys()).containsExactly("default/a");
		assertThat(events).containsExactly("ADD a");
		assertThat(requests()).filteredOn((query) -> query.containsKey("sendInitialEvents"))
			.hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((query) -> assertThat(query).doesNotContainKey("resourceVersion"));
		assertThat(listRequests()).isEmpty();
	}

	@Test
	void goneAfterTheStartUpStreamsTheStateAgainAndReportsTheDifferences() {
		stubWatchListInSequence(stream(added("keep", "1", "1"), added("change", "1", "2"), added("gone", "1", "3"),
				end("10")), stream(added("keep", "1", "1"), added("change", "2", "15"), added("new", "1", "18"),
				end("20")));
		stubWatch("10", stream(expired()));
		stubWatch("20", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		List<String> events = record(informer);
		informer.start();
		await(() -> events.size() == 6, "the initial objects and the differences");

		assertThat(events).containsExactly("ADD keep", "ADD change", "ADD gone", "UPDATE change 1->2", "ADD new",
				"DELETE gone");
		assertThat(informer.cache().keys()).containsExactlyInAnyOrder("default/keep", "default/change", "default/new");
		assertThat(informer.lastSyncResourceVersion()).isEqualTo("20");
		assertThat(listRequests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 422 })
	void aRefusedWatchListFallsBackToListThenWatchAndTheFactoryRemembersIt(int code) {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("sendInitialEvents", equalTo("true"))
			.willReturn(status(code, (code == 422) ? "Invalid" : "BadRequest")));
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent())
			.willReturn(json(list("10", configMap("a", "1", "3")))));
		stubWatch("10", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> requests().size() >= 3, "the watch after the list");

		List<Map<String, String>> requests = requests();
		assertThat(requests.get(0)).containsOnlyKeys("watch", "allowWatchBookmarks", "timeoutSeconds",
				"sendInitialEvents", "resourceVersionMatch");
		assertThat(requests.get(1)).isEmpty();
		assertThat(requests.get(2)).containsOnlyKeys("watch", "allowWatchBookmarks", "timeoutSeconds",
				"resourceVersion");
		assertThat(requests.get(2)).containsEntry("resourceVersion", "10");
		assertThat(informer.cache().keys()).containsExactly("default/a");

		// another informer of the same factory goes straight to LIST
		SharedInformer<ConfigMap> other = this.factory.informer(ConfigMap.class, InformerOptions.defaults()
			.withLabels(Selector.of("app", "other")));
		other.start();
		other.synced().block(Duration.ofSeconds(20));
		List<Map<String, String>> others = requests().stream()
			.filter((query) -> "app=other".equals(query.get("labelSelector")))
			.toList();
		assertThat(others.get(0)).containsOnly(Map.entry("labelSelector", "app=other"));
		assertThat(requests()).filteredOn((query) -> query.containsKey("sendInitialEvents")).hasSize(1);
	}

	@Test
	void forbiddenIsNoReasonToFallBack() {
		// RBAC refusal: a LIST would be refused too, so the informer keeps trying its WatchList
		this.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(status(403, "Forbidden")));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		informer.start();
		await(() -> requests().size() >= 3, "three attempts");

		assertThat(requests()).allSatisfy((query) -> assertThat(query).containsEntry("sendInitialEvents", "true"));
		assertThat(informer.hasSynced()).isFalse();
	}

	@Test
	void noEndWithinTheTimeoutFallsBackToListThenWatch() {
		// a server that ignores the parameters: the current objects, then silence (blank lines keep it open)
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("sendInitialEvents", equalTo("true"))
			.willReturn(json(added("a", "1", "3") + "\n".repeat(40)).withChunkedDribbleDelay(40, 4000)));
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent())
			.willReturn(json(list("10", configMap("a", "1", "3"), configMap("b", "1", "4")))));
		stubWatch("10", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults()
			.withWatchListTimeout(Duration.ofMillis(300)));
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> requests().size() >= 3, "the watch after the list");

		List<Map<String, String>> requests = requests();
		assertThat(requests.get(0)).containsEntry("sendInitialEvents", "true");
		assertThat(requests.get(1)).isEmpty();
		assertThat(requests.get(2)).containsEntry("resourceVersion", "10").doesNotContainKey("sendInitialEvents");
		assertThat(informer.cache().keys()).containsExactlyInAnyOrder("default/a", "default/b");
	}

	@Test
	void aChangeBeforeTheEndMeansTheServerIgnoresWatchListAndFallsBack() {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("sendInitialEvents", equalTo("true"))
			.willReturn(stream(added("a", "1", "3"), modified("a", "2", "4"))));
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent())
			.willReturn(json(list("10", configMap("a", "2", "4")))));
		stubWatch("10", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));

		assertThat(requests().get(1)).isEmpty();
		assertThat(informer.cache().get("default", "a").getData()).containsEntry("v", "2");
	}

	@Test
	void withWatchListOffTheInformerListsFirst() {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent())
			.willReturn(json(list("10", configMap("a", "1", "3")))));
		stubWatch("10", ResponseDefinitionBuilder.responseDefinition().withStatus(200).withBody(""));
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withWatchList(false));
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> requests().size() >= 2, "the watch");

		assertThat(requests().get(0)).isEmpty();
		assertThat(requests()).noneSatisfy((query) -> assertThat(query).containsKey("sendInitialEvents"));
	}

	private List<String> record(SharedInformer<ConfigMap> informer) {
		List<String> events = Collections.synchronizedList(new ArrayList<>());
		informer.addHandler(new ResourceEventHandler<>() {
			@Override
			public void onAdd(ConfigMap object) {
				events.add("ADD " + object.getMetadata().getName());
			}

			@Override
			public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
				events.add("UPDATE " + newObject.getMetadata().getName() + " " + oldObject.getData().get("v") + "->"
						+ newObject.getData().get("v"));
			}

			@Override
			public void onDelete(ConfigMap lastObject) {
				events.add("DELETE " + lastObject.getMetadata().getName());
			}
		});
		return events;
	}

	private void stubWatchList(ResponseDefinitionBuilder response) {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("sendInitialEvents", equalTo("true"))
			.willReturn(response));
	}

	/** Successive WatchList requests get these answers; the last one answers every later one. */
	private void stubWatchListInSequence(ResponseDefinitionBuilder... responses) {
		for (int i = 0; i < responses.length; i++) {
			String state = (i == 0) ? Scenario.STARTED : "request-" + i;
			var stub = get(urlPathEqualTo(PATH)).withQueryParam("sendInitialEvents", equalTo("true"))
				.inScenario("watchList")
				.whenScenarioStateIs(state)
				.willReturn(responses[i]);
			if (i < responses.length - 1) {
				stub = stub.willSetStateTo("request-" + (i + 1));
			}
			this.server.stubFor(stub);
		}
	}

	private void stubWatch(String resourceVersion, ResponseDefinitionBuilder response) {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", equalTo("true"))
			.withQueryParam("resourceVersion", equalTo(resourceVersion))
			.willReturn(response));
	}

	/** The query of every request to the collection, in the order received. */
	private List<Map<String, String>> requests() {
		List<Map<String, String>> queries = new ArrayList<>();
		for (LoggedRequest request : this.server.findAll(getRequestedFor(urlPathEqualTo(PATH)))) {
			Map<String, String> query = new TreeMap<>();
			request.getQueryParams().forEach((name, value) -> query.put(name, value.firstValue()));
			queries.add(query);
		}
		return queries;
	}

	private List<LoggedRequest> listRequests() {
		return this.server.findAll(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("watch", absent()));
	}

	private static ResponseDefinitionBuilder stream(String... lines) {
		return json(String.join("", lines));
	}

	private static ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static ResponseDefinitionBuilder status(int code, String reason) {
		return aResponse().withStatus(code)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
					+ ",\"reason\":\"" + reason + "\",\"message\":\"" + reason + " for the test\"}");
	}

	private static String added(String name, String value, String resourceVersion) {
		return "{\"type\":\"ADDED\",\"object\":" + configMap(name, value, resourceVersion) + "}\n";
	}

	private static String modified(String name, String value, String resourceVersion) {
		return "{\"type\":\"MODIFIED\",\"object\":" + configMap(name, value, resourceVersion) + "}\n";
	}

	private static String end(String resourceVersion) {
		return "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":"
				+ "{\"resourceVersion\":\"" + resourceVersion
				+ "\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}\n";
	}

	private static String expired() {
		return "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
				+ "\"message\":\"too old resource version: 2 (5)\",\"reason\":\"Expired\",\"code\":410}}\n";
	}

	private static String list(String resourceVersion, String... items) {
		return "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion
				+ "\"},\"items\":[" + String.join(",", items) + "]}";
	}

	private static String configMap(String name, String value, String resourceVersion) {
		return "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
				+ "\",\"namespace\":\"default\",\"resourceVersion\":\"" + resourceVersion + "\"},\"data\":{\"v\":\""
				+ value + "\"}}";
	}

}
