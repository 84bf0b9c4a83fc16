package dev.lightkube.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Create, get, list, replace and delete, with the metadata and errors a real API server produces.
 */
@KubeApiServerTest(resetAfterEach = true)
class CrudTests {

	private final KubeApiServer server;

	private final Http http;

	CrudTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	static String configMap(String name, String data) {
		return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
				+ "\",\"labels\":{\"app\":\"web\"}},\"data\":{\"key\":\"" + data + "\"}}";
	}

	@Test
	void createSetsServerMetadata() {
		Http.Response created = this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		assertThat(created.status()).isEqualTo(201);
		JsonNode metadata = created.json().get("metadata");
		assertThat(metadata.get("uid").asString()).hasSize(36);
		assertThat(metadata.get("creationTimestamp").asString()).endsWith("Z");
		assertThat(metadata.has("generation")).as("config maps have no generation").isFalse();
		assertThat(metadata.get("resourceVersion").isString()).isTrue();
		assertThat(metadata.get("namespace").asString()).isEqualTo("default");
		assertThat(metadata.get("managedFields").get(0).get("operation").asString()).isEqualTo("Update");
	}

	@Test
	void resourceVersionsComeFromOneCounter() {
		long first = Long.parseLong(this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1")).json()
			.get("metadata").get("resourceVersion").asString());
		long second = Long.parseLong(this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"other\"}}")
			.json().get("metadata").get("resourceVersion").asString());
		assertThat(second).isEqualTo(first + 1);
	}

	@Test
	void generateNameAddsASuffix() {
		Http.Response created = this.http.post("/api/v1/namespaces/default/configmaps",
				"{\"metadata\":{\"generateName\":\"job-\"}}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("metadata").get("name").asString()).matches("job-[a-z0-9]{5}");
	}

	@Test
	void createTwiceIsAlreadyExists() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		Http.Response again = this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		assertThat(again.status()).isEqualTo(409);
		JsonNode status = again.json();
		assertThat(status.get("kind").asString()).isEqualTo("Status");
		assertThat(status.get("apiVersion").asString()).isEqualTo("v1");
		assertThat(status.get("reason").asString()).isEqualTo("AlreadyExists");
		assertThat(status.get("code").asInt()).isEqualTo(409);
		assertThat(status.get("message").asString()).isEqualTo("configmaps \"a\" already exists");
		assertThat(status.get("details").get("name").asString()).isEqualTo("a");
		assertThat(status.get("details").get("kind").asString()).isEqualTo("configmaps");
	}

	@Test
	void createInMissingNamespaceIsNotFound() {
		Http.Response response = this.http.post("/api/v1/namespaces/nowhere/configmaps", configMap("a", "1"));
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("message").asString()).isEqualTo("namespaces \"nowhere\" not found");
	}

	@Test
	void createWithoutNameIsInvalid() {
		Http.Response response = this.http.post("/api/v1/namespaces/default/configmaps", "{\"data\":{}}");
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().get("reason").asString()).isEqualTo("Invalid");
		assertThat(response.json().get("details").get("causes").get(0).get("field").asString())
			.isEqualTo("metadata.name");
	}

	@Test
	void createWithWrongKindIsBadRequest() {
		Http.Response response = this.http.post("/api/v1/namespaces/default/configmaps",
				"{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"}}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("reason").asString()).isEqualTo("BadRequest");
	}

	@Test
	void getReturnsKindAndApiVersion() {
		this.http.post("/apis/apps/v1/namespaces/default/deployments",
				deployment("web", 2));
		JsonNode deployment = this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json();
		assertThat(deployment.get("metadata").get("generation").asInt()).isEqualTo(1);
		assertThat(deployment.get("kind").asString()).isEqualTo("Deployment");
		assertThat(deployment.get("apiVersion").asString()).isEqualTo("apps/v1");
		assertThat(deployment.get("spec").get("replicas").asInt()).isEqualTo(2);
	}

	@Test
	void getMissingIsNotFoundWithGroup() {
		Http.Response response = this.http.get("/apis/apps/v1/namespaces/default/deployments/nope");
		assertThat(response.status()).isEqualTo(404);
		JsonNode status = response.json();
		assertThat(status.get("message").asString()).isEqualTo("deployments.apps \"nope\" not found");
		assertThat(status.get("details").get("group").asString()).isEqualTo("apps");
	}

	@Test
	void unknownPathIsNotFound() {
		assertThat(this.http.get("/api/v1/widgets").status()).isEqualTo(404);
		assertThat(this.http.get("/apis/example.com/v1/widgets").status()).isEqualTo(404);
	}

	@Test
	void listIsSortedAndOmitsItemKinds() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("b", "1"));
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"other\"}}");
		this.http.post("/api/v1/namespaces/other/configmaps", configMap("c", "1"));
		JsonNode list = this.http.get("/api/v1/namespaces/default/configmaps").json();
		assertThat(list.get("kind").asString()).isEqualTo("ConfigMapList");
		assertThat(list.get("metadata").get("resourceVersion").asString()).isNotEmpty();
		assertThat(Http.names(list)).containsExactly("a", "b");
		assertThat(list.get("items").get(0).has("kind")).isFalse();
		JsonNode all = this.http.get("/api/v1/configmaps").json();
		assertThat(all.get("items")).hasSize(3);
	}

	@Test
	void clusterScopedKinds() {
		Http.Response created = this.http.post("/apis/rbac.authorization.k8s.io/v1/clusterroles",
				"{\"metadata\":{\"name\":\"reader\",\"namespace\":\"ignored\"},\"rules\":[]}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("metadata").has("namespace")).isFalse();
		assertThat(this.http.get("/apis/rbac.authorization.k8s.io/v1/clusterroles/reader").status()).isEqualTo(200);
		assertThat(this.http.get("/apis/rbac.authorization.k8s.io/v1/namespaces/default/clusterroles/reader")
			.status()).isEqualTo(404);
	}

	@Test
	void replaceWithCurrentVersionSucceeds() {
		JsonNode created = this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1")).json();
		String version = created.get("metadata").get("resourceVersion").asString();
		String body = "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"" + version + "\"},\"data\":{\"key\":\"2\"}}";
		Http.Response replaced = this.http.put("/api/v1/namespaces/default/configmaps/a", body);
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("data").get("key").asString()).isEqualTo("2");
		assertThat(replaced.json().get("metadata").get("resourceVersion").asString()).isNotEqualTo(version);
		assertThat(replaced.json().get("metadata").get("uid")).isEqualTo(created.get("metadata").get("uid"));
	}

	@Test
	void replaceWithStaleVersionIsConflict() {
		JsonNode created = this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1")).json();
		String version = created.get("metadata").get("resourceVersion").asString();
		this.http.put("/api/v1/namespaces/default/configmaps/a", configMap("a", "2"));
		String body = "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"" + version + "\"},\"data\":{}}";
		Http.Response stale = this.http.put("/api/v1/namespaces/default/configmaps/a", body);
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().get("reason").asString()).isEqualTo("Conflict");
		assertThat(stale.json().get("message").asString()).contains("the object has been modified");
	}

	@Test
	void replaceMissingIsNotFound() {
		assertThat(this.http.put("/api/v1/namespaces/default/configmaps/a", configMap("a", "1")).status())
			.isEqualTo(404);
	}

	@Test
	void generationFollowsSpecChangesOnly() {
		this.http.post("/apis/apps/v1/namespaces/default/deployments",
				deployment("web", 1));
		JsonNode labelled = this.http.put("/apis/apps/v1/namespaces/default/deployments/web",
				deployment("web", 1).replace("{\"name\":\"web\"}", "{\"name\":\"web\",\"labels\":{\"a\":\"b\"}}")).json();
		assertThat(labelled.get("metadata").get("generation").asInt()).isEqualTo(1);
		JsonNode scaled = this.http.put("/apis/apps/v1/namespaces/default/deployments/web",
				deployment("web", 3)).json();
		assertThat(scaled.get("metadata").get("generation").asInt()).isEqualTo(2);
	}

	@Test
	void unchangedReplaceKeepsTheResourceVersion() {
		JsonNode created = this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1")).json();
		JsonNode same = this.http.put("/api/v1/namespaces/default/configmaps/a", configMap("a", "1")).json();
		assertThat(same.get("metadata").get("resourceVersion")).isEqualTo(created.get("metadata").get("resourceVersion"));
	}

	@Test
	void deleteReturnsTheObjectAndRemovesIt() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		Http.Response deleted = this.http.delete("/api/v1/namespaces/default/configmaps/a");
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().get("metadata").get("name").asString()).isEqualTo("a");
		assertThat(this.http.get("/api/v1/namespaces/default/configmaps/a").status()).isEqualTo(404);
		assertThat(this.http.delete("/api/v1/namespaces/default/configmaps/a").status()).isEqualTo(404);
	}

	@Test
	void deleteWithStalePreconditionIsConflict() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		Http.Response response = this.http.delete("/api/v1/namespaces/default/configmaps/a",
				"{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"resourceVersion\":\"1\"}}");
		assertThat(response.status()).isEqualTo(409);
	}

	@Test
	void deleteWithGracePeriodRecordsIt() {
		this.http.post("/api/v1/namespaces/default/pods", pod("p", "Pending"));
		JsonNode deleted = this.http.delete("/api/v1/namespaces/default/pods/p?gracePeriodSeconds=0").json();
		assertThat(deleted.get("metadata").get("deletionGracePeriodSeconds").asInt()).isZero();
	}

	@Test
	void backgroundPropagationDeletesDependentsAndOrphanKeepsThem() {
		String ownerUid = this.http.post("/apis/apps/v1/namespaces/default/replicasets",
				deployment("rs", 1)).json().get("metadata").get("uid").asString();
		String owned = "{\"metadata\":{\"name\":\"%s\",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
				+ "\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"" + ownerUid + "\"}]},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}";
		this.http.post("/api/v1/namespaces/default/pods", owned.formatted("p1"));
		this.http.delete("/apis/apps/v1/namespaces/default/replicasets/rs?propagationPolicy=Background");
		assertThat(this.http.get("/api/v1/namespaces/default/pods/p1").status()).isEqualTo(404);

		String secondUid = this.http.post("/apis/apps/v1/namespaces/default/replicasets",
				deployment("rs", 1)).json().get("metadata").get("uid").asString();
		this.http.post("/api/v1/namespaces/default/pods", owned.replace(ownerUid, secondUid).formatted("p2"));
		this.http.delete("/apis/apps/v1/namespaces/default/replicasets/rs",
				"{\"propagationPolicy\":\"Orphan\"}");
		JsonNode orphan = this.http.get("/api/v1/namespaces/default/pods/p2").json();
		assertThat(orphan.get("metadata").has("ownerReferences")).isFalse();
	}

	@Test
	void deletingANamespaceDeletesItsContent() {
		this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"temp\"}}");
		this.http.post("/api/v1/namespaces/temp/configmaps", configMap("a", "1"));
		assertThat(this.http.delete("/api/v1/namespaces/temp").status()).isEqualTo(200);
		assertThat(this.http.get("/api/v1/namespaces/temp/configmaps/a").status()).isEqualTo(404);
	}

	@Test
	void deleteCollectionHonoursSelectors() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		this.http.post("/api/v1/namespaces/default/configmaps",
				"{\"metadata\":{\"name\":\"b\",\"labels\":{\"app\":\"db\"}}}");
		JsonNode deleted = this.http.delete("/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb").json();
		assertThat(deleted.get("kind").asString()).isEqualTo("ConfigMapList");
		assertThat(Http.names(deleted)).containsExactly("a");
		assertThat(Http.names(this.http.get("/api/v1/namespaces/default/configmaps").json())).containsExactly("b");
	}

	@Test
	void deleteCollectionReadsItsDeleteOptionsBodyAsDeleteDoes() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		JsonNode deleted = this.http.delete("/api/v1/namespaces/default/configmaps",
				"{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":7}").json();
		assertThat(deleted.get("items").get(0).get("metadata").get("deletionGracePeriodSeconds").asInt()).isEqualTo(7);
	}

	@Test
	void servicesGetAClusterIp() {
		JsonNode service = this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"svc\"},\"spec\":{\"ports\":[{\"port\":80}]}}").json();
		assertThat(service.get("spec").get("clusterIP").asString()).startsWith("10.96.");
		assertThat(service.get("spec").get("type").asString()).isEqualTo("ClusterIP");
	}

	@Test
	void resetForgetsObjectsButKeepsInitialNamespaces() {
		this.http.post("/api/v1/namespaces/default/configmaps", configMap("a", "1"));
		this.server.reset();
		assertThat(this.http.get("/api/v1/namespaces/default/configmaps/a").status()).isEqualTo(404);
		assertThat(this.http.get("/api/v1/namespaces/kube-system").status()).isEqualTo(200);
	}

	/** A valid Deployment (or ReplicaSet: the same spec) body. */
	static String deployment(String name, int replicas) {
		return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"replicas\":" + replicas
				+ ",\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":"
				+ "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}}}";
	}

	static String pod(String name, String phase) {
		return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
				+ "\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]},"
				+ "\"status\":{\"phase\":\"" + phase + "\"}}";
	}

}
