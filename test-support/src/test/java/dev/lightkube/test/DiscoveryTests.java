package dev.lightkube.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery documents, health endpoints and the OpenAPI v3 documents kubectl reads.
 */
@KubeApiServerTest
class DiscoveryTests {

	private final Http http;

	DiscoveryTests(KubeApiServer server) {
		this.http = new Http(server);
	}

	@Test
	void version() {
		JsonNode version = this.http.get("/version").json();
		assertThat(version.get("major").asString()).isEqualTo("1");
		assertThat(version.get("gitVersion").asString()).startsWith("v1.");
	}

	@Test
	void coreGroup() {
		JsonNode api = this.http.get("/api").json();
		assertThat(api.get("kind").asString()).isEqualTo("APIVersions");
		JsonNode resources = this.http.get("/api/v1").json();
		assertThat(resources.get("kind").asString()).isEqualTo("APIResourceList");
		assertThat(resources.get("groupVersion").asString()).isEqualTo("v1");
		assertThat(resources.get("resources").findValuesAsString("name")).contains("pods", "pods/status", "pods/log",
				"pods/exec", "namespaces", "services", "configmaps", "secrets", "serviceaccounts", "events");
		JsonNode namespaces = find(resources, "namespaces");
		assertThat(namespaces.get("namespaced").asBoolean()).isFalse();
		assertThat(namespaces.get("shortNames").get(0).asString()).isEqualTo("ns");
		assertThat(namespaces.get("verbs").findValuesAsString("")).isEmpty();
		assertThat(namespaces.get("verbs").toString()).contains("watch").contains("patch");
	}

	@Test
	void namedGroups() {
		JsonNode groups = this.http.get("/apis").json();
		assertThat(groups.get("kind").asString()).isEqualTo("APIGroupList");
		assertThat(groups.get("groups").findValuesAsString("name")).contains("apps", "batch", "coordination.k8s.io",
				"apiextensions.k8s.io", "rbac.authorization.k8s.io");
		JsonNode apps = this.http.get("/apis/apps").json();
		assertThat(apps.get("preferredVersion").get("groupVersion").asString()).isEqualTo("apps/v1");
		JsonNode resources = this.http.get("/apis/apps/v1").json();
		assertThat(resources.get("resources").findValuesAsString("name")).contains("deployments",
				"deployments/status", "deployments/scale", "statefulsets", "replicasets", "daemonsets");
		assertThat(find(resources, "deployments/scale").get("kind").asString()).isEqualTo("Scale");
		assertThat(this.http.get("/apis/batch/v1").json().get("resources").findValuesAsString("name"))
			.contains("jobs", "cronjobs");
		assertThat(this.http.get("/apis/nope").status()).isEqualTo(404);
	}

	@Test
	void health() {
		for (String path : new String[] { "/healthz", "/livez", "/readyz" }) {
			Http.Response response = this.http.get(path);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("ok");
		}
	}

	@Test
	void openApiV3DeclaresFieldValidation() {
		JsonNode index = this.http.get("/openapi/v3").json();
		String url = index.get("paths").get("apis/apps/v1").get("serverRelativeURL").asString();
		JsonNode document = this.http.get(url).json();
		JsonNode patch = document.get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")
			.get("patch");
		assertThat(patch.get("x-kubernetes-group-version-kind").get("kind").asString()).isEqualTo("Deployment");
		assertThat(patch.get("parameters").get(0).get("name").asString()).isEqualTo("fieldValidation");
	}

	@Test
	void tableForKubectl() {
		Http.Response response = this.http.send(this.http.request("/api/v1/namespaces")
			.header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
			.GET()
			.build());
		JsonNode table = response.json();
		assertThat(table.get("kind").asString()).isEqualTo("Table");
		assertThat(table.get("columnDefinitions").findValuesAsString("name")).containsExactly("Name", "Status", "Age");
		assertThat(table.get("rows").get(0).get("cells").get(0).asString()).isEqualTo("default");
		assertThat(table.get("rows").get(0).get("cells").get(1).asString()).isEqualTo("Active");
	}

	private static JsonNode find(JsonNode resources, String name) {
		for (JsonNode resource : resources.get("resources")) {
			if (resource.get("name").asString().equals(name)) {
				return resource;
			}
		}
		throw new AssertionError("no resource " + name);
	}

}
