package dev.lightkube.test;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Authorization (allow-all unless a test denies) through access reviews and 403s, and the API groups of a 1.32
 * server.
 */
@KubeApiServerTest(resetAfterEach = true)
class AccessTests {

	private static final String REVIEW = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
			+ "\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"%s\",\"resource\":\"pods\"}}}";

	private final KubeApiServer server;

	private final Http http;

	@TempDir
	Path home;

	AccessTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	private boolean allowed(String verb) {
		Http.Response response = this.http.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
				REVIEW.formatted(verb));
		assertThat(response.status()).isEqualTo(201);
		return response.json().get("status").get("allowed").asBoolean();
	}

	@Test
	void everythingIsAllowedUntilATestDenies() {
		assertThat(allowed("delete")).isTrue();
		this.server.deny("delete", "pods");
		assertThat(allowed("delete")).isFalse();
		assertThat(allowed("get")).isTrue();
		this.http.post("/api/v1/namespaces/default/pods", CrudTests.pod("p", "Pending"));
		Http.Response forbidden = this.http.delete("/api/v1/namespaces/default/pods/p");
		assertThat(forbidden.status()).isEqualTo(403);
		JsonNode status = forbidden.json();
		assertThat(status.get("reason").asString()).isEqualTo("Forbidden");
		assertThat(status.get("message").asString()).isEqualTo("pods \"p\" is forbidden: User \"lightkube-test\" "
				+ "cannot delete resource \"pods\" in API group \"\" in the namespace \"default\"");
		this.server.reset();
		assertThat(allowed("delete")).isTrue();
	}

	@Test
	void denialsByNamespaceAndGroup() {
		this.server.deny("list", "deployments.apps", "kube-system");
		assertThat(this.http.get("/apis/apps/v1/namespaces/kube-system/deployments").json().get("message").asString())
			.isEqualTo("deployments.apps is forbidden: User \"lightkube-test\" cannot list resource \"deployments\" "
					+ "in API group \"apps\" in the namespace \"kube-system\"");
		assertThat(this.http.get("/apis/apps/v1/namespaces/default/deployments").status()).isEqualTo(200);
	}

	@Test
	void subresourcesAreDeniedByTheirOwnNameAndReviewsAreNeverDenied() {
		this.server.deny("*", "*");
		Http.Response response = this.http.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
				"{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":"
						+ "{\"resourceAttributes\":{\"verb\":\"create\",\"resource\":\"pods\",\"subresource\":\"exec\"}}}");
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().get("status").get("allowed").asBoolean()).isFalse();
		this.server.reset();
		this.server.deny("get", "pods/log");
		this.http.post("/api/v1/namespaces/default/pods", CrudTests.pod("p", "Pending"));
		assertThat(this.http.get("/api/v1/namespaces/default/pods/p").status()).isEqualTo(200);
		assertThat(this.http.get("/api/v1/namespaces/default/pods/p/log").json().get("message").asString())
			.contains("cannot get resource \"pods/log\"");
	}

	@Test
	void reviewsAreCreateOnly() {
		assertThat(this.http.get("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").status()).isEqualTo(405);
		JsonNode resources = this.http.get("/apis/authorization.k8s.io/v1").json().get("resources");
		assertThat(resources.get(0).get("verbs").toString()).isEqualTo("[\"create\"]");
	}

	@Test
	void kubectlAuthCanIAndApiVersions() throws Exception {
		assumeTrue(Kubectl.installed(), "kubectl is not on the PATH");
		Kubectl kubectl = new Kubectl(this.server, this.home);
		assertThat(kubectl.ok("auth", "can-i", "create", "deployments").stdout().trim()).isEqualTo("yes");
		this.server.deny("create", "deployments.apps");
		Kubectl.Result denied = kubectl.run("auth", "can-i", "create", "deployments");
		assertThat(denied.exitCode()).isEqualTo(1);
		assertThat(denied.stdout().trim()).isEqualTo("no");
		assertThat(kubectl.fails("create", "deployment", "web", "--image=nginx").stderr())
			.contains("deployments.apps is forbidden: User \"lightkube-test\" cannot create resource \"deployments\"");
		assertThat(kubectl.ok("auth", "whoami").stdout()).contains("lightkube-test");
		assertThat(kubectl.ok("api-versions").stdout().lines()).contains("v1", "apps/v1", "authorization.k8s.io/v1",
				"authentication.k8s.io/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1", "policy/v1",
				"rbac.authorization.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1", "discovery.k8s.io/v1",
				"flowcontrol.apiserver.k8s.io/v1", "admissionregistration.k8s.io/v1", "certificates.k8s.io/v1",
				"coordination.k8s.io/v1", "events.k8s.io/v1", "networking.k8s.io/v1", "node.k8s.io/v1",
				"apiextensions.k8s.io/v1", "apiregistration.k8s.io/v1");
	}

}
