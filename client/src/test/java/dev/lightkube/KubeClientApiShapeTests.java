package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.SubResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The API's shape before 1.0: the exact requests of the calls added or changed by issue 17. */
class KubeClientApiShapeTests extends WireMockTestSupport {

	private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\","
			+ "\"namespace\":\"default\"}}";

	@Test
	void findIsEmptyWhenTheObjectDoesNotExist() {
		this.server.stubFor(get("/api/v1/namespaces/shop/configmaps/cfg").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"configmaps "
					+ "\\\"cfg\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"cfg\",\"kind\":"
					+ "\"configmaps\"},\"code\":404}")));
		assertThat(this.client.find(ConfigMap.class, "cfg", "shop")).isEmpty();
		assertThat(this.client.reactive().find(ConfigMap.class, "cfg", "shop").blockOptional()).isEmpty();
	}

	@Test
	void findReturnsTheObjectWhenItExists() {
		this.server.stubFor(get("/api/v1/namespaces/default/configmaps/cfg").willReturn(okJson(CONFIG_MAP)));
		assertThat(this.client.find(ConfigMap.class, "cfg")).get()
			.extracting((configMap) -> configMap.getMetadata().getName())
			.isEqualTo("cfg");
	}

	@Test
	void findStillFailsWhenTheKindDoesNotExist() {
		this.server.stubFor(get(urlPathEqualTo("/apis/example.com/v1/namespaces/default/widgets/w"))
			.willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
						+ "\"the server could not find the requested resource\",\"reason\":\"NotFound\","
						+ "\"details\":{},\"code\":404}")));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.client.find(GenericResources.of("example.com", "v1", "Widget", "widgets", true), "w",
					null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(404));
	}

	@Test
	void getOfASubResourceNeedsNoNamespace() {
		this.server.stubFor(get("/apis/apps/v1/namespaces/default/deployments/web/scale").willReturn(okJson(
				"{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":2}}")));
		Scale scale = this.client.get(SubResource.scale(Deployment.class), "web");
		assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
	}

	@Test
	void setRemovesALabelWithoutAMapHoldingNull() {
		this.server.stubFor(any(anyUrl()).willReturn(okJson(CONFIG_MAP)));
		this.client.set(ConfigMap.class, "cfg",
				MetadataChanges.none().withLabel("tier", "front").withoutLabel("legacy").withoutAnnotation("note"));
		this.server.verify(patchRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg"))
			.withHeader("Content-Type", equalTo("application/merge-patch+json"))
			.withRequestBody(equalToJson("{\"metadata\":{\"labels\":{\"tier\":\"front\",\"legacy\":null},"
					+ "\"annotations\":{\"note\":null}}}")));
	}

	@Test
	void aDryRunClientDryRunsEveryWriteButNotDeletesAsLightkube() {
		this.server.stubFor(any(anyUrl()).willReturn(okJson(CONFIG_MAP)));
		this.server.stubFor(delete(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.willReturn(okJson("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}")));
		try (KubeClient dry = builder().dryRun(true).fieldManager("me").build()) {
			dry.create(configMap());
			dry.replace(configMap());
			dry.patch(ConfigMap.class, "cfg", Map.of("data", Map.of("k", "v")));
			dry.apply(configMap());
			dry.set(ConfigMap.class, "cfg", MetadataChanges.none().withLabel("a", "b"));
			dry.delete(ConfigMap.class, "cfg");
			dry.deletecollection(ConfigMap.class, DeleteOptions.defaults());
		}
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps?fieldManager=me&dryRun=All")));
		this.server.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg?fieldManager=me&dryRun=All")));
		this.server.verify(3, patchRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/configmaps/cfg"))
			.withQueryParam("dryRun", equalTo("All")));
		this.server.verify(deleteRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg")));
		this.server.verify(deleteRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps")));
	}

	@Test
	void aCallCannotTurnOffTheDryRunOfADryRunClient() {
		this.server.stubFor(any(anyUrl()).willReturn(okJson(CONFIG_MAP)));
		try (KubeClient dry = builder().dryRun(true).build()) {
			dry.create(configMap(), WriteOptions.defaults().withDryRun(false));
			dry.patch(ConfigMap.class, "cfg", Map.of("data", Map.of("k", "v")), PatchOptions.defaults().withDryRun(false));
		}
		this.server.verify(postRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps?dryRun=All")));
		this.server.verify(patchRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps/cfg?dryRun=All")));
	}

	@Test
	void aDeleteIsADryRunWhenTheCallSaysSo() {
		this.server.stubFor(any(anyUrl()).willReturn(okJson(CONFIG_MAP)));
		this.client.delete(ConfigMap.class, "cfg", DeleteOptions.inNamespace("shop").withDryRun(true));
		this.server.verify(deleteRequestedFor(urlEqualTo("/api/v1/namespaces/shop/configmaps/cfg?dryRun=All")));
	}

	@Test
	void aFieldSelectorNotInIsSentAsSeveralNotEqualsAsLightkube() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/pods"))
			.willReturn(okJson("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}")));
		this.client.list(Pod.class, ListOptions.defaults().withFields(Selector.none().notIn("status.phase", "Failed",
				"Succeeded"))).forEach((pod) -> { });
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods?fieldSelector="
				+ "status.phase%21%3DFailed%2Cstatus.phase%21%3DSucceeded")));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ListOptions.defaults().withFields(Selector.none().in("status.phase", "Running")))
			.withMessageContaining("equal, notEqual and notIn");
	}

	@Test
	void everyOptionsTypeStartsTheSameWay() {
		assertThat(ListOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(WatchOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(WriteOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(PatchOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(DeleteOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(LogOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(WaitOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(ExecOptions.inNamespace("a").namespace()).isEqualTo("a");
		assertThat(ListOptions.defaults().withChunkSize(5)).isEqualTo(ListOptions.defaults().withChunkSize(5))
			.hasSameHashCodeAs(ListOptions.defaults().withChunkSize(5));
		assertThat(KubeClient.ALL_NAMESPACES).isEqualTo(ReactiveKubeClient.ALL_NAMESPACES).isEqualTo("*");
	}

	@Test
	void logLimitBytesTakesAPlainNumberAndTheNamespaceComesFromTheOptions() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/shop/pods/web-0/log"))
			.willReturn(aResponse().withStatus(200).withBody("a\n")));
		try (Stream<String> lines = this.client.log("web-0", LogOptions.inNamespace("shop").withLimitBytes(1000))) {
			assertThat(lines).containsExactly("a\n");
		}
		this.server.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces/shop/pods/web-0/log?limitBytes=1000")));
	}

	@Test
	void anApiExceptionKeepsItsCodeAcrossJavaSerialization() throws Exception {
		Status status = new StatusBuilder().withCode(409).withReason("Conflict").withMessage("taken").build();
		ApiException original = new ApiException(status, "create", "/api/v1/namespaces/default/configmaps");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(original);
		}
		ApiException copy;
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			copy = (ApiException) in.readObject();
		}
		assertThat(copy.code()).isEqualTo(409);
		assertThat(copy.reason()).isEqualTo("Conflict");
		assertThat(copy.status().getMessage()).isEqualTo("taken");
		assertThat(copy.causes()).isEmpty();
		assertThat(copy.getMessage()).isEqualTo(original.getMessage());
	}

	private static ConfigMap configMap() {
		return new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData("k", "v").build();
	}


}
