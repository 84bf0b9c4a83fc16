package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code waitFor}: lightkube's {@code wait} (watch by {@code metadata.name}, success before failure) with client-go's
 * {@code UntilWithSync} (list, then watch from the list's version; list again after {@code 410 Gone}). The exact
 * requests, and which answers end the wait at once.
 */
class KubeClientWaitTests extends WireMockTestSupport {

	private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

	@Override
	protected KubeClientBuilder builder() {
		return super.builder().watchServerTimeout(Duration.ofSeconds(30)).watchBackoff(Duration.ofMillis(5),
				Duration.ofMillis(20));
	}

	@Test
	void returnsAtOnceWhenTheConditionAlreadyHolds() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").willReturn(okJson(list("7", deployment("web", "7", "Available")))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web", WaitOptions.forConditions("Available"));
		assertThat(deployment.getMetadata().getResourceVersion()).isEqualTo("7");
		this.server.verify(1, getRequestedFor(urlPathEqualTo(DEPLOYMENTS))
			.withQueryParam("fieldSelector", equalTo("metadata.name=web"))
			.withQueryParam("watch", absent()));
		this.server.verify(0, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", equalTo("true")));
	}

	@Test
	void waitsForAnObjectThatDoesNotExistYet() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").willReturn(okJson(list("5"))));
		this.server.stubFor(watching(DEPLOYMENTS, "web").willReturn(aResponse().withStatus(200)
			.withBody(line("ADDED", deployment("web", "6", "Progressing"))
					+ line("MODIFIED", deployment("web", "8", "Available")))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web",
				WaitOptions.forConditions("Available").withTimeout(Duration.ofSeconds(20)));
		assertThat(deployment.getMetadata().getResourceVersion()).isEqualTo("8");
		this.server.verify(getRequestedFor(urlPathEqualTo(DEPLOYMENTS))
			.withQueryParam("fieldSelector", equalTo("metadata.name=web"))
			.withQueryParam("watch", equalTo("true"))
			.withQueryParam("resourceVersion", equalTo("5"))
			.withQueryParam("allowWatchBookmarks", equalTo("true")));
	}

	@Test
	void watchesFromTheListsVersionUntilTheConditionHolds() {
		this.server.stubFor(listing(DEPLOYMENTS, "web")
			.willReturn(okJson(list("7", deployment("web", "7", "Progressing")))));
		this.server.stubFor(watching(DEPLOYMENTS, "web").willReturn(aResponse().withStatus(200)
			.withBody(line("MODIFIED", deployment("web", "8", "Progressing"))
					+ line("MODIFIED", deployment("web", "9", "Available")))));
		Deployment deployment = this.client.reactive()
			.waitFor(Deployment.class, "web", WaitOptions.forConditions("Available"))
			.block(Duration.ofSeconds(20));
		assertThat(deployment.getMetadata().getResourceVersion()).isEqualTo("9");
		this.server.verify(getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", equalTo("true"))
			.withQueryParam("resourceVersion", equalTo("7")));
	}

	@Test
	void aSuccessConditionWinsOverAFailureConditionAsInLightkube() {
		this.server.stubFor(listing(DEPLOYMENTS, "web")
			.willReturn(okJson(list("7", deployment("web", "7", "ReplicaFailure", "Available")))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web",
				WaitOptions.forConditions("Available").withRaiseForConditions("ReplicaFailure"));
		assertThat(deployment.getMetadata().getName()).isEqualTo("web");
	}

	@Test
	void aFailureConditionFailsNamingTheObject() {
		this.server.stubFor(listing(DEPLOYMENTS, "web")
			.willReturn(okJson(list("7", deployment("web", "7", "ReplicaFailure")))));
		assertThatExceptionOfType(ConditionException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web",
					WaitOptions.forConditions("Available").withRaiseForConditions("ReplicaFailure")))
			.withMessage("deployments/web in namespace default reached a failure condition: ReplicaFailure is true")
			.satisfies((ex) -> {
				assertThat(ex.messages()).containsExactly("ReplicaFailure is true");
				assertThat(ex.resource()).isEqualTo("deployments");
				assertThat(ex.namespace()).isEqualTo("default");
			});
	}

	@Test
	void aDeletionFailsNamingTheObject() {
		this.server.stubFor(listing("/api/v1/namespaces/shop/pods", "job-1").willReturn(okJson(list("3",
				pod("job-1", "3", "Running")))));
		this.server.stubFor(watching("/api/v1/namespaces/shop/pods", "job-1")
			.willReturn(aResponse().withStatus(200).withBody(line("DELETED", pod("job-1", "4", "Running")))));
		assertThatExceptionOfType(ObjectDeletedException.class)
			.isThrownBy(() -> this.client.waitFor(Pod.class, "job-1",
					WaitOptions.forConditions("Succeeded").withNamespace("shop")))
			.withMessage("pods/job-1 in namespace shop was deleted while waiting for it");
	}

	@Test
	void aPodPhaseCountsAsACondition() {
		this.server.stubFor(listing("/api/v1/namespaces/default/pods", "job-1")
			.willReturn(okJson(list("3", pod("job-1", "3", "Succeeded")))));
		Pod pod = this.client.waitFor(Pod.class, "job-1", WaitOptions.forConditions("Succeeded"));
		assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
	}

	@Test
	void aClusterScopedObjectIsNamedWithoutNamespace() {
		this.server.stubFor(listing("/api/v1/namespaces", "gone").willReturn(okJson(list("3",
				"{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"gone\",\"resourceVersion\":\"3\"},"
						+ "\"status\":{\"phase\":\"Terminating\"}}"))));
		assertThatExceptionOfType(ConditionException.class)
			.isThrownBy(() -> this.client.waitFor(Namespace.class, "gone",
					WaitOptions.forConditions("Active").withRaiseForConditions("Terminating")))
			.withMessageStartingWith("namespaces/gone reached a failure condition");
	}

	@Test
	void forbiddenEndsTheWaitAtOnce() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").willReturn(status(403, "Forbidden")));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web", WaitOptions.forConditions("Available")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(403));
		this.server.verify(1, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)));
	}

	@Test
	void aKindTheServerDoesNotHaveEndsTheWaitAtOnce() {
		ResourceType<GenericKubernetesResource> widgets = GenericResources.of("example.com", "v1", "Widget",
				"widgets", true);
		this.server.stubFor(get(urlPathEqualTo("/apis/example.com/v1/namespaces/default/widgets"))
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
						+ "\"the server could not find the requested resource\",\"reason\":\"NotFound\","
						+ "\"details\":{},\"code\":404}")));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.client.waitFor(widgets, "w", WaitOptions.forConditions("Ready")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(404));
		this.server.verify(1, getRequestedFor(urlPathEqualTo("/apis/example.com/v1/namespaces/default/widgets")));
	}

	@Test
	void aForbiddenOrBadWatchEndsTheWaitAtOnce() {
		for (int code : new int[] { 400, 401, 403 }) {
			this.server.resetAll();
			this.server.stubFor(listing(DEPLOYMENTS, "web").willReturn(okJson(list("5"))));
			this.server.stubFor(watching(DEPLOYMENTS, "web").willReturn(status(code, "Refused")));
			assertThatExceptionOfType(ApiException.class)
				.isThrownBy(() -> this.client.waitFor(Deployment.class, "web", WaitOptions.forConditions("Available")))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(code));
			this.server.verify(1, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", equalTo("true")));
			this.server.verify(1, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", absent()));
		}
	}

	@Test
	void goneListsAgainAndWatchesFromTheNewVersion() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").inScenario("gone").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson(list("5", deployment("web", "5", "Progressing"))))
			.willSetStateTo("relisted"));
		this.server.stubFor(listing(DEPLOYMENTS, "web").inScenario("gone").whenScenarioStateIs("relisted")
			.willReturn(okJson(list("9", deployment("web", "9", "Progressing")))));
		this.server.stubFor(watching(DEPLOYMENTS, "web").withQueryParam("resourceVersion", equalTo("5"))
			.willReturn(status(410, "Expired")));
		this.server.stubFor(watching(DEPLOYMENTS, "web").withQueryParam("resourceVersion", equalTo("9"))
			.willReturn(aResponse().withStatus(200).withBody(line("MODIFIED", deployment("web", "10", "Available")))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web",
				WaitOptions.forConditions("Available").withTimeout(Duration.ofSeconds(20)));
		assertThat(deployment.getMetadata().getResourceVersion()).isEqualTo("10");
		this.server.verify(2, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", absent()));
		this.server.verify(1, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", equalTo("true"))
			.withQueryParam("resourceVersion", equalTo("5")));
	}

	@Test
	void anExpiredErrorEventListsAgainAndSeesTheObjectDeletedMeanwhile() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").inScenario("gone").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson(list("5", deployment("web", "5", "Progressing"))))
			.willSetStateTo("relisted"));
		this.server.stubFor(listing(DEPLOYMENTS, "web").inScenario("gone").whenScenarioStateIs("relisted")
			.willReturn(okJson(list("9"))));
		this.server.stubFor(watching(DEPLOYMENTS, "web").willReturn(aResponse().withStatus(200)
			.withBody(line("ERROR", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
					+ "\"reason\":\"Expired\",\"message\":\"too old resource version: 5 (8)\",\"code\":410}"))));
		assertThatExceptionOfType(ObjectDeletedException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web",
					WaitOptions.forConditions("Available").withTimeout(Duration.ofSeconds(20))))
			.withMessage("deployments/web in namespace default was deleted while waiting for it");
		this.server.verify(2, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("watch", absent()));
	}

	@Test
	void aServerErrorIsWaitedOut() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(status(500, "InternalError"))
			.willSetStateTo("healthy"));
		this.server.stubFor(listing(DEPLOYMENTS, "web").inScenario("flaky").whenScenarioStateIs("healthy")
			.willReturn(okJson(list("7", deployment("web", "7", "Available")))));
		Deployment deployment = this.client.waitFor(Deployment.class, "web",
				WaitOptions.forConditions("Available").withTimeout(Duration.ofSeconds(20)));
		assertThat(deployment.getMetadata().getName()).isEqualTo("web");
		this.server.verify(2, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)));
	}

	@Test
	void aTimeoutNamesTheObject() {
		this.server.stubFor(listing(DEPLOYMENTS, "web").willReturn(okJson(list("7", deployment("web", "7", "Progressing")))));
		this.server.stubFor(watching(DEPLOYMENTS, "web").willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
			.withBody("")));
		assertThatExceptionOfType(KubeException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web",
					WaitOptions.forConditions("Available").withTimeout(Duration.ofMillis(300))))
			.withMessage("Waiting for deployments/web in namespace default to reach one of [Available] timed out"
					+ " after PT0.3S");
	}

	@Test
	void conditionsAreRequiredBeforeAnyRequest() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.client.waitFor(Deployment.class, "web", WaitOptions.defaults()))
			.withMessageContaining("at least one condition");
		this.server.verify(0, getRequestedFor(urlPathEqualTo(DEPLOYMENTS)));
	}

	private static MappingBuilder listing(String path, String name) {
		return get(urlPathEqualTo(path)).withQueryParam("fieldSelector", equalTo("metadata.name=" + name))
			.withQueryParam("watch", absent());
	}

	private static MappingBuilder watching(String path, String name) {
		return get(urlPathEqualTo(path)).withQueryParam("fieldSelector", equalTo("metadata.name=" + name))
			.withQueryParam("watch", equalTo("true"));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int code, String reason) {
		return aResponse().withStatus(code).withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
					+ "\",\"message\":\"" + reason + "\",\"code\":" + code + "}");
	}

	private static String list(String resourceVersion, String... items) {
		return "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion
				+ "\"},\"items\":[" + String.join(",", items) + "]}";
	}

	private static String line(String type, String object) {
		return "{\"type\":\"" + type + "\",\"object\":" + object + "}\n";
	}

	private static String deployment(String name, String resourceVersion, String... trueConditions) {
		StringBuilder conditions = new StringBuilder();
		for (String condition : trueConditions) {
			conditions.append((conditions.length() > 0) ? "," : "")
				.append("{\"type\":\"" + condition + "\",\"status\":\"True\",\"message\":\"" + condition + " is true\"}");
		}
		return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name
				+ "\",\"namespace\":\"default\",\"resourceVersion\":\"" + resourceVersion + "\"},"
				+ "\"status\":{\"conditions\":[" + conditions + "]}}";
	}

	private static String pod(String name, String resourceVersion, String phase) {
		return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\""
				+ resourceVersion + "\"},\"status\":{\"phase\":\"" + phase + "\"}}";
	}

}
