package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class KubeClientReadTests extends WireMockTestSupport {

	@Test
	void getNamespacedCoreKindUsesTheConfigNamespace() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/web-0")
			.willReturn(okJson("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-0\"}}")));
		Pod pod = this.client.get(Pod.class, "web-0");
		assertThat(pod.getMetadata().getName()).isEqualTo("web-0");
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/web-0"))
			.withHeader("Accept", equalTo("application/json")));
	}

	@Test
	void getNamedGroupInTheCallNamespace() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/shop/deployments/web")
			.willReturn(okJson("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}")));
		Deployment deployment = this.client.get(Deployment.class, "web", "shop");
		assertThat(deployment.getMetadata().getName()).isEqualTo("web");
	}

	@Test
	void clientNamespaceOverridesTheConfigNamespace() {
		try (KubeClient other = builder().namespace("team").build()) {
			this.server.stubFor(get("/api/v1/namespaces/team/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
			other.get(Pod.class, "a");
			assertThat(other.namespace()).isEqualTo("team");
		}
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/team/pods/a")));
	}

	@Test
	void getClusterScopedKinds() {
		this.server.stubFor(get("/api/v1/nodes/n1").willReturn(okJson("{\"kind\":\"Node\"}")));
		this.server.stubFor(get("/apis/rbac.authorization.k8s.io/v1/clusterroles/admin")
			.willReturn(okJson("{\"kind\":\"ClusterRole\"}")));
		this.server.stubFor(get("/api/v1/namespaces/kube-system").willReturn(okJson("{\"kind\":\"Namespace\"}")));
		assertThat(this.client.get(Node.class, "n1")).isNotNull();
		assertThat(this.client.get(ClusterRole.class, "admin")).isNotNull();
		assertThat(this.client.get(Namespace.class, "kube-system")).isNotNull();
	}

	@Test
	void namespaceForClusterScopedKindIsRejectedBeforeSending() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.get(Node.class, "n1", "default"))
			.withMessageContaining("Node is cluster-scoped");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.get(Pod.class, "p", "*"))
			.withMessageContaining("only allowed for list and watch");
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void getGenericResource() {
		ResourceType<GenericKubernetesResource> crontab = GenericResources.of("stable.example.com", "v1", "CronTab",
				"crontabs", true);
		this.server.stubFor(get("/apis/stable.example.com/v1/namespaces/default/crontabs/c1").willReturn(okJson(
				"{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\",\"metadata\":{\"name\":\"c1\"},"
						+ "\"spec\":{\"cronSpec\":\"* * * * */5\"}}")));
		GenericKubernetesResource object = this.client.get(crontab, "c1", null);
		assertThat(object.getAdditionalProperties()).containsKey("spec");
		assertThat(object.getKind()).isEqualTo("CronTab");
	}

	@Test
	void listInAllNamespacesWithSelectors() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/pods")).willReturn(okJson(
				"{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"42\"},\"items\":[{\"metadata\":{\"name\":\"a\"}},"
						+ "{\"metadata\":{\"name\":\"b\"}}]}")));
		ListIterable<Pod> pods = this.client.list(Pod.class, ListOptions.inNamespace(ReactiveKubeClient.ALL_NAMESPACES)
			.withLabels(Selector.of("app", "web").notEqual("tier", "db").in("env", "prod", "qa").exists("team")
				.notExists("legacy").notIn("zone", "x"))
			.withFields(Selector.of("status.phase", "Running").notEqual("spec.nodeName", "n1")));
		assertThat(pods.resourceVersion()).isNull();
		List<String> names = new ArrayList<>();
		pods.forEach((pod) -> names.add(pod.getMetadata().getName()));
		assertThat(names).containsExactly("a", "b");
		assertThat(pods.resourceVersion()).isEqualTo("42");
		this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/pods"))
			.withQueryParam("labelSelector",
					equalTo("app=web,tier!=db,env in (prod,qa),team,!legacy,zone notin (x)"))
			.withQueryParam("fieldSelector", equalTo("status.phase=Running,spec.nodeName!=n1"))
			.withHeader("Accept", equalTo("application/json"))
			.withQueryParam("limit", absent())
			.withQueryParam("continue", absent()));
	}

	@Test
	void fieldSelectorsAcceptOnlyEqualityAndNotIn() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ListOptions.defaults().withFields(Selector.none().exists("status.phase")))
			.withMessageContaining("field selectors accept only equal, notEqual and notIn");
	}

	@Test
	void listClusterScopedWithGenericItemsGetsKindFilledIn() {
		ResourceType<GenericKubernetesResource> widget = GenericResources.of("example.com", "v1", "Widget", "widgets",
				false);
		this.server.stubFor(get("/apis/example.com/v1/widgets")
			.willReturn(okJson("{\"items\":[{\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":3}}]}")));
		List<GenericKubernetesResource> widgets = this.client.list(widget, ListOptions.defaults()).stream().toList();
		assertThat(widgets).singleElement().satisfies((w) -> {
			assertThat(w.getKind()).isEqualTo("Widget");
			assertThat(w.getApiVersion()).isEqualTo("example.com/v1");
		});
	}

	@Test
	void reactiveGetAndList() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/web-0").willReturn(okJson("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-0\"}}")));
		this.server.stubFor(get("/api/v1/namespaces/default/pods").willReturn(okJson(
				"{\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{\"metadata\":{\"name\":\"a\"}}]}")));
		ReactiveKubeClient reactive = this.client.reactive();
		StepVerifier.create(reactive.get(Pod.class, "web-0"))
			.assertNext((pod) -> assertThat(pod.getMetadata().getName()).isEqualTo("web-0"))
			.verifyComplete();
		StepVerifier.create(reactive.list(Pod.class))
			.assertNext((pod) -> assertThat(pod.getMetadata().getName()).isEqualTo("a"))
			.verifyComplete();
		StepVerifier.create(reactive.listAll(Pod.class, ListOptions.defaults()))
			.assertNext((list) -> {
				assertThat(list.resourceVersion()).isEqualTo("7");
				assertThat(list.items()).hasSize(1);
			})
			.verifyComplete();
	}

	@Test
	void notFoundCarriesTheServerStatus() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/nope").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\"nope\\\" "
					+ "not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"nope\",\"kind\":\"pods\"},\"code\":404}")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.client.get(Pod.class, "nope"))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(404);
				assertThat(ex.reason()).isEqualTo("NotFound");
				assertThat(ex.verb()).isEqualTo("get");
				assertThat(ex.path()).isEqualTo("/api/v1/namespaces/default/pods/nope");
				assertThat(ex.status().getDetails().getName()).isEqualTo("nope");
			})
			.withMessage("get /api/v1/namespaces/default/pods/nope: 404 NotFound: pods \"nope\" not found");
	}

}
