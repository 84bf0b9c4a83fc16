package dev.lightkube.autoconfigure.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.WireMockSupport;
import dev.lightkube.metrics.MicrometerWatchObserver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LightkubeObservationAutoConfigurationTests extends WireMockSupport {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LightkubeObservationAutoConfiguration.class, LightkubeAutoConfiguration.class));

	@Test
	void runWithoutRegistriesShouldObserveNothing() {
		this.runner.withPropertyValues(serverProperty())
			.run((context) -> assertThat(context).hasSingleBean(KubeClient.class)
				.doesNotHaveBean(MicrometerWatchObserver.class));
	}

	@Test
	void runWithAnObservationRegistryShouldObserveEveryRequest() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a")
			.willReturn(okJson("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\"}}")));
		this.runner.withPropertyValues(serverProperty())
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				context.getBean(KubeClient.class).get(Pod.class, "a");
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("kube.client.requests")
					.that()
					.hasLowCardinalityKeyValue("verb", "get")
					.hasLowCardinalityKeyValue("resource", "pods")
					.hasLowCardinalityKeyValue("outcome", "SUCCESS");
			});
	}

	@Test
	void runWithAMeterRegistryShouldRecordRequestTimersAndWatchMeters() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a")
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":404,\"reason\":\"NotFound\"}")));
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.willReturn(aResponse().withStatus(200).withBody("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\","
					+ "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"3\"}}}\n")));
		this.runner.withPropertyValues(serverProperty())
			.withBean(MeterRegistry.class, () -> meters)
			.withBean(ObservationRegistry.class, () -> observations)
			.run((context) -> {
				assertThat(context).hasSingleBean(MicrometerWatchObserver.class);
				try {
					context.getBean(KubeClient.class).get(Pod.class, "a");
				}
				catch (RuntimeException expected) {
					// a 404, counted below
				}
				context.getBean(ReactiveKubeClient.class).watch(ConfigMap.class).blockFirst(Duration.ofSeconds(10));
				assertThat(meters.get("kube.client.requests")
					.tags("verb", "get", "group", "core", "version", "v1", "resource", "pods", "subresource", "none",
							"status", "404", "outcome", "CLIENT_ERROR", "exception", "ApiException")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("kube.watch.events").tags("resource", "configmaps", "type", "ADDED").counter()
					.count()).isEqualTo(1);
				assertThat(meters.get("kube.watch.active").tags("resource", "configmaps").gauge().value()).isZero();
				assertThat(meters.find("kube.client.requests").tagKeys("namespace").timer()).isNull();
			});
	}

}
