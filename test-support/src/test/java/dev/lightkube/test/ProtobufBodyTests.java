package dev.lightkube.test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bodies in Kubernetes' protobuf encoding, which kubectl's typed clients send for built-in kinds.
 */
@KubeApiServerTest(resetAfterEach = true)
class ProtobufBodyTests {

	private final KubeApiServer server;

	private final Http http;

	@TempDir
	Path home;

	ProtobufBodyTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	private static byte[] envelope(String apiVersion, String kind, byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { 'k', '8', 's', 0 });
		out.writeBytes(Runtime.Unknown.newBuilder()
			.setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
			.setRaw(com.google.protobuf.ByteString.copyFrom(raw))
			.build()
			.toByteArray());
		return out.toByteArray();
	}

	private Http.Response postProtobuf(String path, byte[] body) {
		return this.http.send(this.http.request(path).header("Content-Type", "application/vnd.kubernetes.protobuf")
			.header("Accept", "application/vnd.kubernetes.protobuf,application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
	}

	@Test
	void createFromProtobufStoresTheObjectAsJsonWithoutGoZeroValues() {
		V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
			.setMetadata(Meta.ObjectMeta.newBuilder().setName("settings").setGenerateName("").setNamespace(""))
			.putData("color", "blue")
			.build();
		Http.Response response = postProtobuf("/api/v1/namespaces/default/configmaps",
				envelope("v1", "ConfigMap", configMap.toByteArray()));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.raw().headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode stored = this.http.get("/api/v1/namespaces/default/configmaps/settings").json();
		assertThat(stored.get("data").get("color").asString()).isEqualTo("blue");
		assertThat(stored.get("metadata").has("generateName")).isFalse();
		assertThat(stored.get("metadata").get("namespace").asString()).isEqualTo("default");
	}

	@Test
	void aBodyWithoutTheEnvelopeIsABadRequest() {
		Http.Response response = postProtobuf("/api/v1/namespaces/default/configmaps", new byte[] { 1, 2, 3 });
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).contains("k8s");
	}

	@Test
	void kubectlCreateCommandsThatSendProtobufWork() throws Exception {
		assumeTrue(Kubectl.installed(), "kubectl is not on the PATH");
		Kubectl kubectl = new Kubectl(this.server, this.home);
		assertThat(kubectl.ok("create", "ns", "x").stdout()).contains("namespace/x created");
		assertThat(kubectl.ok("create", "configmap", "settings", "--from-literal=color=blue").stdout())
			.contains("configmap/settings created");
		assertThat(kubectl.ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2").stdout())
			.contains("deployment.apps/web created");
		assertThat(kubectl.ok("create", "secret", "generic", "token", "--from-literal=key=value").stdout())
			.contains("secret/token created");
		assertThat(kubectl.ok("create", "service", "clusterip", "web", "--tcp=80:8080").stdout())
			.contains("service/web created");
		assertThat(this.http.get("/api/v1/namespaces/x").status()).isEqualTo(200);
		assertThat(this.http.get("/api/v1/namespaces/default/configmaps/settings").json().get("data").get("color")
			.asString()).isEqualTo("blue");
		JsonNode deployment = this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json();
		assertThat(deployment.get("spec").get("replicas").asInt()).isEqualTo(2);
		assertThat(deployment.get("spec").get("template").get("spec").get("containers").get(0).get("image")
			.asString()).isEqualTo("nginx:1.27");
		assertThat(this.http.get("/api/v1/namespaces/default/secrets/token").json().get("data").get("key")
			.asString()).isEqualTo("dmFsdWU=");
		JsonNode port = this.http.get("/api/v1/namespaces/default/services/web").json().get("spec").get("ports")
			.get(0);
		assertThat(port.get("port").asInt()).isEqualTo(80);
		assertThat(port.get("targetPort").asInt()).isEqualTo(8080);
	}

}
