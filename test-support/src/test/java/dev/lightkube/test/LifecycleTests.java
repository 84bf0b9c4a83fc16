package dev.lightkube.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finalizers, dry runs, and the {@code status} and {@code scale} sub-resources.
 */
@KubeApiServerTest(resetAfterEach = true)
class LifecycleTests {

	private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps";

	private final Http http;

	LifecycleTests(KubeApiServer server) {
		this.http = new Http(server);
	}

	@Test
	void finalizersHoldDeletionUntilCleared() {
		this.http.post(CONFIG_MAPS, "{\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/cleanup\"]}}");
		Http.Response deleting = this.http.delete(CONFIG_MAPS + "/held");
		assertThat(deleting.status()).isEqualTo(200);
		JsonNode marked = this.http.get(CONFIG_MAPS + "/held").json();
		assertThat(marked.get("metadata").get("deletionTimestamp").asString()).endsWith("Z");
		assertThat(this.http.delete(CONFIG_MAPS + "/held").status()).isEqualTo(200);
		JsonNode cleared = this.http.patch(CONFIG_MAPS + "/held", "application/merge-patch+json",
				"{\"metadata\":{\"finalizers\":null}}").json();
		assertThat(cleared.get("metadata").get("deletionTimestamp").asString()).endsWith("Z");
		assertThat(this.http.get(CONFIG_MAPS + "/held").status()).isEqualTo(404);
	}

	@Test
	void dryRunWritesNothing() {
		Http.Response created = this.http.post(CONFIG_MAPS + "?dryRun=All", "{\"metadata\":{\"name\":\"dry\"}}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("metadata").get("uid").asString()).isNotEmpty();
		assertThat(this.http.get(CONFIG_MAPS + "/dry").status()).isEqualTo(404);

		JsonNode real = this.http.post(CONFIG_MAPS, "{\"metadata\":{\"name\":\"real\"},\"data\":{\"a\":\"1\"}}").json();
		JsonNode replaced = this.http.put(CONFIG_MAPS + "/real?dryRun=All",
				"{\"metadata\":{\"name\":\"real\"},\"data\":{\"a\":\"2\"}}").json();
		assertThat(replaced.get("data").get("a").asString()).isEqualTo("2");
		JsonNode patched = this.http.patch(CONFIG_MAPS + "/real?dryRun=All", "application/merge-patch+json",
				"{\"data\":{\"a\":\"3\"}}").json();
		assertThat(patched.get("data").get("a").asString()).isEqualTo("3");
		this.http.patch(CONFIG_MAPS + "/real?dryRun=All&fieldManager=me", "application/apply-patch+yaml",
				"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: real}\ndata: {a: \"4\"}\n");
		assertThat(this.http.delete(CONFIG_MAPS + "/real?dryRun=All").status()).isEqualTo(200);
		this.http.delete(CONFIG_MAPS + "?dryRun=All");
		JsonNode after = this.http.get(CONFIG_MAPS + "/real").json();
		assertThat(after.get("data").get("a").asString()).isEqualTo("1");
		assertThat(after.get("metadata").get("resourceVersion")).isEqualTo(real.get("metadata").get("resourceVersion"));
	}

	@Test
	void invalidDryRunValueIsBadRequest() {
		assertThat(this.http.post(CONFIG_MAPS + "?dryRun=Some", "{\"metadata\":{\"name\":\"x\"}}").status())
			.isEqualTo(400);
	}

	@Test
	void statusIsWrittenOnlyThroughTheStatusSubresource() {
		JsonNode created = this.http.post("/api/v1/namespaces/default/pods",
				"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]},"
						+ "\"status\":{\"phase\":\"Running\"}}").json();
		assertThat(created.get("status").get("phase").asString()).isEqualTo("Pending");
		JsonNode ignored = this.http.patch("/api/v1/namespaces/default/pods/p", "application/merge-patch+json",
				"{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"status\":{\"phase\":\"Failed\"}}").json();
		assertThat(ignored.get("status").get("phase").asString()).isEqualTo("Pending");
		assertThat(ignored.get("metadata").get("labels").get("a").asString()).isEqualTo("b");
		JsonNode status = this.http.patch("/api/v1/namespaces/default/pods/p/status", "application/merge-patch+json",
				"{\"metadata\":{\"labels\":{\"c\":\"d\"}},\"status\":{\"phase\":\"Running\"}}").json();
		assertThat(status.get("status").get("phase").asString()).isEqualTo("Running");
		assertThat(status.get("metadata").get("labels").has("c")).isFalse();
		JsonNode got = this.http.get("/api/v1/namespaces/default/pods/p/status").json();
		assertThat(got.get("kind").asString()).isEqualTo("Pod");
		assertThat(got.get("status").get("phase").asString()).isEqualTo("Running");
		JsonNode replaced = this.http.put("/api/v1/namespaces/default/pods/p/status",
				"{\"metadata\":{\"name\":\"p\"},\"status\":{\"phase\":\"Succeeded\"}}").json();
		assertThat(replaced.get("status").get("phase").asString()).isEqualTo("Succeeded");
		assertThat(replaced.get("spec").get("containers")).hasSize(1);
	}

	@Test
	void scaleSubresource() {
		this.http.post("/apis/apps/v1/namespaces/default/deployments",
				CrudTests.deployment("web", 2));
		JsonNode scale = this.http.get("/apis/apps/v1/namespaces/default/deployments/web/scale").json();
		assertThat(scale.get("kind").asString()).isEqualTo("Scale");
		assertThat(scale.get("apiVersion").asString()).isEqualTo("autoscaling/v1");
		assertThat(scale.get("spec").get("replicas").asInt()).isEqualTo(2);
		assertThat(scale.get("status").get("selector").asString()).isEqualTo("app=web");
		JsonNode patched = this.http.patch("/apis/apps/v1/namespaces/default/deployments/web/scale",
				"application/merge-patch+json", "{\"spec\":{\"replicas\":4}}").json();
		assertThat(patched.get("spec").get("replicas").asInt()).isEqualTo(4);
		JsonNode replaced = this.http.put("/apis/apps/v1/namespaces/default/deployments/web/scale",
				"{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":6}}")
			.json();
		assertThat(replaced.get("spec").get("replicas").asInt()).isEqualTo(6);
		JsonNode deployment = this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json();
		assertThat(deployment.get("spec").get("replicas").asInt()).isEqualTo(6);
		assertThat(deployment.get("metadata").get("generation").asInt()).isEqualTo(3);
	}

	@Test
	void evictionDeletesThePod() {
		this.http.post("/api/v1/namespaces/default/pods", CrudTests.pod("p", "Pending"));
		Http.Response response = this.http.post("/api/v1/namespaces/default/pods/p/eviction",
				"{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"}}");
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().get("status").asString()).isEqualTo("Success");
		assertThat(this.http.get("/api/v1/namespaces/default/pods/p").status()).isEqualTo(404);
		assertThat(this.http.post("/api/v1/namespaces/default/pods/p/eviction", "{\"metadata\":{\"name\":\"p\"}}")
			.status()).isEqualTo(404);
	}

	@Test
	void kindsWithoutTheSubresourceAnswerNotFound() {
		this.http.post(CONFIG_MAPS, "{\"metadata\":{\"name\":\"a\"}}");
		assertThat(this.http.get(CONFIG_MAPS + "/a/status").status()).isEqualTo(404);
		assertThat(this.http.get(CONFIG_MAPS + "/a/scale").status()).isEqualTo(404);
	}

}
