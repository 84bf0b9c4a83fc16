package dev.lightkube.test;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON patch, merge patch, strategic merge patch (with the Kubernetes list merge keys) and server-side apply.
 */
@KubeApiServerTest(resetAfterEach = true)
class PatchTests {

	private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

	private static final String WEB = DEPLOYMENTS + "/web";

	private static final String STRATEGIC = "application/strategic-merge-patch+json";

	private static final String APPLY = "application/apply-patch+yaml";

	private final Http http;

	PatchTests(KubeApiServer server) {
		this.http = new Http(server);
	}

	@BeforeEach
	void deployment() {
		this.http.post(DEPLOYMENTS, """
				{"metadata":{"name":"web","labels":{"app":"web"}},
				 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{
				   "metadata":{"labels":{"app":"web"}},
				   "spec":{
				     "containers":[
				       {"name":"app","image":"nginx:1","ports":[{"containerPort":80,"name":"http"}],
				        "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
				        "volumeMounts":[{"name":"data","mountPath":"/data"}]},
				       {"name":"sidecar","image":"proxy:1"}],
				     "volumes":[{"name":"data","emptyDir":{}}]}}}}
				""");
	}

	private JsonNode patch(String contentType, String body) {
		Http.Response response = this.http.patch(WEB, contentType, body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode podSpec(JsonNode deployment) {
		return deployment.get("spec").get("template").get("spec");
	}

	private static JsonNode container(JsonNode deployment, int index) {
		return podSpec(deployment).get("containers").get(index);
	}

	@Test
	void jsonPatchOperations() {
		JsonNode patched = patch("application/json-patch+json", """
				[{"op":"test","path":"/spec/replicas","value":1},
				 {"op":"replace","path":"/spec/replicas","value":4},
				 {"op":"add","path":"/metadata/labels/tier","value":"front"},
				 {"op":"remove","path":"/spec/template/spec/containers/1"},
				 {"op":"copy","from":"/metadata/labels/tier","path":"/metadata/labels/copy"},
				 {"op":"move","from":"/metadata/labels/copy","path":"/metadata/labels/moved"}]
				""");
		assertThat(patched.get("spec").get("replicas").asInt()).isEqualTo(4);
		assertThat(patched.get("metadata").get("labels").get("tier").asString()).isEqualTo("front");
		assertThat(patched.get("metadata").get("labels").get("moved").asString()).isEqualTo("front");
		assertThat(patched.get("metadata").get("labels").has("copy")).isFalse();
		assertThat(podSpec(patched).get("containers")).hasSize(1);
	}

	@Test
	void failedJsonPatchTestIsUnprocessable() {
		Http.Response response = this.http.patch(WEB, "application/json-patch+json",
				"[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]");
		assertThat(response.status()).isEqualTo(422);
	}

	@Test
	void mergePatchReplacesListsAndDeletesWithNull() {
		JsonNode patched = patch("application/merge-patch+json", """
				{"metadata":{"labels":{"app":null,"tier":"front"}},
				 "spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"}]}}}}
				""");
		assertThat(patched.get("metadata").get("labels").has("app")).isFalse();
		assertThat(patched.get("metadata").get("labels").get("tier").asString()).isEqualTo("front");
		assertThat(podSpec(patched).get("containers")).hasSize(1);
		assertThat(container(patched, 0).get("name").asString()).isEqualTo("only");
	}

	@Test
	void strategicMergeMergesContainersByName() {
		JsonNode patched = patch(STRATEGIC,
				"{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\"}]}}}}");
		assertThat(podSpec(patched).get("containers")).hasSize(2);
		assertThat(container(patched, 0).get("image").asString()).isEqualTo("nginx:2");
		assertThat(container(patched, 0).get("env")).hasSize(2);
		assertThat(container(patched, 1).get("image").asString()).isEqualTo("proxy:1");
	}

	@Test
	void strategicMergeMergesEnvPortsMountsAndVolumes() {
		JsonNode patched = patch(STRATEGIC, """
				{"spec":{"template":{"spec":{
				  "containers":[{"name":"app",
				    "env":[{"name":"B","value":"20"},{"name":"C","value":"3"}],
				    "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}],
				    "volumeMounts":[{"mountPath":"/cache","name":"cache"}]}],
				  "volumes":[{"name":"cache","emptyDir":{}}]}}}}
				""");
		JsonNode app = container(patched, 0);
		assertThat(app.get("env").findValuesAsString("name")).containsExactly("A", "B", "C");
		assertThat(app.get("env").get(1).get("value").asString()).isEqualTo("20");
		assertThat(app.get("ports")).hasSize(2);
		assertThat(app.get("ports").get(0).get("name").asString()).isEqualTo("http");
		assertThat(app.get("ports").get(0).get("protocol").asString()).isEqualTo("TCP");
		assertThat(app.get("volumeMounts").findValuesAsString("mountPath")).containsExactly("/data", "/cache");
		assertThat(podSpec(patched).get("volumes").findValuesAsString("name")).containsExactly("data", "cache");
	}

	@Test
	void strategicMergeDeleteDirective() {
		JsonNode patched = patch(STRATEGIC, """
				{"spec":{"template":{"spec":{"containers":[
				  {"name":"sidecar","$patch":"delete"},
				  {"name":"app","env":[{"name":"A","$patch":"delete"}]}]}}}}
				""");
		assertThat(podSpec(patched).get("containers")).hasSize(1);
		assertThat(container(patched, 0).get("env").findValuesAsString("name")).containsExactly("B");
	}

	@Test
	void strategicMergeReplaceDirective() {
		JsonNode patched = patch(STRATEGIC, """
				{"spec":{"template":{"spec":{
				  "containers":[{"$patch":"replace"},{"name":"new","image":"n:1"}]}}},
				 "metadata":{"labels":{"$patch":"replace","only":"this"}}}
				""");
		assertThat(podSpec(patched).get("containers").findValuesAsString("name")).containsExactly("new");
		assertThat(patched.get("metadata").get("labels").propertyNames()).containsExactly("only");
	}

	@Test
	void strategicMergeListDirectivesAndMergedFinalizers() {
		this.http.patch(WEB, "application/merge-patch+json",
				"{\"metadata\":{\"finalizers\":[\"a/one\",\"a/two\"]}}");
		JsonNode patched = patch(STRATEGIC, """
				{"metadata":{"finalizers":["a/three"],"$deleteFromPrimitiveList/finalizers":["a/one"]},
				 "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}],
				   "containers":[{"name":"app","image":"nginx:3"}]}}}}
				""");
		assertThat(patched.get("metadata").get("finalizers").toString()).isEqualTo("[\"a/two\",\"a/three\"]");
		assertThat(container(patched, 0).get("image").asString()).isEqualTo("nginx:3");
		assertThat(podSpec(patched).has("$setElementOrder/containers")).isFalse();
	}

	@Test
	void malformedJsonPatchIsBadRequest() {
		assertThat(this.http.patch(WEB, "application/json-patch+json", "[{\"op\":\"add\"}]").status())
			.isEqualTo(400);
		assertThat(this.http.patch(WEB, "application/json-patch+json", "{\"op\":\"add\"}").status())
			.isEqualTo(400);
	}

	@Test
	void strategicMergeOnCustomResourceIsUnsupported() {
		CustomResourceTests.createWidgetDefinition(this.http);
		this.http.post("/apis/example.com/v1/namespaces/default/widgets",
				"{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{}}");
		Http.Response response = this.http.patch("/apis/example.com/v1/namespaces/default/widgets/w", STRATEGIC,
				"{\"spec\":{\"size\":1}}");
		assertThat(response.status()).isEqualTo(415);
	}

	@Test
	void unknownPatchTypeIsUnsupportedMediaType() {
		assertThat(this.http.patch(WEB, "text/plain", "x").status()).isEqualTo(415);
	}

	@Test
	void patchWithStaleResourceVersionIsConflict() {
		Http.Response response = this.http.patch(WEB, "application/merge-patch+json",
				"{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":2}}");
		assertThat(response.status()).isEqualTo(409);
	}

	@Test
	void patchMissingObjectIsNotFound() {
		assertThat(this.http.patch(DEPLOYMENTS + "/nope", "application/merge-patch+json", "{}").status())
			.isEqualTo(404);
	}

	@Test
	void applyNeedsAFieldManager() {
		Http.Response response = this.http.patch(WEB, APPLY, "apiVersion: apps/v1\nkind: Deployment\n");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).contains("fieldManager is required");
	}

	@Test
	void applyCreatesThenMerges() {
		String config = """
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  name: applied
				  labels: {app: web}
				data:
				  a: "1"
				""";
		Http.Response created = this.http.patch("/api/v1/namespaces/default/configmaps/applied?fieldManager=me",
				APPLY, config);
		assertThat(created.status()).isEqualTo(201);
		JsonNode managed = created.json().get("metadata").get("managedFields").get(0);
		assertThat(managed.get("manager").asString()).isEqualTo("me");
		assertThat(managed.get("operation").asString()).isEqualTo("Apply");
		assertThat(managed.get("fieldsV1").get("f:data").has("f:a")).isTrue();
		this.http.patch("/api/v1/namespaces/default/configmaps/applied", "application/merge-patch+json",
				"{\"data\":{\"other\":\"x\"}}");
		JsonNode updated = this.http.patch("/api/v1/namespaces/default/configmaps/applied?fieldManager=me", APPLY,
				config.replace("a: \"1\"", "b: \"2\"")).json();
		// The manager's removed field goes, the other writer's field stays.
		assertThat(updated.get("data").propertyNames()).containsExactlyInAnyOrder("other", "b");
	}

	@Test
	void applyConflictsWithTheCreatorOfAField() {
		Http.Response conflict = this.http.patch(WEB + "?fieldManager=me", APPLY,
				"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n");
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.json().get("message").asString()).contains("conflict with \"Java-http-client\"");
	}

	@Test
	void applyConflictsWithAnotherManagerUnlessForced() {
		String config = """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: web}
				spec: {replicas: 5}
				""";
		// Forced: the creator (an Update manager) owns the replicas too.
		this.http.patch(WEB + "?fieldManager=first&force=true", APPLY, config.replace("5", "2"));
		Http.Response conflict = this.http.patch(WEB + "?fieldManager=second", APPLY, config);
		assertThat(conflict.status()).isEqualTo(409);
		JsonNode status = conflict.json();
		assertThat(status.get("reason").asString()).isEqualTo("Conflict");
		assertThat(status.get("message").asString())
			.isEqualTo("Apply failed with 1 conflict: conflict with \"first\" using apps/v1: .spec.replicas");
		assertThat(status.get("details").get("causes").get(0).get("field").asString()).isEqualTo(".spec.replicas");
		assertThat(status.get("details").get("causes").get(0).get("reason").asString())
			.isEqualTo("FieldManagerConflict");
		JsonNode forced = this.http.patch(WEB + "?fieldManager=second&force=true", APPLY, config).json();
		assertThat(forced.get("spec").get("replicas").asInt()).isEqualTo(5);
	}

	@Test
	void applyingTheSameValueSharesOwnership() {
		String config = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n";
		this.http.patch(WEB + "?fieldManager=first&force=true", APPLY, config);
		assertThat(this.http.patch(WEB + "?fieldManager=second", APPLY, config).status()).isEqualTo(200);
	}

}
