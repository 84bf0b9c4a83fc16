package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceType;
import dev.lightkube.resource.SubResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class KubeClientWriteTests extends WireMockTestSupport {

	private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"}}";

	private static ConfigMap configMap(String namespace) {
		return new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace(namespace).endMetadata()
			.addToData("k", "v").build();
	}

	@Test
	void createUsesTheObjectNamespaceAndSendsTheObject() {
		this.server.stubFor(post("/api/v1/namespaces/shop/configmaps").willReturn(okJson(CONFIG_MAP)));
		ConfigMap created = this.client.create(configMap("shop"));
		assertThat(created.getMetadata().getName()).isEqualTo("cfg");
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/shop/configmaps"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withHeader("Accept", equalTo("application/json"))
			.withRequestBody(equalToJson("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\","
					+ "\"namespace\":\"shop\"},\"data\":{\"k\":\"v\"}}")));
	}

	@Test
	void createWithCallNamespaceFieldManagerAndDryRun() {
		this.server.stubFor(post(urlPathEqualTo("/api/v1/namespaces/other/configmaps")).willReturn(okJson(CONFIG_MAP)));
		this.client.create(configMap(null), WriteOptions.inNamespace("other").withFieldManager("me").withDryRun(true));
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/other/configmaps?fieldManager=me&dryRun=All")));
	}

	@Test
	void clientFieldManagerAndDryRunApplyToEveryWrite() {
		try (KubeClient other = builder().fieldManager("operator").dryRun(true).build()) {
			this.server.stubFor(post(urlPathEqualTo("/api/v1/namespaces/default/configmaps")).willReturn(okJson(CONFIG_MAP)));
			other.create(configMap(null));
			assertThat(other.fieldManager()).isEqualTo("operator");
			assertThat(other.dryRun()).isTrue();
		}
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps?fieldManager=operator&dryRun=All")));
	}

	@Test
	void namespaceMismatchIsRejectedBeforeSending() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.create(configMap("a"), WriteOptions.inNamespace("b")))
			.withMessage("The namespace of the object ('a') differs from the namespace given to the call ('b')");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.create(configMap("a"), WriteOptions.defaults().withForce(true)))
			.withMessageContaining("force applies to apply only");
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void createClusterScopedHasNoNamespaceInPath() {
		this.server.stubFor(post("/api/v1/namespaces").willReturn(okJson("{\"kind\":\"Namespace\"}")));
		Namespace namespace = new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build();
		this.client.create(namespace);
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces")));
	}

	@Test
	void createGenericObjectFindsItsRegisteredKind() {
		GenericResources.of("stable.example.com", "v1", "CronTab", "crontabs", true);
		this.server.stubFor(post("/apis/stable.example.com/v1/namespaces/default/crontabs")
			.willReturn(okJson("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\"}")));
		GenericKubernetesResource crontab = new GenericKubernetesResourceBuilder()
			.withApiVersion("stable.example.com/v1").withKind("CronTab").withNewMetadata().withName("c").endMetadata()
			.addToAdditionalProperties("spec", Map.of("cronSpec", "* * * * */5")).build();
		this.client.create(crontab);
		this.server.verify(postRequestedFor(urlEqualTo("/apis/stable.example.com/v1/namespaces/default/crontabs"))
			.withRequestBody(equalToJson("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\","
					+ "\"metadata\":{\"name\":\"c\"},\"spec\":{\"cronSpec\":\"* * * * */5\"}}")));
		this.server.stubFor(post("/apis/apps/v1/namespaces/default/deployments")
			.willReturn(okJson("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}")));
		GenericKubernetesResource typedKind = new GenericKubernetesResourceBuilder().withApiVersion("apps/v1")
			.withKind("Deployment").withNewMetadata().withName("d").endMetadata().build();
		assertThat(this.client.create(typedKind)).isInstanceOf(GenericKubernetesResource.class);
		GenericKubernetesResource unknown = new GenericKubernetesResourceBuilder().withApiVersion("x.io/v1")
			.withKind("Nope").withNewMetadata().withName("n").endMetadata().build();
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.create(unknown))
			.withMessageContaining("Unknown kind Nope (apiVersion x.io/v1)");
	}

	@Test
	void replacePutsToTheObjectName() {
		this.server.stubFor(put("/api/v1/namespaces/default/configmaps/cfg").willReturn(okJson(CONFIG_MAP)));
		this.client.replace(configMap(null));
		this.server.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg"))
			.withHeader("Content-Type", equalTo("application/json")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.replace(new ConfigMap()))
			.withMessage("replace needs metadata.name on the object");
	}

	@Test
	void applySendsAnApplyPatchWithForce() {
		this.server.stubFor(patch(urlPathEqualTo("/apis/apps/v1/namespaces/shop/deployments/web"))
			.willReturn(okJson("{\"kind\":\"Deployment\"}")));
		Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
			.endMetadata().withNewSpec().withReplicas(2).endSpec().build();
		this.client.apply(deployment, WriteOptions.defaults().withFieldManager("me").withForce(true));
		this.server.verify(patchRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=me&force=true"))
			.withHeader("Content-Type", equalTo("application/apply-patch+yaml"))
			.withRequestBody(equalToJson("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":"
					+ "\"web\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":2}}", true, true)));
	}

	@Test
	void applyWithoutFieldManagerFailsBeforeSending() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.apply(configMap(null)))
			.withMessageContaining("apply needs a field manager");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.patch(ConfigMap.class, "cfg", Map.of(), PatchOptions.of(PatchType.APPLY)))
			.withMessageContaining("apply needs a field manager");
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void patchContentTypes() {
		this.server.stubFor(patch(anyUrl()).willReturn(okJson(CONFIG_MAP)));
		Map<String, Object> merge = Map.of("data", Map.of("k", "w"));
		this.client.patch(ConfigMap.class, "cfg", merge);
		this.client.patch(ConfigMap.class, "cfg", merge, PatchOptions.of(PatchType.MERGE));
		this.client.patch(ConfigMap.class, "cfg", List.of(Map.of("op", "remove", "path", "/data/k")),
				PatchOptions.of(PatchType.JSON).withNamespace("x").withDryRun(true));
		this.client.patch(ConfigMap.class, "cfg", configMap(null),
				PatchOptions.of(PatchType.APPLY).withFieldManager("me").withForce(true));
		String path = "/api/v1/namespaces/default/configmaps/cfg";
		this.server.verify(patchRequestedFor(urlEqualTo(path))
			.withHeader("Content-Type", equalTo("application/strategic-merge-patch+json"))
			.withRequestBody(equalToJson("{\"data\":{\"k\":\"w\"}}")));
		this.server.verify(patchRequestedFor(urlEqualTo(path))
			.withHeader("Content-Type", equalTo("application/merge-patch+json")));
		this.server.verify(patchRequestedFor(urlEqualTo("/api/v1/namespaces/x/configmaps/cfg?dryRun=All"))
			.withHeader("Content-Type", equalTo("application/json-patch+json"))
			.withRequestBody(equalToJson("[{\"op\":\"remove\",\"path\":\"/data/k\"}]")));
		this.server.verify(patchRequestedFor(urlEqualTo(path + "?fieldManager=me&force=true"))
			.withHeader("Content-Type", equalTo("application/apply-patch+yaml")));
	}

	@Test
	void patchRejectsBadBodiesAndForceWithoutApply() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.patch(ConfigMap.class, "cfg", Map.of(), PatchOptions.of(PatchType.JSON)))
			.withMessageContaining("list of operations");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.patch(ConfigMap.class, "cfg", "{}"))
			.withMessageContaining("not text");
		assertThatIllegalArgumentException().isThrownBy(() -> PatchOptions.defaults().withForce(true))
			.withMessageContaining("force is only allowed with PatchType.APPLY");
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void subResources() {
		this.server.stubFor(any(anyUrl()).willReturn(okJson("{\"kind\":\"Scale\",\"spec\":{\"replicas\":3}}")));
		Scale scale = this.client.get(SubResource.scale(Deployment.class), "web", null);
		assertThat(scale.getSpec().getReplicas()).isEqualTo(3);
		this.client.replace(SubResource.scale(Deployment.class), "web",
				new ScaleBuilder().withNewSpec().withReplicas(4).endSpec().build(), WriteOptions.defaults());
		this.client.patch(SubResource.scale(io.fabric8.kubernetes.api.model.apps.StatefulSet.class), "db",
				Map.of("spec", Map.of("replicas", 1)), PatchOptions.of(PatchType.MERGE));
		this.client.replace(SubResource.status(Deployment.class), "web",
				new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().build(), WriteOptions.defaults());
		Eviction eviction = new EvictionBuilder().withNewMetadata().withName("web-0").withNamespace("shop").endMetadata()
			.build();
		this.client.create(SubResource.eviction(), "web-0", eviction, WriteOptions.defaults());
		this.client.patch(SubResource.ephemeralContainers(), "web-0", Map.of("spec", Map.of()), PatchOptions.defaults());
		this.client.create(SubResource.binding(), "web-0", new io.fabric8.kubernetes.api.model.BindingBuilder()
			.withNewTarget().withKind("Node").withName("n1").endTarget().build(), WriteOptions.defaults());
		this.client.patch(SubResource.resize(), "web-0", Map.of("spec", Map.of()), PatchOptions.defaults());
		this.server.verify(com.github.tomakehurst.wiremock.client.WireMock
			.getRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/default/deployments/web/scale")));
		this.server.verify(putRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/default/deployments/web/scale"))
			.withRequestBody(equalToJson("{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"spec\":{\"replicas\":4}}", true, true)));
		this.server.verify(patchRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/default/statefulsets/db/scale"))
			.withHeader("Content-Type", equalTo("application/merge-patch+json")));
		this.server.verify(putRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/default/deployments/web/status")));
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/shop/pods/web-0/eviction"))
			.withRequestBody(equalToJson("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\"}", true, true)));
		this.server.verify(patchRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/web-0/ephemeralcontainers")));
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/web-0/binding")));
		this.server.verify(patchRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/web-0/resize")));
	}

	@Test
	void deleteWithOptionsReturnsTheObjectOrTheStatus() {
		this.server.stubFor(delete(urlPathEqualTo("/api/v1/namespaces/default/pods/a"))
			.willReturn(okJson("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}")));
		this.server.stubFor(delete(urlPathEqualTo("/api/v1/namespaces/default/configmaps/cfg"))
			.willReturn(okJson("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Success\",\"details\":{\"name\":\"cfg\"}}")));
		DeleteResult<Pod> pod = this.client.delete(Pod.class, "a",
				DeleteOptions.defaults().withGracePeriod(0).withCascade(CascadeType.FOREGROUND).withDryRun(true));
		assertThat(pod.object().getMetadata().getName()).isEqualTo("a");
		assertThat(pod.status()).isNull();
		DeleteResult<ConfigMap> configMap = this.client.delete(ConfigMap.class, "cfg");
		assertThat(configMap.object()).isNull();
		assertThat(configMap.status().getStatus()).isEqualTo("Success");
		this.server.verify(deleteRequestedFor(urlEqualTo(
				"/api/v1/namespaces/default/pods/a?gracePeriodSeconds=0&propagationPolicy=Foreground&dryRun=All")));
		this.server.verify(deleteRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.delete(Pod.class, "a", DeleteOptions.defaults().withLabels(Selector.of("a", "b"))))
			.withMessageContaining("deletecollection");
	}

	@Test
	void deletecollectionWithSelectors() {
		this.server.stubFor(delete(urlPathEqualTo("/api/v1/namespaces/shop/pods")).willReturn(okJson(
				"{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"name\":\"b\"}}]}")));
		DeleteResult<List<Pod>> result = this.client.deletecollection(Pod.class, DeleteOptions.inNamespace("shop")
			.withCascade(CascadeType.ORPHAN).withLabels(Selector.of("app", "web")).withFields(Selector.of("status.phase", "Failed")));
		assertThat(result.object()).extracting((pod) -> pod.getMetadata().getName()).containsExactly("a", "b");
		this.server.verify(deleteRequestedFor(urlPathEqualTo("/api/v1/namespaces/shop/pods"))
			.withQueryParam("propagationPolicy", equalTo("Orphan"))
			.withQueryParam("labelSelector", equalTo("app=web"))
			.withQueryParam("fieldSelector", equalTo("status.phase=Failed"))
			.withQueryParam("gracePeriodSeconds", absent()));
	}

	@Test
	void deleteClusterScopedAndDeletecollectionAnsweredWithAStatus() {
		this.server.stubFor(delete("/api/v1/namespaces/team")
			.willReturn(okJson("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team\"},"
					+ "\"status\":{\"phase\":\"Terminating\"}}")));
		this.server.stubFor(delete("/apis/apps/v1/namespaces/default/deployments")
			.willReturn(okJson("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Success\"}")));
		DeleteResult<Namespace> namespace = this.client.delete(Namespace.class, "team");
		assertThat(namespace.object().getStatus().getPhase()).isEqualTo("Terminating");
		StepVerifier.create(this.client.reactive().deletecollection(Deployment.class, DeleteOptions.defaults()))
			.assertNext((result) -> {
				assertThat(result.object()).isNull();
				assertThat(result.status().getStatus()).isEqualTo("Success");
			})
			.verifyComplete();
		this.server.verify(deleteRequestedFor(urlEqualTo("/api/v1/namespaces/team")));
		this.server.verify(deleteRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/default/deployments")));
	}

	@Test
	void setSendsAMergePatchWhereNullRemovesAKey() {
		this.server.stubFor(patch(urlPathEqualTo("/api/v1/namespaces/default/configmaps/cfg")).willReturn(okJson(CONFIG_MAP)));
		Map<String, String> labels = new HashMap<>();
		labels.put("app", "web");
		labels.put("old", null);
		this.client.set(ConfigMap.class, "cfg", labels, Map.of("note", "x"), WriteOptions.defaults().withFieldManager("me"));
		this.server.verify(patchRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg?fieldManager=me"))
			.withHeader("Content-Type", equalTo("application/merge-patch+json"))
			.withRequestBody(equalToJson("{\"metadata\":{\"labels\":{\"app\":\"web\",\"old\":null},"
					+ "\"annotations\":{\"note\":\"x\"}}}")));
	}

	@Test
	void reactiveWritesAreLazyUntilSubscribed() {
		this.server.stubFor(post("/api/v1/namespaces/default/configmaps").willReturn(okJson(CONFIG_MAP)));
		var mono = this.client.reactive().create(configMap(null));
		assertThat(this.server.getAllServeEvents()).isEmpty();
		StepVerifier.create(mono).expectNextCount(1).verifyComplete();
		assertThat(this.server.getAllServeEvents()).hasSize(1);
		StepVerifier.create(this.client.reactive().delete(ResourceType.of(ConfigMap.class), "gone", DeleteOptions.defaults()))
			.expectError(ApiException.class)
			.verify();
	}

}
