package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.observation.KubeRequestObservationContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.SenderContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Traces: the parent from the Reactor context, trace headers sent, long streams timed to their answer's headers. */
class KubeClientTracingTests extends WireMockTestSupport {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<KubeRequestObservationContext> stopped = new CopyOnWriteArrayList<>();

	private final List<String> signals = new CopyOnWriteArrayList<>();

	KubeClientTracingTests() {
		// Stands in for Micrometer Tracing's propagating sender handler: writes a header through the context's setter.
		this.registry.observationConfig().observationHandler(new ObservationHandler<SenderContext<?>>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public void onStart(SenderContext context) {
				context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
			}

			@Override
			public void onStop(SenderContext<?> context) {
				if (context instanceof KubeRequestObservationContext kube) {
					KubeClientTracingTests.this.stopped.add(kube);
					KubeClientTracingTests.this.signals.add("stopped");
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof SenderContext;
			}
		});
	}

	@Override
	protected KubeClientBuilder builder() {
		return super.builder().observationRegistry(this.registry).watchServerTimeout(Duration.ofSeconds(30));
	}

	@Test
	void requestSendsTheTraceHeadersOfItsObservation() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.client.get(Pod.class, "p");
		this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/pods/p"))
			.withHeader("traceparent", equalTo(TRACEPARENT)));
	}

	@Test
	void requestInsideAReactivePipelineContinuesTheObservationOfItsReactorContext() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		// As a WebFlux server request puts its observation in the Reactor context (not in a thread local).
		Observation parent = Observation.start("http.server.requests", this.registry);
		this.client.reactive()
			.get(Pod.class, "p")
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, parent))
			.block(Duration.ofSeconds(10));
		parent.stop();
		assertThat(this.stopped).hasSize(1);
		assertThat(this.stopped.get(0).getParentObservation()).isSameAs(parent);
	}

	@Test
	void watchObservationEndsAtTheAnswersHeadersNotWithTheStream() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.willReturn(aResponse().withStatus(200).withBody(event("a", "3") + event("b", "4"))));
		this.client.reactive()
			.watch(ConfigMap.class)
			.doOnNext((event) -> this.signals.add("event " + event.object().getMetadata().getName()))
			.take(2)
			.blockLast(Duration.ofSeconds(10));
		assertThat(this.signals).containsExactly("stopped", "event a", "event b");
		assertThat(this.stopped.get(0).getStatusCode()).isEqualTo(200);
	}

	@Test
	void ordinaryGetObservationEndsWithItsBody() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.client.reactive()
			.get(Pod.class, "p")
			.doOnNext((pod) -> this.signals.add("answer"))
			.block(Duration.ofSeconds(10));
		assertThat(this.signals).containsExactly("stopped", "answer");
	}

	private static String event(String name, String version) {
		return "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
				+ name + "\",\"resourceVersion\":\"" + version + "\"}}}\n";
	}

}
