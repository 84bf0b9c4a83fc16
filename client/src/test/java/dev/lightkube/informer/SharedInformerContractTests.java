package dev.lightkube.informer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lightkube.EventType;
import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.Selector;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
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
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests of a shared informer started with LIST then WATCH ({@code withWatchList(false)}: LIST, then
 * WATCH from the list's resource version, LIST again after {@code 410 Gone}) and of the WatchList watch options,
 * against WireMock. The WatchList start-up is in {@link SharedInformerWatchListContractTests}.
 */
class SharedInformerContractTests {

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
	void listsThenWatchesFromTheListsVersionWithTheSelectors() {
		stubList(null, list("10", configMap("a", "1", "1", true)));
		stubWatch("10", "");
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults()
			.withWatchList(false)
			.withLabels(Selector.of("app", "web"))
			.withTransform(Transforms.dropManagedFields()));
		informer.start();
		informer.synced().block(Duration.ofSeconds(20));
		await(() -> watchRequests().size() >= 1, "the watch request");
		LoggedRequest list = listRequests().get(0);
		assertThat(query(list)).containsExactly(Map.entry("labelSelector", "app=web"));
		Map<String, String> watch = query(watchRequests().get(0));
		assertThat(watch).containsOnlyKeys("labelSelector", "watch", "allowWatchBookmarks", "timeoutSeconds",
				"resourceVersion");
		assertThat(watch).containsEntry("labelSelector", "app=web")
			.containsEntry("watch", "true")
			.containsEntry("allowWatchBookmarks", "true")
			.containsEntry("resourceVersion", "10");
		ConfigMap cached = informer.cache().get("default", "a");
		assertThat(cached.getData()).containsEntry("v", "1");
		assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
		assertThat(informer.lastSyncResourceVersion()).isEqualTo("10");
	}

	@Test
	void goneDuringTheWatchListsAgainAndReportsDeletedChangedAndNewObjects() {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent())
			.inScenario("relist").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(json(list("10", configMap("keep", "1", "1", false), configMap("change", "1", "2", false),
					configMap("gone", "1", "3", false))))
			.willSetStateTo("listed"));
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent())
			.inScenario("relist").whenScenarioStateIs("listed")
			.willReturn(json(list("20", configMap("keep", "1", "1", false), configMap("change", "2", "15", false),
					configMap("new", "1", "18", false)))));
		stubWatch("10", "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":"
				+ "\"Failure\",\"message\":\"too old resource version: 10 (19)\",\"reason\":\"Expired\",\"code\":410}}\n");
		stubWatch("20", "");
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withWatchList(false));
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
		informer.start();
		await(() -> events.size() == 6, "the initial objects and the differences after the relist");
		assertThat(events.subList(0, 3)).containsExactly("ADD keep", "ADD change", "ADD gone");
		assertThat(events.subList(3, 6)).containsExactly("UPDATE change 1->2", "ADD new", "DELETE gone");
		assertThat(informer.cache().keys()).containsExactlyInAnyOrder("default/keep", "default/change", "default/new");
		await(() -> watchRequests().size() >= 2, "the second watch");
		assertThat(listRequests()).hasSize(2);
		assertThat(query(watchRequests().get(0))).containsEntry("resourceVersion", "10");
		assertThat(query(watchRequests().get(1))).containsEntry("resourceVersion", "20");
	}

	@Test
	void anEndedStreamResumesFromTheNewestBookmarkWithoutListingAgain() {
		stubList(null, list("10", configMap("a", "1", "1", false)));
		stubWatch("10", "{\"type\":\"MODIFIED\",\"object\":" + configMap("a", "2", "12", false) + "}\n"
				+ "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
				+ "\"metadata\":{\"resourceVersion\":\"15\"}}}\n");
		stubWatch("15", "");
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withWatchList(false));
		informer.start();
		await(() -> watchRequests().size() >= 2, "the resumed watch");
		assertThat(query(watchRequests().get(1))).containsEntry("resourceVersion", "15");
		assertThat(listRequests()).hasSize(1);
		assertThat(informer.cache().get("default", "a").getData()).containsEntry("v", "2");
	}

	@Test
	void theFactorySharesOneInformerPerKindNamespaceAndSelectors() {
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		assertThat(this.factory.informer(ConfigMap.class, InformerOptions.inNamespace("default"))).isSameAs(informer);
		assertThat(this.factory.informer(ConfigMap.class, InformerOptions.inNamespace("other"))).isNotSameAs(informer);
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.informer(ConfigMap.class,
				InformerOptions.defaults().withTransform(Transforms.dropManagedFields())))
			.withMessageContaining("exists with other options");
		assertThat(this.factory.informers()).hasSize(2);
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void initialEventsOptionsSendTheWatchListQuery() {
		this.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"type\":\"ADDED\",\"object\":" + configMap("a", "1", "5", false) + "}\n"
					+ "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":"
					+ "{\"resourceVersion\":\"7\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}\n")));
		WatchEvent<ConfigMap> first = this.client
			.watch(ConfigMap.class, WatchOptions.defaults().withInitialEvents())
			.blockFirst(Duration.ofSeconds(20));
		assertThat(first.object().getMetadata().getName()).isEqualTo("a");
		Map<String, String> query = query(this.server.findAll(
				com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(PATH))).get(0));
		assertThat(query).containsOnlyKeys("watch", "allowWatchBookmarks", "timeoutSeconds", "sendInitialEvents",
				"resourceVersionMatch");
		assertThat(query).containsEntry("sendInitialEvents", "true")
			.containsEntry("resourceVersionMatch", "NotOlderThan")
			.containsEntry("allowWatchBookmarks", "true")
			.containsEntry("watch", "true");
	}

	@Test
	void theEndOfTheInitialEventsIsDeliveredOnRequestAndTheResumedWatchDropsTheWatchListParameters() {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("sendInitialEvents", equalTo("true"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"type\":\"ADDED\",\"object\":" + configMap("a", "1", "5", false) + "}\n"
						+ "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
						+ "\"metadata\":{\"resourceVersion\":\"7\",\"annotations\":{\"k8s.io/initial-events-end\":"
						+ "\"true\"}}}}\n")));
		stubWatch("7", "{\"type\":\"MODIFIED\",\"object\":" + configMap("a", "2", "8", false) + "}\n");
		List<WatchEvent<ConfigMap>> events = this.client
			.watch(ConfigMap.class, WatchOptions.defaults().withInitialEvents().withInitialEventsEndEvent(true))
			.take(3)
			.collectList()
			.block(Duration.ofSeconds(20));

		assertThat(events).extracting(WatchEvent::type)
			.containsExactly(EventType.ADDED, EventType.INITIAL_EVENTS_END, EventType.MODIFIED);
		assertThat(events.get(1).object().getMetadata().getResourceVersion()).isEqualTo("7");
		assertThat(events.get(1).object().getMetadata().getAnnotations())
			.containsEntry("k8s.io/initial-events-end", "true");
		List<LoggedRequest> requests = watchRequests();
		assertThat(query(requests.get(0))).containsOnlyKeys("watch", "allowWatchBookmarks", "timeoutSeconds",
				"sendInitialEvents", "resourceVersionMatch");
		assertThat(query(requests.get(1))).containsOnlyKeys("watch", "allowWatchBookmarks", "timeoutSeconds",
				"resourceVersion");
		assertThat(query(requests.get(1))).containsEntry("resourceVersion", "7");
	}

	@Test
	void theEndEventWithoutInitialEventsIsRefusedBeforeAnyRequest() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.watch(ConfigMap.class, WatchOptions.defaults().withInitialEventsEndEvent(true)))
			.withMessageContaining("sendInitialEvents=true");
		assertThat(this.server.getAllServeEvents()).isEmpty();
		assertThat(WatchOptions.defaults().withInitialEventsEndEvent(true))
			.isNotEqualTo(WatchOptions.defaults())
			.hasToString(WatchOptions.defaults().toString().replace("initialEventsEndEvent=false",
					"initialEventsEndEvent=true"));
	}

	@Test
	void resourceVersionMatchWithoutInitialEventsIsRefusedBeforeAnyRequest() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.watch(ConfigMap.class,
					WatchOptions.defaults().withResourceVersionMatch("NotOlderThan")))
			.withMessageContaining("sendInitialEvents");
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	private void stubList(String labelSelector, String body) {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", absent()).willReturn(json(body)));
	}

	private void stubWatch(String resourceVersion, String body) {
		this.server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("watch", equalTo("true"))
			.withQueryParam("resourceVersion", equalTo(resourceVersion))
			.willReturn(json(body)));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private List<LoggedRequest> listRequests() {
		return this.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(PATH))
			.withQueryParam("watch", absent()));
	}

	private List<LoggedRequest> watchRequests() {
		return this.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(PATH))
			.withQueryParam("watch", equalTo("true")));
	}

	private static Map<String, String> query(LoggedRequest request) {
		Map<String, String> query = new TreeMap<>();
		request.getQueryParams().forEach((name, value) -> query.put(name, value.firstValue()));
		return query;
	}

	private static String list(String resourceVersion, String... items) {
		return "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion
				+ "\"},\"items\":[" + String.join(",", items) + "]}";
	}

	private static String configMap(String name, String value, String resourceVersion, boolean managedFields) {
		String managed = managedFields ? ",\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\","
				+ "\"apiVersion\":\"v1\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:v\":{}}}}]" : "";
		return "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
				+ "\",\"namespace\":\"default\",\"resourceVersion\":\"" + resourceVersion + "\"" + managed
				+ "},\"data\":{\"v\":\"" + value + "\"}}";
	}

	/** Polls until the condition holds; the timeout is only a safety net. */
	static void await(BooleanSupplier condition, String what) {
		// The limit is only a safety net; the test waits for the condition, not for a time.
		Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
	}

}
