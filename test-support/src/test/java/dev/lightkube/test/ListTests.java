package dev.lightkube.test;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Label and field selectors, pagination with {@code limit} and {@code continue}, and expired tokens.
 */
@KubeApiServerTest(resetAfterEach = true)
class ListTests {

	private final KubeApiServer server;

	private final Http http;

	ListTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	@BeforeEach
	void pods() {
		pod("a", "{\"app\":\"web\",\"tier\":\"front\"}", "Running");
		pod("b", "{\"app\":\"web\"}", "Pending");
		pod("c", "{\"app\":\"db\",\"tier\":\"back\"}", "Running");
		pod("d", "{}", "Succeeded");
	}

	private void pod(String name, String labels, String phase) {
		this.http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":"
				+ labels + "},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"x\"}]}}");
		this.http.patch("/api/v1/namespaces/default/pods/" + name + "/status", "application/merge-patch+json",
				"{\"status\":{\"phase\":\"" + phase + "\"}}");
	}

	private Iterable<String> names(String query) {
		Http.Response response = this.http.get("/api/v1/namespaces/default/pods?" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return Http.names(response.json());
	}

	@Test
	void labelSelectorOperators() {
		assertThat(names("labelSelector=app%3Dweb")).containsExactly("a", "b");
		assertThat(names("labelSelector=app%3D%3Dweb")).containsExactly("a", "b");
		assertThat(names("labelSelector=app!%3Dweb")).containsExactly("c", "d");
		assertThat(names("labelSelector=app%20in%20(web,db)")).containsExactly("a", "b", "c");
		assertThat(names("labelSelector=app%20notin%20(web)")).containsExactly("c", "d");
		assertThat(names("labelSelector=tier")).containsExactly("a", "c");
		assertThat(names("labelSelector=!tier")).containsExactly("b", "d");
		assertThat(names("labelSelector=app%3Dweb,tier%20in%20(front,back)")).containsExactly("a");
	}

	@Test
	void badLabelSelectorIsBadRequest() {
		Http.Response response = this.http.get("/api/v1/namespaces/default/pods?labelSelector=app%20in%20web");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("reason").asString()).isEqualTo("BadRequest");
	}

	@Test
	void fieldSelectors() {
		assertThat(names("fieldSelector=metadata.name%3Db")).containsExactly("b");
		assertThat(names("fieldSelector=metadata.name!%3Db")).containsExactly("a", "c", "d");
		assertThat(names("fieldSelector=metadata.namespace%3Ddefault")).containsExactly("a", "b", "c", "d");
		assertThat(names("fieldSelector=status.phase%3DRunning")).containsExactly("a", "c");
		assertThat(names("fieldSelector=status.phase%3DRunning&labelSelector=app%3Ddb")).containsExactly("c");
	}

	@Test
	void unsupportedFieldIsBadRequest() {
		Http.Response response = this.http.get("/api/v1/namespaces/default/pods?fieldSelector=spec.image%3Dx");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).isEqualTo("field label not supported: spec.image");
	}

	@Test
	void pagesShareOneSnapshot() {
		JsonNode first = this.http.get("/api/v1/namespaces/default/pods?limit=3").json();
		assertThat(Http.names(first)).containsExactly("a", "b", "c");
		String token = first.get("metadata").get("continue").asString();
		assertThat(first.get("metadata").get("remainingItemCount").asInt()).isEqualTo(1);
		pod("e", "{}", "Running");
		JsonNode second = this.http.get("/api/v1/namespaces/default/pods?limit=3&continue=" + token).json();
		assertThat(Http.names(second)).containsExactly("d");
		assertThat(second.get("metadata").has("continue")).isFalse();
		assertThat(second.get("metadata").get("resourceVersion")).isEqualTo(first.get("metadata")
			.get("resourceVersion"));
	}

	@Test
	void expiredTokenIsGone() {
		String token = this.http.get("/api/v1/namespaces/default/pods?limit=1").json().get("metadata")
			.get("continue").asString();
		this.server.faults().expireContinueTokens();
		Http.Response response = this.http.get("/api/v1/namespaces/default/pods?limit=1&continue=" + token);
		assertThat(response.status()).isEqualTo(410);
		assertThat(response.json().get("reason").asString()).isEqualTo("Expired");
	}

	@Test
	void tokensExpireAfterTheirTtl() throws InterruptedException {
		try (KubeApiServer shortLived = KubeApiServer.builder().continueTokenTtl(Duration.ofMillis(1)).start()) {
			Http client = new Http(shortLived);
			client.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"a\"}}");
			client.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"b\"}}");
			String token = client.get("/api/v1/namespaces/default/configmaps?limit=1").json().get("metadata")
				.get("continue").asString();
			Thread.sleep(50);
			assertThat(client.get("/api/v1/namespaces/default/configmaps?limit=1&continue=" + token).status())
				.isEqualTo(410);
		}
	}

	@Test
	void allNamespacesList() {
		this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"other\"}}");
		this.http.post("/api/v1/namespaces/other/pods", "{\"metadata\":{\"name\":\"z\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}");
		JsonNode all = this.http.get("/api/v1/pods?fieldSelector=metadata.namespace%3Dother").json();
		assertThat(Http.names(all)).containsExactly("z");
		assertThat(this.http.get("/api/v1/pods").json().get("items")).hasSize(5);
	}

}
