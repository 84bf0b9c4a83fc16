package dev.lightkube.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom resource definitions create served kinds, with discovery, status and scale.
 */
@KubeApiServerTest(resetAfterEach = true)
class CustomResourceTests {

	private final Http http;

	CustomResourceTests(KubeApiServer server) {
		this.http = new Http(server);
	}

	static JsonNode createWidgetDefinition(Http http) {
		Http.Response response = http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
				{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
				 "metadata":{"name":"widgets.example.com"},
				 "spec":{"group":"example.com","scope":"Namespaced",
				   "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
				   "versions":[{"name":"v1","served":true,"storage":true,
				     "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
				     "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas",
				       "statusReplicasPath":".status.replicas"}}}]}}
				""");
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	@Test
	void definitionIsEstablishedAndServed() {
		JsonNode definition = createWidgetDefinition(this.http);
		assertThat(definition.get("status").get("conditions").findValuesAsString("type")).contains("Established");
		JsonNode resources = this.http.get("/apis/example.com/v1").json();
		assertThat(resources.get("resources").findValuesAsString("name")).contains("widgets", "widgets/status",
				"widgets/scale");
		assertThat(this.http.get("/apis").json().get("groups").findValuesAsString("name")).contains("example.com");
		Http.Response created = this.http.post("/apis/example.com/v1/namespaces/default/widgets",
				"{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"replicas\":2}}");
		assertThat(created.status()).isEqualTo(201);
		JsonNode list = this.http.get("/apis/example.com/v1/namespaces/default/widgets").json();
		assertThat(list.get("kind").asString()).isEqualTo("WidgetList");
		assertThat(list.get("items").get(0).get("kind").asString()).isEqualTo("Widget");
		JsonNode scale = this.http.get("/apis/example.com/v1/namespaces/default/widgets/w/scale").json();
		assertThat(scale.get("spec").get("replicas").asInt()).isEqualTo(2);
	}

	@Test
	void deletingTheDefinitionRemovesTheKind() {
		createWidgetDefinition(this.http);
		this.http.post("/apis/example.com/v1/namespaces/default/widgets",
				"{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}");
		this.http.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
		assertThat(this.http.get("/apis/example.com/v1/namespaces/default/widgets").status()).isEqualTo(404);
		assertThat(this.http.get("/apis/example.com/v1").status()).isEqualTo(404);
	}

	@Test
	void deletingTheDefinitionEndsWatchesOfTheKind() {
		createWidgetDefinition(this.http);
		this.http.post("/apis/example.com/v1/namespaces/default/widgets",
				"{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}");
		try (WatchTests.Events events = new WatchTests.Events(
				this.http.stream("/apis/example.com/v1/widgets?watch=true"))) {
			assertThat(events.next().get("type").asString()).isEqualTo("ADDED");
			this.http.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
			assertThat(events.next().get("type").asString()).isEqualTo("DELETED");
			assertThat(events.next().get("type").asString()).isEqualTo("END");
		}
	}

	@Test
	void clusterScopedDefinition() {
		this.http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
				{"metadata":{"name":"gadgets.example.com"},
				 "spec":{"group":"example.com","scope":"Cluster","names":{"plural":"gadgets","kind":"Gadget"},
				   "versions":[{"name":"v1","served":true,"storage":true}]}}
				""");
		assertThat(this.http.post("/apis/example.com/v1/gadgets", "{\"metadata\":{\"name\":\"g\"}}").status())
			.isEqualTo(201);
		assertThat(this.http.get("/apis/example.com/v1/gadgets/g").json().get("apiVersion").asString())
			.isEqualTo("example.com/v1");
	}

}
