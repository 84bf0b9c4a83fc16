package dev.lightkube.test;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What kubectl prints against the server: validation errors, field validation, defaults and table columns, as
 * against a real API server. Skipped where kubectl is not installed.
 */
@KubeApiServerTest(resetAfterEach = true)
class KubectlValidationAndOutputTests {

	private final KubeApiServer server;

	@TempDir
	Path home;

	KubectlValidationAndOutputTests(KubeApiServer server) {
		this.server = server;
	}

	@BeforeAll
	static void kubectlInstalled() {
		assumeTrue(Kubectl.installed(), "kubectl is not on the PATH");
	}

	private Kubectl kubectl() {
		return new Kubectl(this.server, this.home);
	}

	@Test
	void invalidObjectsAreRefusedWithTheServersMessages() throws Exception {
		Kubectl kubectl = kubectl();
		Path broken = kubectl.file("broken.yaml", """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: broken
				spec:
				  template:
				    metadata:
				      labels: {app: x}
				    spec:
				      containers: [{name: a, image: nginx}]
				""");
		assertThat(kubectl.fails("apply", "-f", broken.toString()).stderr())
			.contains("The Deployment \"broken\" is invalid: spec.selector: Required value");
		assertThat(kubectl.fails("create", "configmap", "Bad_Name").stderr()).contains(
				"ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 "
						+ "subdomain must consist of");
		Path pod = kubectl.file("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n");
		assertThat(kubectl.fails("create", "-f", pod.toString()).stderr())
			.contains("The Pod \"p\" is invalid: spec.containers: Required value");
		kubectl.ok("create", "configmap", "c");
		assertThat(kubectl.fails("label", "configmap", "c", "bad key=1").stderr())
			.contains("metadata.labels: Invalid value: \"bad key\"");
		Path two = kubectl.file("two.yaml", """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: two
				spec:
				  replicas: two
				  selector: {matchLabels: {app: x}}
				  template:
				    metadata:
				      labels: {app: x}
				    spec:
				      containers: [{name: a, image: nginx}]
				""");
		assertThat(kubectl.fails("apply", "-f", two.toString()).stderr()).contains("Error from server (BadRequest)")
			.contains("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
	}

	@Test
	void immutableFieldsAreRefused() throws Exception {
		Kubectl kubectl = kubectl();
		kubectl.ok("create", "service", "clusterip", "web", "--tcp=80:8080");
		assertThat(kubectl.fails("patch", "service", "web", "-p", "{\"spec\":{\"clusterIP\":\"10.96.9.9\"}}").stderr())
			.contains("The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.9.9\"}: "
					+ "may not change once set");
		kubectl.ok("create", "configmap", "frozen", "--from-literal=a=b");
		kubectl.ok("patch", "configmap", "frozen", "-p", "{\"immutable\":true}");
		assertThat(kubectl.fails("patch", "configmap", "frozen", "-p", "{\"data\":{\"a\":\"c\"}}").stderr())
			.contains("data: Forbidden: field is immutable when `immutable` is set");
	}

	@Test
	void unknownFieldsFailWithStrictValidationAndWarnOtherwise() throws Exception {
		Kubectl kubectl = kubectl();
		Path bogus = kubectl.file("bogus.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbogus: 1\n");
		assertThat(kubectl.fails("create", "-f", bogus.toString()).stderr())
			.contains("strict decoding error: unknown field \"bogus\"");
		Kubectl.Result warned = kubectl.ok("create", "-f", bogus.toString(), "--validate=warn");
		assertThat(warned.stderr()).contains("Warning: unknown field \"bogus\"");
		assertThat(kubectl.ok("get", "configmap", "c", "-o", "json").json().has("bogus")).isFalse();
	}

	@Test
	void defaultsShowInYaml() throws Exception {
		Kubectl kubectl = kubectl();
		kubectl.ok("create", "deployment", "web", "--image=nginx:1.27");
		JsonNode spec = kubectl.ok("get", "deployment", "web", "-o", "json").json().get("spec");
		assertThat(spec.get("strategy").get("rollingUpdate").get("maxSurge").asString()).isEqualTo("25%");
		assertThat(spec.get("revisionHistoryLimit").asInt()).isEqualTo(10);
		JsonNode container = spec.get("template").get("spec").get("containers").get(0);
		assertThat(container.get("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
		assertThat(container.get("terminationMessagePath").asString()).isEqualTo("/dev/termination-log");
		assertThat(spec.get("template").get("spec").get("schedulerName").asString()).isEqualTo("default-scheduler");
	}

	@Test
	void tablesHaveEachKindsColumns() throws Exception {
		Kubectl kubectl = kubectl();
		kubectl.ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2");
		kubectl.ok("create", "service", "clusterip", "web", "--tcp=80:8080");
		kubectl.ok("create", "configmap", "c", "--from-literal=a=b", "--from-literal=c=d");
		kubectl.ok("create", "secret", "generic", "s", "--from-literal=a=b");
		kubectl.ok("run", "p", "--image=nginx");
		assertThat(kubectl.ok("get", "namespaces").stdout()).startsWith("NAME").contains("STATUS")
			.containsPattern("default\\s+Active");
		assertThat(kubectl.ok("get", "deployments").stdout())
			.containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\n").containsPattern("web\\s+0/2\\s+0\\s+0");
		assertThat(kubectl.ok("get", "deployments", "-o", "wide").stdout())
			.containsPattern("AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR\n")
			.containsPattern("nginx\\s+nginx:1.27\\s+app=web");
		assertThat(kubectl.ok("get", "services").stdout())
			.containsPattern("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE\n")
			.containsPattern("web\\s+ClusterIP\\s+10\\.96\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP");
		assertThat(kubectl.ok("get", "pods").stdout()).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\n")
			.containsPattern("p\\s+0/1\\s+Pending\\s+0");
		assertThat(kubectl.ok("get", "configmaps").stdout()).containsPattern("NAME\\s+DATA\\s+AGE\n")
			.containsPattern("c\\s+2");
		assertThat(kubectl.ok("get", "secrets").stdout()).containsPattern("NAME\\s+TYPE\\s+DATA\\s+AGE\n")
			.containsPattern("s\\s+Opaque\\s+1");
		Path replicaSet = kubectl.file("rs.yaml", """
				apiVersion: apps/v1
				kind: ReplicaSet
				metadata:
				  name: rs
				spec:
				  replicas: 3
				  selector: {matchLabels: {app: rs}}
				  template:
				    metadata:
				      labels: {app: rs}
				    spec:
				      containers: [{name: a, image: nginx}]
				""");
		kubectl.ok("create", "-f", replicaSet.toString());
		assertThat(kubectl.ok("get", "replicasets").stdout())
			.containsPattern("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE\n").containsPattern("rs\\s+3\\s+0\\s+0");
	}

}
