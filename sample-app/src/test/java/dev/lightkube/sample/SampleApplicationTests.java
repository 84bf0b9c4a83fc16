package dev.lightkube.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample app as a user runs it, on the embedded API server (forced, so a kubeconfig on the machine does not
 * matter) with the simulator's schedule off: the tests step it themselves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded=true", "sample.simulator.enabled=false" })
class SampleApplicationTests {

	/** Only a guard against hanging: every wait ends as soon as its condition holds. */
	private static final Duration GUARD = Duration.ofSeconds(30);

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ClusterSimulator simulator;

	@Test
	void listsPodsOptionallyByLabels() {
		Response all = get("/pods");
		assertThat(all.code()).isEqualTo(200);
		assertThat(names(all.json())).containsExactly("db-0", "web-0", "web-1", "web-2", "web-3");

		Response web = get("/pods?labels=" + URLEncoder.encode("app=web", StandardCharsets.UTF_8));
		assertThat(web.code()).isEqualTo(200);
		assertThat(names(web.json())).containsExactly("web-0", "web-1", "web-2", "web-3");
		web.json().forEach((pod) -> assertThat(pod.at("/labels/app").asString()).isEqualTo("web"));

		assertThat(names(get("/pods?labels=app!=web").json())).containsExactly("db-0");
		assertThat(names(get("/pods?labels=" + URLEncoder.encode("app in (db,cache)", StandardCharsets.UTF_8)).json()))
			.containsExactly("db-0");
	}

	@Test
	void unreadableLabelSelectorIsBadRequest() {
		Response response = get("/pods?labels=" + URLEncoder.encode("app in web", StandardCharsets.UTF_8));
		assertThat(response.code()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).contains("Selector 'app in web' cannot be read");
	}

	@Test
	void getsOnePod() {
		Response response = get("/pods/db-0");
		assertThat(response.code()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(
				"{\"name\":\"db-0\",\"namespace\":\"demo\",\"phase\":\"Running\",\"labels\":{\"app\":\"db\"}}");
	}

	@Test
	void missingPodIsTheApiServersNotFound() {
		Response response = get("/pods/missing");
		assertThat(response.code()).isEqualTo(404);
		assertThat(response.json().get("code").asInt()).isEqualTo(404);
		assertThat(response.json().get("reason").asString()).isEqualTo("NotFound");
		assertThat(response.json().get("message").asString()).isEqualTo("pods \"missing\" not found");
	}

	@Test
	void readsPodLog() {
		Response log = get("/pods/db-0/log");
		assertThat(log.code()).isEqualTo(200);
		assertThat(log.contentType()).startsWith("text/plain");
		assertThat(log.body().lines().toList()).hasSize(2)
			.satisfiesExactly((line) -> assertThat(line).endsWith(" starting db-0"),
					(line) -> assertThat(line).endsWith(" listening on :5432"));
		assertThat(get("/pods/db-0/log?tail=1").body().lines().toList()).singleElement()
			.satisfies((line) -> assertThat(line).endsWith(" listening on :5432"));
		assertThat(get("/pods/missing/log").code()).isEqualTo(404);
	}

	@Test
	void appliesAndDeletesConfigMaps() {
		Response created = put("/configmaps/tour", "application/yaml", """
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  labels: {app: web}
				data:
				  motd: hello
				""");
		assertThat(created.code()).isEqualTo(200);
		assertThat(created.json().get("name").asString()).isEqualTo("tour");
		assertThat(created.json().get("namespace").asString()).isEqualTo("demo");
		assertThat(created.json().get("labels").toString()).isEqualTo("{\"app\":\"web\"}");
		assertThat(created.json().get("data").toString()).isEqualTo("{\"motd\":\"hello\"}");

		Response updated = put("/configmaps/tour", "application/json", """
				{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tour", "labels": {"app": "web"}},
				 "data": {"motd": "hello again"}}
				""");
		assertThat(updated.code()).isEqualTo(200);
		assertThat(updated.json().get("data").toString()).isEqualTo("{\"motd\":\"hello again\"}");
		assertThat(updated.json().get("resourceVersion").asString())
			.isNotEqualTo(created.json().get("resourceVersion").asString());
		await(() -> get("/configmaps/watched").json().path("tour").asString(), "MODIFIED"::equals);

		Response deleted = send(request("/configmaps/tour").DELETE());
		assertThat(deleted.code()).isEqualTo(200);
		assertThat(deleted.body())
			.isEqualTo("{\"kind\":\"ConfigMap\",\"name\":\"tour\",\"namespace\":\"demo\",\"status\":\"Success\"}");
		await(() -> get("/configmaps/watched").json().path("tour").asString(), "DELETED"::equals);

		Response again = send(request("/configmaps/tour").DELETE());
		assertThat(again.code()).isEqualTo(404);
		assertThat(again.json().get("message").asString()).isEqualTo("configmaps \"tour\" not found");
	}

	@Test
	void refusesBodiesThatAreNotTheNamedConfigMap() {
		Response pod = put("/configmaps/x", "application/json",
				"{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"x\"}}");
		assertThat(pod.code()).isEqualTo(400);
		assertThat(pod.json().get("message").asString()).contains("exactly one ConfigMap", "[Pod]");

		Response otherName = put("/configmaps/x", "application/yaml",
				"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n");
		assertThat(otherName.code()).isEqualTo(400);
		assertThat(otherName.json().get("message").asString())
			.isEqualTo("metadata.name 'y' in the body differs from 'x' in the path");

		Response notYaml = put("/configmaps/x", "application/yaml", "data: [unclosed");
		assertThat(notYaml.code()).isEqualTo(400);
	}

	@Test
	void configMapListenerReceivesTheLabelledOnesOnly() {
		assertThat(put("/configmaps/unlabelled-probe", "application/yaml",
				"apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n").code()).isEqualTo(200);
		assertThat(put("/configmaps/labelled-probe", "application/yaml",
				"apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {app: web}}\ndata: {a: b}\n").code())
			.isEqualTo(200);
		// The labelled probe was written after the unlabelled one: had the listener matched both, it saw both by now.
		JsonNode watched = await(() -> get("/configmaps/watched").json(), (seen) -> seen.has("labelled-probe"));
		assertThat(watched.propertyNames()).contains("web-flags", "web-settings", "labelled-probe")
			.doesNotContain("db-settings", "cluster-info", "unlabelled-probe");
	}

	@Test
	void podListenerCountsPodsByPhaseAsTheSimulatorChangesThem() {
		// Seeded: four running, web-3 pending. Only this test steps the simulator.
		await(this::phases, Map.of("Pending", 1, "Running", 4)::equals);
		this.simulator.step();
		await(this::phases, Map.of("Pending", 2, "Running", 3)::equals);
		assertThat(get("/pods/web-0").json().get("phase").asString()).isEqualTo("Pending");
		this.simulator.step();
		await(this::phases, Map.of("Running", 5)::equals);
		this.simulator.step();
		await(() -> get("/configmaps/watched").json().path("web-settings").asString(), "MODIFIED"::equals);
	}

	@Test
	void healthIsUpWithKubeDetails() {
		Response health = get("/actuator/health");
		assertThat(health.code()).isEqualTo(200);
		JsonNode kube = health.json().at("/components/kube");
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
		assertThat(kube.get("status").asString()).isEqualTo("UP");
		assertThat(kube.at("/details/server").asString()).startsWith("http://127.0.0.1:");
		assertThat(kube.at("/details/namespace").asString()).isEqualTo("demo");
		assertThat(kube.at("/details/serverVersion").asString()).isNotBlank();
		assertThat(kube.at("/details/listeners").propertyNames()).contains("podPhaseListener.onPod",
				"configMapListener.onConfigMap");
	}

	@Test
	void exposesClientMetrics() {
		assertThat(get("/pods").code()).isEqualTo(200);
		Response metric = get("/actuator/metrics/kube.client.requests");
		assertThat(metric.code()).isEqualTo(200);
		assertThat(metric.json().get("name").asString()).isEqualTo("kube.client.requests");
		assertThat(metric.json().at("/measurements/0/value").asDouble()).isPositive();

		Response prometheus = get("/actuator/prometheus");
		assertThat(prometheus.code()).isEqualTo(200);
		assertThat(prometheus.body()).contains("kube_client_requests_seconds_count{");
	}

	private Map<String, Integer> phases() {
		Map<String, Integer> phases = new TreeMap<>();
		get("/pods/phases").json()
			.properties()
			.forEach((entry) -> phases.put(entry.getKey(), entry.getValue().asInt()));
		return phases;
	}

	/** Polls until {@code done}; the guard only stops a hang, and the last value is then asserted. */
	@Test
	void leadsItsLeaseAloneAndRunsTheLeaderOnlyListener() {
		JsonNode leader = await(() -> get("/leader").json(), (answer) -> answer.path("leading").asBoolean());
		assertThat(leader.get("lease").asString()).isEqualTo("demo/lightkube-sample");
		assertThat(leader.get("leader").asString()).isEqualTo(leader.get("identity").asString());
		await(() -> get("/leader").json().path("leaderPodEvents").asLong(), (events) -> events > 0);
		JsonNode health = await(() -> get("/actuator/health").json(),
				(answer) -> answer.at("/components/kube/details/leaderElection/leading").asBoolean());
		assertThat(health.at("/components/kube/details/leaderElection/holder").asString())
			.isEqualTo(leader.get("identity").asString());
	}

	private static <T> T await(Supplier<T> value, Predicate<T> done) {
		long end = System.nanoTime() + GUARD.toNanos();
		T current = value.get();
		while (!done.test(current) && System.nanoTime() < end) {
			sleep();
			current = value.get();
		}
		assertThat(current).matches(done, "the awaited condition");
		return current;
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> names(JsonNode pods) {
		List<String> names = new ArrayList<>();
		pods.forEach((pod) -> names.add(pod.get("name").asString()));
		return names.stream().sorted().toList();
	}

	private Response get(String path) {
		return send(request(path).GET());
	}

	private Response put(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(GUARD);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Response(int code, String contentType, String body) {

		JsonNode json() {
			return SampleApplicationTests.json.readTree(this.body);
		}

	}

}
