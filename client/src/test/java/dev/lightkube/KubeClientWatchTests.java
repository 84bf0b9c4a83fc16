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

}
