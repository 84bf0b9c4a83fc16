package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

/**
 * The WebClients carry their own byte codecs (not Spring's defaults); a WebClient customizer may still configure
 * codecs, and requests and answers still go through.
 */
class WebClientCodecsTests extends WireMockTestSupport {

	@Test
	void customizerThatConfiguresCodecsKeepsBodiesWorking() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p")
			.willReturn(okJson("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"}}")));
		this.server.stubFor(post("/api/v1/namespaces/default/configmaps")
			.willReturn(okJson("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"}}")));
		try (KubeClient custom = builder()
			.webClient((builder) -> builder.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(64 * 1024)))
			.build()) {
			assertThat(custom.get(Pod.class, "p").getMetadata().getName()).isEqualTo("p");
			ConfigMap created = custom.create(new ConfigMapBuilder().withNewMetadata()
				.withName("c")
				.endMetadata()
				.addToData("k", "v")
				.build());
			assertThat(created.getMetadata().getName()).isEqualTo("c");
		}
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps"))
			.withRequestBody(equalToJson("{\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}", true, true)));
	}

}
