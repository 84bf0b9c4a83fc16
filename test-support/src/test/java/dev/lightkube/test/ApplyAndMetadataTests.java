package dev.lightkube.test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Server-side apply conflicts per field, managed field times, and empty metadata maps, over HTTP and with kubectl.
 */
@KubeApiServerTest(resetAfterEach = true)
class ApplyAndMetadataTests {

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: web
			spec:
			  selector:
			    matchLabels: {app: web}
			  template:
			    metadata:
			      labels: {app: web}
			    spec:
			      containers:
			      - name: app
			        image: nginx:1
			""";

	private final KubeApiServer server;

	private final Http http;

	@TempDir
	Path home;

	ApplyAndMetadataTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	private Http.Response apply(String manager, String yaml) {
		return this.http.patch("/apis/apps/v1/namespaces/default/deployments/web?fieldManager=" + manager,
				"application/apply-patch+yaml", yaml);
	}

	@Test
	void changingAnImageOwnedByAnotherManagerIsOneConflictOnTheImage() {
		assertThat(apply("first", DEPLOYMENT).status()).isEqualTo(201);
		Http.Response conflict = apply("second", DEPLOYMENT.replace("nginx:1", "nginx:2"));
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.json().get("message").asString()).isEqualTo("Apply failed with 1 conflict: conflict with "
				+ "\"first\" using apps/v1: .spec.template.spec.containers[name=\"app\"].image");
		assertThat(conflict.json().get("details").get("causes").findValuesAsString("field"))
			.containsExactly(".spec.template.spec.containers[name=\"app\"].image");
	}

	@Test
	void anUpdateOfOneItemFieldTakesThatFieldOnly() {
		apply("first", DEPLOYMENT);
		this.http.patch("/apis/apps/v1/namespaces/default/deployments/web?fieldManager=editor",
				"application/strategic-merge-patch+json",
				"{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\"}]}}}}");
		JsonNode managed = this.http.get("/apis/apps/v1/namespaces/default/deployments/web").json().get("metadata")
			.get("managedFields");
		JsonNode editor = managed.get(1);
		assertThat(editor.get("manager").asString()).isEqualTo("editor");
		JsonNode item = editor.get("fieldsV1").get("f:spec").get("f:template").get("f:spec").get("f:containers")
			.get("k:{\"name\":\"app\"}");
		assertThat(item.propertyNames()).containsExactly("f:image");
	}

	@Test
	void onlyTheActingManagersTimeChanges() throws Exception {
		this.http.post("/api/v1/namespaces/default/configmaps?fieldManager=creator",
				"{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"b\"}}");
		String created = this.http.get("/api/v1/namespaces/default/configmaps/c").json().get("metadata")
			.get("managedFields").get(0).get("time").asString();
		// Times have a resolution of one second: wait for the next second, so a rewritten time would show.
		Instant next = Instant.parse(created).plus(1, ChronoUnit.SECONDS);
		while (Instant.now().isBefore(next)) {
			Thread.sleep(50);
		}
		this.http.patch("/api/v1/namespaces/default/configmaps/c?fieldManager=annotator",
				"application/merge-patch+json", "{\"metadata\":{\"annotations\":{\"note\":\"x\"}}}");
		JsonNode managed = this.http.get("/api/v1/namespaces/default/configmaps/c").json().get("metadata")
			.get("managedFields");
		assertThat(managed.get(0).get("manager").asString()).isEqualTo("creator");
		assertThat(managed.get(0).get("time").asString()).isEqualTo(created);
		assertThat(managed.get(1).get("manager").asString()).isEqualTo("annotator");
		assertThat(managed.get(1).get("time").asString()).isNotEqualTo(created);
	}

	@Test
	void removingTheLastAnnotationLeavesNoEmptyMap() {
		this.http.post("/api/v1/namespaces/default/configmaps",
				"{\"metadata\":{\"name\":\"c\",\"annotations\":{\"note\":\"x\"}}}");
		JsonNode patched = this.http.patch("/api/v1/namespaces/default/configmaps/c", "application/merge-patch+json",
				"{\"metadata\":{\"annotations\":{\"note\":null}}}").json();
		assertThat(patched.get("metadata").has("annotations")).isFalse();
	}

	@Test
	void kubectlSeesOneConflictAndNoEmptyAnnotations() throws Exception {
		assumeTrue(Kubectl.installed(), "kubectl is not on the PATH");
		Kubectl kubectl = new Kubectl(this.server, this.home);
		kubectl.ok("apply", "--server-side", "--field-manager=first", "-f", kubectl.file("d.yaml", DEPLOYMENT).toString());
		Kubectl.Result conflict = kubectl.fails("apply", "--server-side", "--field-manager=second", "-f",
				kubectl.file("d2.yaml", DEPLOYMENT.replace("nginx:1", "nginx:2")).toString());
		assertThat(conflict.stderr()).contains("Apply failed with 1 conflict: conflict with \"first\" using apps/v1: "
				+ ".spec.template.spec.containers[name=\"app\"].image");
		kubectl.ok("annotate", "deployment", "web", "note=hello");
		kubectl.ok("annotate", "deployment", "web", "note-");
		JsonNode metadata = kubectl.ok("get", "deployment", "web", "-o", "json").json().get("metadata");
		assertThat(metadata.has("annotations")).isFalse();
	}

}
