package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.observation.WatchObserver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every request observed as kube.client.requests with the documented keys; watches reported to the observer. */
class KubeClientObservationTests extends WireMockTestSupport {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final List<String> watchSignals = new CopyOnWriteArrayList<>();

	@Override
	protected KubeClientBuilder builder() {
		return super.builder().observationRegistry(this.registry).watchServerTimeout(Duration.ofSeconds(30))
			.watchObserver(new WatchObserver() {
				@Override
				public void watchStarted(String resource) {
					KubeClientObservationTests.this.watchSignals.add("started " + resource);
				}

				@Override
				public void eventReceived(String resource, String type) {
					KubeClientObservationTests.this.watchSignals.add(type + " " + resource);
				}

				@Override
				public void watchStopped(String resource) {
					KubeClientObservationTests.this.watchSignals.add("stopped " + resource);
				}

				@Override
				public void watchRestarted(String resource, String reason) {
					KubeClientObservationTests.this.watchSignals.add("restarted " + resource + " " + reason);
				}

				@Override
				public void relisted(String resource) {
					KubeClientObservationTests.this.watchSignals.add("relisted " + resource);
				}
			});
	}

	@Test
	void rawRequestsOutsideTheResourcePathsHaveAFixedResourceTag() {
		this.server.stubFor(get(urlPathEqualTo("/readyz/etcd")).willReturn(okJson("ok")));
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/shop/pods/web-0/log"))
			.willReturn(aResponse().withStatus(200).withBody("line")));
		this.client.getRaw("/readyz/etcd");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("kube.client.requests")
			.that()
			.hasLowCardinalityKeyValue("resource", "raw")
			.hasLowCardinalityKeyValue("group", "core")
			.hasLowCardinalityKeyValue("subresource", "none");
		this.registry.clear();
		// a raw path in the API grammar is tagged as the resource it names
		this.client.getRaw("/api/v1/namespaces/shop/pods/web-0/log");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("kube.client.requests")
			.that()
			.hasLowCardinalityKeyValue("resource", "pods")
			.hasLowCardinalityKeyValue("subresource", "log");
	}

	@Test
	void successfulGetIsObservedWithLowCardinalityTagsAndNameOnlyAsHighCardinality() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/shop/deployments/web/scale")
			.willReturn(okJson("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\"}}")));
		this.server.stubFor(get("/apis/apps/v1/namespaces/shop/deployments/web")
			.willReturn(okJson("{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\"}}")));
		this.client.get(Deployment.class, "web", "shop");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("kube.client.requests")
			.that()
			.hasLowCardinalityKeyValue("verb", "get")
			.hasLowCardinalityKeyValue("group", "apps")
			.hasLowCardinalityKeyValue("version", "v1")
			.hasLowCardinalityKeyValue("resource", "deployments")
			.hasLowCardinalityKeyValue("subresource", "none")
			.hasLowCardinalityKeyValue("status", "200")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasLowCardinalityKeyValue("exception", "none")
			.hasHighCardinalityKeyValue("namespace", "shop")
			.hasHighCardinalityKeyValue("name", "web")
			.doesNotHaveLowCardinalityKeyValueWithKey("name")
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void failedGetIsObservedAsClientErrorWithTheException() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/missing")
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\",\"message\":\"gone\"}")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.client.get(Pod.class, "missing"));
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("kube.client.requests")
			.that()
			.hasLowCardinalityKeyValue("resource", "pods")
			.hasLowCardinalityKeyValue("group", "core")
			.hasLowCardinalityKeyValue("status", "404")
			.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
			.hasLowCardinalityKeyValue("exception", "ApiException")
			.hasError();
	}

	@Test
	void watchEventsAndLifecycleReachTheWatchObserver() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.willReturn(aResponse().withStatus(200).withBody("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\","
					+ "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"3\"}}}\n")));
		this.client.reactive().watch(ConfigMap.class).blockFirst(Duration.ofSeconds(10));
		assertThat(this.watchSignals).containsExactly("started configmaps", "ADDED configmaps", "stopped configmaps");
	}

	@Test
	void watchWhoseVersionExpiredIsReportedAsARelist() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.withQueryParam("resourceVersion", com.github.tomakehurst.wiremock.client.WireMock.equalTo("5"))
			.willReturn(aResponse().withStatus(410).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old\"}")));
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.withQueryParam("resourceVersion", com.github.tomakehurst.wiremock.client.WireMock.absent())
			.willReturn(aResponse().withStatus(200).withBody("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\","
					+ "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"9\"}}}\n")));
		this.client.reactive()
			.watch(ConfigMap.class, WatchOptions.defaults().withResourceVersion("5").withOnError(WatchErrorHandler.retry()))
			.blockFirst(Duration.ofSeconds(20));
		assertThat(this.watchSignals).containsExactly("started configmaps", "restarted configmaps gone",
				"relisted configmaps", "ADDED configmaps", "stopped configmaps");
	}

}
