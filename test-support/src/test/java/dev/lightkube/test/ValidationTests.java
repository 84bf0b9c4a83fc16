package dev.lightkube.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation, decoding ({@code fieldValidation}, type errors) and defaulting of the built-in kinds, with the
 * API server's {@code Status} answers.
 */
@KubeApiServerTest(resetAfterEach = true)
class ValidationTests {

	private static final String CM = "/api/v1/namespaces/default/configmaps";

	private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

	private final Http http;

	ValidationTests(KubeApiServer server) {
		this.http = new Http(server);
	}

	@Test
	void deploymentWithoutSelectorIsInvalidWithTheServersStatus() {
		Http.Response response = this.http.post(DEPLOYMENTS, "{\"metadata\":{\"name\":\"broken\"},\"spec\":{"
				+ "\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"a\","
				+ "\"image\":\"nginx\"}]}}}}");
		assertThat(response.status()).isEqualTo(422);
		JsonNode status = response.json();
		assertThat(status.get("reason").asString()).isEqualTo("Invalid");
		assertThat(status.get("message").asString())
			.isEqualTo("Deployment.apps \"broken\" is invalid: spec.selector: Required value");
		JsonNode details = status.get("details");
		assertThat(details.get("name").asString()).isEqualTo("broken");
		assertThat(details.get("group").asString()).isEqualTo("apps");
		assertThat(details.get("kind").asString()).isEqualTo("Deployment");
		JsonNode cause = details.get("causes").get(0);
		assertThat(cause.get("reason").asString()).isEqualTo("FieldValueRequired");
		assertThat(cause.get("message").asString()).isEqualTo("Required value");
		assertThat(cause.get("field").asString()).isEqualTo("spec.selector");
		assertThat(this.http.get(DEPLOYMENTS + "/broken").status()).isEqualTo(404);
	}

	@Test
	void selectorMustMatchTemplateLabelsAndSeveralCausesAreListed() {
		Http.Response response = this.http.post(DEPLOYMENTS, "{\"metadata\":{\"name\":\"web\"},\"spec\":{"
				+ "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":"
				+ "{\"app\":\"other\"}},\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}");
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().get("message").asString()).isEqualTo("Deployment.apps \"web\" is invalid: ["
				+ "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does "
				+ "not match template `labels`, spec.template.spec.containers[0].image: Required value]");
		assertThat(response.json().get("details").get("causes").findValuesAsString("field"))
			.containsExactly("spec.template.metadata.labels", "spec.template.spec.containers[0].image");
	}

	@Test
	void namesFollowTheirKindsFormat() {
		Http.Response configMap = this.http.post(CM, "{\"metadata\":{\"name\":\"Bad_Name\"}}");
		assertThat(configMap.status()).isEqualTo(422);
		assertThat(configMap.json().get("message").asString()).startsWith("ConfigMap \"Bad_Name\" is invalid: "
				+ "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of");
		assertThat(this.http.post(CM, "{\"metadata\":{\"name\":\"a.b\"}}").status()).isEqualTo(201);
		Http.Response namespace = this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"a.b\"}}");
		assertThat(namespace.json().get("message").asString()).contains("a lowercase RFC 1123 label must consist of");
		Http.Response service = this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"1web\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
		assertThat(service.json().get("message").asString()).contains("a DNS-1035 label must consist of");
	}

	@Test
	void labelAndAnnotationKeysAreQualifiedNames() {
		Http.Response label = this.http.post(CM, "{\"metadata\":{\"name\":\"a\",\"labels\":{\"bad key\":\"x\"}}}");
		assertThat(label.status()).isEqualTo(422);
		assertThat(label.json().get("details").get("causes").get(0).get("field").asString())
			.isEqualTo("metadata.labels");
		assertThat(label.json().get("message").asString())
			.contains("metadata.labels: Invalid value: \"bad key\": name part must consist of");
		Http.Response value = this.http.post(CM, "{\"metadata\":{\"name\":\"a\",\"labels\":{\"k\":\"-x\"}}}");
		assertThat(value.json().get("message").asString()).contains("a valid label must be an empty string");
		Http.Response annotation = this.http.post(CM,
				"{\"metadata\":{\"name\":\"a\",\"annotations\":{\"example.com/\":\"x\"}}}");
		assertThat(annotation.json().get("message").asString()).contains("name part must be non-empty");
		assertThat(this.http.post(CM, "{\"metadata\":{\"name\":\"a\",\"labels\":{\"example.com/k\":\"v_1\"}}}")
			.status()).isEqualTo(201);
	}

	@Test
	void podsNeedContainersAndServicesNeedPorts() {
		Http.Response pod = this.http.post("/api/v1/namespaces/default/pods",
				"{\"metadata\":{\"name\":\"p\"},\"spec\":{}}");
		assertThat(pod.json().get("message").asString())
			.isEqualTo("Pod \"p\" is invalid: spec.containers: Required value");
		Http.Response service = this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"s\"},\"spec\":{}}");
		assertThat(service.json().get("message").asString())
			.isEqualTo("Service \"s\" is invalid: spec.ports: Required value");
		Http.Response twoPorts = this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80},{\"port\":70000,\"name\":\"b\"}]}}");
		assertThat(twoPorts.json().get("details").get("causes").findValuesAsString("field"))
			.containsExactly("spec.ports[0].name", "spec.ports[1].port", "spec.ports[1].targetPort");
	}

	@Test
	void typeErrorsAreBadRequests() {
		Http.Response response = this.http.post(DEPLOYMENTS,
				CrudTests.deployment("two", 1).replace("\"replicas\":1", "\"replicas\":\"two\""));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("reason").asString()).isEqualTo("BadRequest");
		assertThat(response.json().get("message").asString())
			.isEqualTo("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string "
					+ "into Go struct field DeploymentSpec.spec.replicas of type int32");
	}

	@Test
	void fieldValidationStrictWarnAndIgnore() {
		String body = "{\"metadata\":{\"name\":\"a\"},\"bogus\":1,\"data\":{\"k\":\"v\"}}";
		Http.Response strict = this.http.post(CM + "?fieldValidation=Strict", body);
		assertThat(strict.status()).isEqualTo(400);
		assertThat(strict.json().get("message").asString()).isEqualTo(
				"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"bogus\"");
		Http.Response warn = this.http.post(CM + "?fieldValidation=Warn", body);
		assertThat(warn.status()).isEqualTo(201);
		assertThat(warn.raw().headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"bogus\\\"\"");
		assertThat(warn.json().has("bogus")).as("unknown fields are dropped").isFalse();
		Http.Response ignore = this.http.post(CM + "?fieldValidation=Ignore",
				body.replace("\"a\"", "\"b\"").replace("\"bogus\"", "\"spec\""));
		assertThat(ignore.status()).isEqualTo(201);
		assertThat(ignore.raw().headers().allValues("Warning")).isEmpty();
		Http.Response nested = this.http.post(DEPLOYMENTS + "?fieldValidation=Strict",
				CrudTests.deployment("web", 1).replace("\"replicas\"", "\"bogus\":true,\"replicas\""));
		assertThat(nested.json().get("message").asString()).endsWith("unknown field \"spec.bogus\"");
		assertThat(this.http.post(CM + "?fieldValidation=Sometimes", body).status()).isEqualTo(400);
	}

	@Test
	void immutableFields() {
		this.http.post(DEPLOYMENTS, CrudTests.deployment("web", 1));
		Http.Response selector = this.http.patch(DEPLOYMENTS + "/web", "application/merge-patch+json",
				"{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\",\"x\":\"y\"}},\"template\":{\"metadata\":"
						+ "{\"labels\":{\"app\":\"web\",\"x\":\"y\"}}}}}");
		assertThat(selector.status()).isEqualTo(422);
		assertThat(selector.json().get("message").asString()).isEqualTo("Deployment.apps \"web\" is invalid: "
				+ "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", "
				+ "\"x\":\"y\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
		this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
		Http.Response clusterIp = this.http.patch("/api/v1/namespaces/default/services/s",
				"application/merge-patch+json", "{\"spec\":{\"clusterIP\":\"10.96.9.9\"}}");
		assertThat(clusterIp.json().get("message").asString()).isEqualTo("Service \"s\" is invalid: "
				+ "spec.clusterIPs[0]: Invalid value: []string{\"10.96.9.9\"}: may not change once set");
		this.http.post("/apis/batch/v1/namespaces/default/jobs", "{\"metadata\":{\"name\":\"j\"},\"spec\":{\"template\":"
				+ "{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}}}");
		Http.Response job = this.http.patch("/apis/batch/v1/namespaces/default/jobs/j", "application/merge-patch+json",
				"{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"OnFailure\"}}}}");
		assertThat(job.json().get("details").get("causes").get(0).get("field").asString()).isEqualTo("spec.template");
		this.http.post(CM, "{\"metadata\":{\"name\":\"frozen\"},\"immutable\":true,\"data\":{\"k\":\"v\"}}");
		Http.Response frozen = this.http.patch(CM + "/frozen", "application/merge-patch+json",
				"{\"data\":{\"k\":\"w\"}}");
		assertThat(frozen.json().get("message").asString())
			.isEqualTo("ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
		Http.Response thawed = this.http.patch(CM + "/frozen", "application/merge-patch+json", "{\"immutable\":false}");
		assertThat(thawed.status()).isEqualTo(422);
		this.http.post("/api/v1/namespaces/default/pods", CrudTests.pod("p", "Pending"));
		Http.Response image = this.http.patch("/api/v1/namespaces/default/pods/p", "application/strategic-merge-patch+json",
				"{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\"}]}}");
		assertThat(image.status()).as("a pod's images may change").isEqualTo(200);
		Http.Response podSpec = this.http.patch("/api/v1/namespaces/default/pods/p",
				"application/merge-patch+json", "{\"spec\":{\"nodeName\":\"elsewhere\"}}");
		assertThat(podSpec.status()).isEqualTo(422);
		assertThat(podSpec.json().get("message").asString())
			.startsWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than");
	}

	@Test
	void defaultsOfDeploymentsPodsAndServices() {
		JsonNode deployment = this.http.post(DEPLOYMENTS, CrudTests.deployment("web", 1)).json().get("spec");
		assertThat(deployment.get("strategy").toString())
			.isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}");
		assertThat(deployment.get("revisionHistoryLimit").asInt()).isEqualTo(10);
		assertThat(deployment.get("progressDeadlineSeconds").asInt()).isEqualTo(600);
		JsonNode pod = this.http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"p\"},\"spec\":"
				+ "{\"containers\":[{\"name\":\"a\",\"image\":\"nginx\"},{\"name\":\"b\",\"image\":\"nginx:1.27\"},"
				+ "{\"name\":\"c\",\"image\":\"nginx:latest\"}]}}").json().get("spec");
		assertThat(pod.get("containers").findValuesAsString("imagePullPolicy"))
			.containsExactly("Always", "IfNotPresent", "Always");
		JsonNode container = pod.get("containers").get(0);
		assertThat(container.get("terminationMessagePath").asString()).isEqualTo("/dev/termination-log");
		assertThat(container.get("terminationMessagePolicy").asString()).isEqualTo("File");
		assertThat(pod.get("restartPolicy").asString()).isEqualTo("Always");
		assertThat(pod.get("dnsPolicy").asString()).isEqualTo("ClusterFirst");
		assertThat(pod.get("schedulerName").asString()).isEqualTo("default-scheduler");
		assertThat(pod.get("securityContext").isEmpty()).isTrue();
		assertThat(pod.get("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
		JsonNode service = this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80}]}}").json().get("spec");
		assertThat(service.get("ports").get(0).toString())
			.isEqualTo("{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}");
		assertThat(service.get("type").asString()).isEqualTo("ClusterIP");
		assertThat(service.get("sessionAffinity").asString()).isEqualTo("None");
		assertThat(service.get("clusterIP").asString()).startsWith("10.96.");
		assertThat(service.get("clusterIPs").get(0).asString()).isEqualTo(service.get("clusterIP").asString());
		assertThat(service.get("ipFamilies").get(0).asString()).isEqualTo("IPv4");
		assertThat(service.get("ipFamilyPolicy").asString()).isEqualTo("SingleStack");
		assertThat(service.get("internalTrafficPolicy").asString()).isEqualTo("Cluster");
		JsonNode replaced = this.http.put("/api/v1/namespaces/default/services/s",
				"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":81}]}}").json().get("spec");
		assertThat(replaced.get("clusterIP").asString()).as("kept on update").isEqualTo(service.get("clusterIP").asString());
	}

	@Test
	void valuesWithTheirOwnJsonFormAreNotTypeErrors() {
		String crd = """
				{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
				 "metadata":{"name":"widgets.example.com"},
				 "spec":{"group":"example.com","scope":"Namespaced",
				  "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
				  "versions":[{"name":"v1","served":true,"storage":true,
				   "schema":{"openAPIV3Schema":{"type":"object","additionalProperties":false,"properties":{
				    "spec":{"type":"object","default":{"size":1},"additionalProperties":{"type":"string"}}}}}}]}}""";
		Http.Response response = this.http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
				+ "?fieldValidation=Strict", crd);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		Http.Response widget = this.http.post("/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict",
				"{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
						+ "\"anything\":{\"goes\":1}}");
		assertThat(widget.status()).as("custom resources have no schema here").isEqualTo(201);
	}

	@Test
	void serviceFieldSelectors() {
		this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"a\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
		this.http.post("/api/v1/namespaces/default/services",
				"{\"metadata\":{\"name\":\"b\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}}");
		assertThat(Http.names(this.http.get("/api/v1/namespaces/default/services?fieldSelector=spec.type%3DNodePort")
			.json())).containsExactly("b");
		String ip = this.http.get("/api/v1/namespaces/default/services/a").json().get("spec").get("clusterIP").asString();
		assertThat(Http.names(this.http.get("/api/v1/namespaces/default/services?fieldSelector=spec.clusterIP%3D" + ip)
			.json())).containsExactly("a");
	}

	@Test
	void manyCreatesWithOneGenerateNameAllSucceed() {
		// Over HTTP; internal.GenerateNameTests makes generated names collide on purpose.
		for (int i = 0; i < 300; i++) {
			Http.Response response = this.http.post(CM, "{\"metadata\":{\"generateName\":\"x-\"}}");
			assertThat(response.status()).as(response.body()).isEqualTo(201);
		}
		assertThat(this.http.get(CM).json().get("items")).hasSize(300);
	}

}
