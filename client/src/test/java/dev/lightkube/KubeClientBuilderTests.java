package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import dev.lightkube.internal.core.RequestSender;
import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceRegistry;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.ClientRequest;

class KubeClientBuilderTests extends WireMockTestSupport {

	@Test
	void accessorsReflectTheConfiguration() {
		try (KubeClient other = KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(this.server.baseUrl()), User.ANONYMOUS, "ctx-ns"))
			.build()) {
			assertThat(other.namespace()).isEqualTo("ctx-ns");
			assertThat(other.config().cluster().server()).isEqualTo(this.server.baseUrl());
			assertThat(other.fieldManager()).isNull();
			assertThat(other.dryRun()).isFalse();
			assertThat(other.reactive().lazy()).isTrue();
		}
		assertThat(this.client.config().contextName()).isEqualTo("default");
	}

	@Test
	void badSettingsFailAtOnce() {
		assertThatIllegalArgumentException().isThrownBy(() -> KubeClient.builder().namespace("*"));
		assertThatIllegalArgumentException().isThrownBy(() -> KubeClient.builder().maxRetries(-1));
	}

	@Test
	void customizersShapeEveryRequest() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		try (KubeClient custom = builder()
			.webClient((builder) -> builder.filter((request, next) -> next
				.exchange(ClientRequest.from(request).header("X-From-WebClient", "yes").build())))
			.httpClient((httpClient) -> httpClient.headers((headers) -> headers.add("X-From-Netty", "yes")))
			.build()) {
			custom.get(Pod.class, "p");
		}
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p"))
			.withHeader("X-From-WebClient", equalTo("yes"))
			.withHeader("X-From-Netty", equalTo("yes")));
	}

	@Test
	void customizersComposeInTheOrderGiven() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (KubeClient custom = builder()
			.httpClient((httpClient) -> httpClient.headers((headers) -> headers.add("X-First", "1")))
			.httpClient((httpClient) -> httpClient.headers((headers) -> headers.add("X-Second", "2")))
			.webClient((builder) -> {
				order.add("first");
				builder.defaultHeader("X-Web-First", "1");
			})
			.webClient((builder) -> {
				order.add("second");
				builder.defaultHeader("X-Web-Second", "2");
			})
			.build()) {
			custom.get(Pod.class, "p");
		}
		// Once per WebClient, each time in the order given; a get builds only the WebClient of ordinary requests (the
		// streams' one, with its own pool, is built on the first stream).
		assertThat(order).containsExactly("first", "second");
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p"))
			.withHeader("X-First", equalTo("1"))
			.withHeader("X-Second", equalTo("2"))
			.withHeader("X-Web-First", equalTo("1"))
			.withHeader("X-Web-Second", equalTo("2")));
	}

	@Test
	void userAgentNamesTheClientItsVersionAndThePlatform() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.client.get(Pod.class, "p");
		// The version comes from the POM through resource filtering, not from a second constant.
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p")).withHeader("User-Agent",
				com.github.tomakehurst.wiremock.client.WireMock.matching("lightkube-java/\\d+\\.\\d+[^ ]* \\([a-z0-9_.-]+/[a-z0-9_.-]+\\)")));
	}

	@Test
	void filtersSeeTheVerbAndPathOfEachRequest() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (KubeClient observed = builder().webClient((builder) -> builder.filter((request, next) -> {
			seen.add(request.attribute(RequestSender.VERB_ATTRIBUTE).orElse("?") + " "
					+ request.attribute(RequestSender.PATH_ATTRIBUTE).orElse("?"));
			return next.exchange(request);
		})).build()) {
			observed.get(Pod.class, "p");
		}
		assertThat(seen).containsExactly("get /api/v1/namespaces/default/pods/p");
	}

	@Test
	void blockingClientOverAReactiveOneSharesItAndLeavesItOpen() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		try (ReactiveKubeClient reactive = builder().buildReactive()) {
			KubeClient blocking = KubeClient.of(reactive);
			assertThat(blocking.reactive()).isSameAs(reactive);
			blocking.get(Pod.class, "p");
			blocking.close();
			assertThat(reactive.get(Pod.class, "p").block()).isNotNull();
		}
		this.server.verify(2, getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p")));
	}

	@Test
	void loadInClusterRegistersEveryCrd() {
		this.server.stubFor(get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions").willReturn(okJson(
				"{\"items\":[{\"metadata\":{\"name\":\"gizmos.acme.io\"},\"spec\":{\"group\":\"acme.io\",\"scope\":\"Namespaced\","
						+ "\"names\":{\"kind\":\"Gizmo\",\"plural\":\"gizmos\"},\"versions\":[{\"name\":\"v1\",\"served\":true,"
						+ "\"storage\":true}]}}]}")));
		List<ResourceType<GenericKubernetesResource>> types = GenericResources.loadInCluster(this.client);
		assertThat(types).singleElement().satisfies((type) -> {
			assertThat(type.apiVersion()).isEqualTo("acme.io/v1");
			assertThat(type.namespaced()).isTrue();
		});
		assertThat(ResourceRegistry.shared().find("acme.io/v1", "Gizmo")).isNotNull();
		assertThat(GenericResources.loadInCluster(this.client.reactive()).block()).isEqualTo(types);
	}

}
