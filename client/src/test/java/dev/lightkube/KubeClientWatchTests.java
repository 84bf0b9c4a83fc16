package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watch and wait through the public clients: the exact requests and what reaches the caller. */
class KubeClientWatchTests extends WireMockTestSupport {

	@Override
	protected KubeClientBuilder builder() {
		return super.builder().watchServerTimeout(Duration.ofSeconds(30)).watchBackoff(Duration.ofMillis(5),
				Duration.ofMillis(20));
	}

	@Test
	void watchSendsSelectorsBookmarksTimeoutAndResourceVersion() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/shop/configmaps"))
			.willReturn(aResponse().withStatus(200).withBody(event("ADDED", "a", "11") + event("MODIFIED", "a", "12"))));
		WatchOptions options = WatchOptions.inNamespace("shop")
			.withLabels(Selector.of("app", "web"))
			.withFields(Selector.of("metadata.name", "a"))
			.withResourceVersion("10");
		List<String> seen = new ArrayList<>();
		try (WatchStream<ConfigMap> events = this.client.watch(ConfigMap.class, options)) {
			Iterator<WatchEvent<ConfigMap>> iterator = events.iterator();
			for (int i = 0; i < 2; i++) {
				WatchEvent<ConfigMap> event = iterator.next();
				seen.add(event.type() + " " + event.object().getMetadata().getResourceVersion());
			}
		}
		assertThat(seen).containsExactly("ADDED 11", "MODIFIED 12");
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/shop/configmaps?labelSelector=app%3Dweb"
				+ "&fieldSelector=metadata.name%3Da&watch=true&allowWatchBookmarks=true&timeoutSeconds=30"
				+ "&resourceVersion=10")));
	}

	@Test
	void watchAcrossAllNamespacesUsesTheClusterWidePath() {
		this.server.stubFor(get(urlPathEqualTo("/apis/apps/v1/deployments"))
			.willReturn(aResponse().withStatus(200).withBody(event("ADDED", "d", "5").replace("\"v1\"", "\"apps/v1\"")
				.replace("ConfigMap", "Deployment"))));
		WatchEvent<Deployment> first = this.client.reactive()
			.watch(Deployment.class, WatchOptions.inNamespace(ReactiveKubeClient.ALL_NAMESPACES))
			.blockFirst(Duration.ofSeconds(10));
		assertThat(first.object().getMetadata().getName()).isEqualTo("d");
		this.server.verify(getRequestedFor(urlPathEqualTo("/apis/apps/v1/deployments"))
			.withQueryParam("watch", equalTo("true")));
	}

	@Test
	void watchWithoutResourceVersionAsksForTheCurrentState() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.willReturn(aResponse().withStatus(200).withBody(event("ADDED", "a", "11"))));
		this.client.reactive().watch(ConfigMap.class).blockFirst(Duration.ofSeconds(10));
		this.server.verify(getRequestedFor(urlEqualTo(
				"/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=30")));
	}

	@Test
	void waitForReturnsAtOnceWhenTheConditionAlreadyHolds() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/default/deployments/web")
			.willReturn(okJson(deployment("web", "7", "Available", "True"))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web", WaitOptions.forConditions("Available"));
		assertThat(deployment.getMetadata().getResourceVersion()).isEqualTo("7");
		this.server.verify(0, getRequestedFor(urlPathEqualTo("/apis/apps/v1/namespaces/default/deployments")));
	}

	@Test
	void waitForWatchesFromTheObjectsVersionUntilTheConditionHolds() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/default/deployments/web")
			.willReturn(okJson(deployment("web", "7", "Available", "False"))));
		this.server.stubFor(get(urlPathEqualTo("/apis/apps/v1/namespaces/default/deployments"))
			.willReturn(aResponse().withStatus(200)
				.withBody(watchLine("MODIFIED", deployment("web", "8", "Progressing", "True"))
						+ watchLine("MODIFIED", deployment("web", "9", "Available", "True")))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web",
				WaitOptions.forConditions("Available").withTimeout(Duration.ofSeconds(20)));
		assertThat(deployment.getMetadata().getResourceVersion()).isEqualTo("9");
		this.server.verify(getRequestedFor(urlPathEqualTo("/apis/apps/v1/namespaces/default/deployments"))
			.withQueryParam("fieldSelector", equalTo("metadata.name=web"))
			.withQueryParam("resourceVersion", equalTo("7"))
			.withQueryParam("allowWatchBookmarks", equalTo("true")));
	}

	@Test
	void waitForFailsWithTheMessagesOfAFailureCondition() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/default/deployments/web")
			.willReturn(okJson(deployment("web", "7", "ReplicaFailure", "True"))));
		assertThatExceptionOfType(ConditionException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web",
					WaitOptions.forConditions("Available").withRaiseForConditions("ReplicaFailure")))
			.satisfies((ex) -> assertThat(ex.messages()).containsExactly("ReplicaFailure is broken"));
	}

	@Test
	void waitForFailsWhenTheObjectIsDeleted() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/job-1")
			.willReturn(okJson("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"job-1\","
					+ "\"resourceVersion\":\"3\"},\"status\":{\"phase\":\"Running\"}}")));
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/pods"))
			.willReturn(aResponse().withStatus(200).withBody(watchLine("DELETED",
					"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"job-1\",\"resourceVersion\":\"4\"}}"))));
		assertThatExceptionOfType(ObjectDeletedException.class)
			.isThrownBy(() -> this.client.waitFor(Pod.class, "job-1", WaitOptions.forConditions("Succeeded")))
			.withMessageContaining("job-1");
	}

	@Test
	void waitForCountsAPodPhaseAsACondition() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/job-1")
			.willReturn(okJson("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"job-1\","
					+ "\"resourceVersion\":\"3\"},\"status\":{\"phase\":\"Succeeded\"}}")));
		Pod pod = this.client.waitFor(Pod.class, "job-1", WaitOptions.forConditions("Succeeded"));
		assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
	}

	@Test
	void waitForEndsAfterItsTimeout() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/default/deployments/web")
			.willReturn(okJson(deployment("web", "7", "Available", "False"))));
		this.server.stubFor(get(urlPathEqualTo("/apis/apps/v1/namespaces/default/deployments"))
			.inScenario("silent")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(200).withFixedDelay(5_000).withBody("")));
		assertThatExceptionOfType(KubeException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web",
					WaitOptions.forConditions("Available").withTimeout(Duration.ofMillis(300))))
			.withMessageContaining("timed out");
	}

	@Test
	void getRawReturnsTheBodyAsText() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(200).withBody("ok")));
		assertThat(this.client.getRaw("/readyz")).isEqualTo("ok");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.client.getRaw("readyz?x"));
	}

	private static String event(String type, String name, String resourceVersion) {
		return watchLine(type, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
				+ "\",\"namespace\":\"shop\",\"resourceVersion\":\"" + resourceVersion + "\"}}");
	}

	private static String watchLine(String type, String object) {
		return "{\"type\":\"" + type + "\",\"object\":" + object + "}\n";
	}

	private static String deployment(String name, String resourceVersion, String condition, String status) {
		return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name
				+ "\",\"namespace\":\"default\",\"resourceVersion\":\"" + resourceVersion + "\"},"
				+ "\"status\":{\"conditions\":[{\"type\":\"" + condition + "\",\"status\":\"" + status
				+ "\",\"message\":\"" + condition + " is broken\"}]}}";
	}

}
