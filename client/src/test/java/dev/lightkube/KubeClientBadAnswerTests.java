package dev.lightkube;

import static dev.lightkube.MisbehavingServer.head;
import static dev.lightkube.MisbehavingServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Answers a correct API server never sends, from a loopback server that misbehaves on purpose (as a broken proxy or
 * a buggy server might): each ends in a {@link KubeException} that says what was wrong, never in a wrong object, a
 * bare {@code NullPointerException} or {@code NumberFormatException}, or a call that does not return.
 */
class KubeClientBadAnswerTests {

	private static final String POD_PATH = "/api/v1/namespaces/default/pods/web";

	private static final String PODS_PATH = "/api/v1/namespaces/default/pods";

	private static final String CONFIG_MAP = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\"}}";

	private static KubeClientBuilder builder(MisbehavingServer server) {
		return KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(server.url()), User.ANONYMOUS, "default"))
			.maxRetries(2);
	}

	private static void chunk(OutputStream out, String data) throws IOException {
		byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
		out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.write(bytes);
		out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	private static void chunkedHead(OutputStream out) throws IOException {
		head(out, 200, "Content-Type: application/json\r\nTransfer-Encoding: chunked");
	}

	private static String event(String type, String name, String resourceVersion) {
		return "{\"type\":\"" + type + "\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
				+ name + "\",\"resourceVersion\":\"" + resourceVersion + "\"}}}\n";
	}

	/** Keeps the connection open until the client closes it or the test ends. */
	private static void hold() throws InterruptedException {
		Thread.sleep(60_000);
	}

	// wrong kind

	@Test
	void getAnsweredWithAnotherKindNamesBoth() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200, CONFIG_MAP));
				KubeClient client = builder(server).build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(Pod.class, "web"))
				.withMessage("The answer to get " + POD_PATH + " is of kind ConfigMap, expected Pod");
		}
	}

	@Test
	void getOfAGenericKindChecksTheKindButAcceptsAnAnswerWithoutOne() throws Exception {
		ResourceType<GenericKubernetesResource> crontabs = GenericResources.of("stable.example.com", "v1", "CronTab",
				"crontabs", true);
		AtomicInteger calls = new AtomicInteger();
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200,
				(calls.getAndIncrement() == 0) ? "{\"metadata\":{\"name\":\"a\"},\"spec\":{}}"
						: "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"no such\"}"));
				KubeClient client = builder(server).build()) {
			GenericKubernetesResource found = client.get(crontabs, "a", null);
			assertThat(found.getKind()).isEqualTo("CronTab");
			assertThat(found.getApiVersion()).isEqualTo("stable.example.com/v1");
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(crontabs, "a", null))
				.withMessage("The answer to get /apis/stable.example.com/v1/namespaces/default/crontabs/a is of kind "
						+ "Status, expected CronTab: no such");
		}
	}

	@Test
	void listWithAnItemOfAnotherKindFailsOnThatItem() throws Exception {
		String body = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":["
				+ "{\"metadata\":{\"name\":\"a\"}}," + CONFIG_MAP + "]}";
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200, body))) {
			for (boolean lazy : new boolean[] { true, false }) {
				try (KubeClient client = builder(server).lazy(lazy).build()) {
					List<String> names = new ArrayList<>();
					assertThatExceptionOfType(KubeException.class).as("lazy " + lazy)
						.isThrownBy(() -> client.list(Pod.class).forEach((pod) -> names.add(pod.getMetadata().getName())))
						.withMessage("The answer to list " + PODS_PATH + " (an item) is of kind ConfigMap, expected Pod");
					// a lazy list hands out the item before the wrong one (it has no kind: legal in a list)
					assertThat(names).isEqualTo(lazy ? List.of("a") : List.of());
				}
			}
		}
	}

	@Test
	void listOfAnotherKindFails() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200,
				"{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[" + CONFIG_MAP + "]}"));
				KubeClient client = builder(server).build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.listAll(Pod.class, ListOptions.defaults()))
				.withMessage("The answer to list " + PODS_PATH + " is a ConfigMapList, expected a PodList");
		}
	}

	// lists that are not lists

	@Test
	void listsThatAreNotListsFailNamingWhatWasWrong() throws Exception {
		Map<String, String> answers = Map.of(
				"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"etcdserver: "
						+ "request timed out\",\"reason\":\"InternalError\",\"code\":500}",
				"is a Status, not a list: InternalError: etcdserver: request timed out",
				"{\"kind\":\"PodList\",\"metadata\":{},\"items\":{\"a\":{\"metadata\":{\"name\":\"a\"}}}}",
				"is not a list: its 'items' is an object, not an array",
				"{\"kind\":\"PodList\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"a\"}},\"b\",3,{\"metadata\":{\"name\":\"d\"}}]}",
				"is not a list of objects: an item is a string, not an object");
		for (Map.Entry<String, String> answer : answers.entrySet()) {
			try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200, answer.getKey()));
					KubeClient client = builder(server).build()) {
				assertThatExceptionOfType(KubeException.class).as(answer.getKey())
					.isThrownBy(() -> client.listAll(Pod.class, ListOptions.defaults()))
					.withMessage("The answer to list " + PODS_PATH + " " + answer.getValue());
				assertThatExceptionOfType(KubeException.class).as(answer.getKey())
					.isThrownBy(() -> client.list(Pod.class).forEach((pod) -> {
					}))
					.withMessage("The answer to list " + PODS_PATH + " " + answer.getValue());
			}
		}
	}

	@Test
	void deletecollectionAnsweredWithNoListFails() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200,
				request.target().contains("/pods") ? "{\"kind\":\"PodList\",\"items\":{\"a\":{}}}"
						: "{\"kind\":\"ConfigMapList\",\"items\":[" + CONFIG_MAP + ",\"b\"]}"));
				KubeClient client = builder(server).build()) {
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.deletecollection(Pod.class, DeleteOptions.defaults()))
				.withMessage("The answer to deletecollection " + PODS_PATH + " is not a list: its 'items' is object");
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.deletecollection(ConfigMap.class, DeleteOptions.defaults()))
				.withMessage("The answer to deletecollection /api/v1/namespaces/default/configmaps is not a list of "
						+ "objects: an item is string");
		}
	}

	// null

	@Test
	void nullBodyIsAKubeExceptionNotANullPointerException() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200, "null"));
				KubeClient client = builder(server).fieldManager("me").build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(Pod.class, "web"))
				.withMessage("The answer to GET " + server.url() + POD_PATH + " is null: the API server (or a proxy "
						+ "before it) answered with status 2xx and no object");
			ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("web").endMetadata().build();
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.create(configMap))
				.withMessageContaining("is null");
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.delete(ConfigMap.class, "web"))
				.withMessageContaining("is null");
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.listAll(Pod.class, ListOptions.defaults()))
				.withMessageContaining("Expected a list object");
		}
	}

	// broken framing

	@Test
	void brokenChunkedFramingOnAGetIsAKubeException() throws Exception {
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			chunkedHead(out);
			out.write("zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}); KubeClient client = builder(server).build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(Pod.class, "web"))
				.withMessageStartingWith("Malformed HTTP answer to GET " + server.url() + POD_PATH
						+ " (broken framing, such as an invalid chunk size)")
				.withRootCauseInstanceOf(NumberFormatException.class);
			// a proxy that breaks the framing would break it again: not retried
			assertThat(server.requests()).hasSize(1);
		}
	}

	@Test
	void watchWhoseFramingBreaksIsAFailedStreamThatTheErrorPolicyResumes() throws Exception {
		// from version 10: one event, then a broken chunk; from 11: the next event
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			chunkedHead(out);
			if (request.target().contains("resourceVersion=10")) {
				chunk(out, event("ADDED", "a", "11"));
				out.write("not-hex\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			else {
				chunk(out, event("MODIFIED", "a", "12"));
			}
			hold();
		}); KubeClient client = builder(server).watchBackoff(Duration.ofMillis(1), Duration.ofMillis(10)).build()) {
			// the default policy raises (the event before the broken chunk may or may not get through first)
			try (WatchStream<Pod> events = client.watch(Pod.class, WatchOptions.defaults().withResourceVersion("10"))) {
				List<String> seen = new ArrayList<>();
				assertThatExceptionOfType(KubeException.class).isThrownBy(() -> events.forEach((event) -> seen
					.add(event.type() + " " + event.object().getMetadata().getResourceVersion())))
					.withMessageStartingWith("Malformed HTTP answer to GET " + server.url() + PODS_PATH)
					.withMessageContaining("Invalid character in chunk size");
				assertThat(seen).isSubsetOf("ADDED 11");
			}
			// retry resumes from the last version delivered
			WatchOptions retrying = WatchOptions.defaults().withResourceVersion("10").withOnError(WatchErrorHandler.retry());
			List<String> seen = new ArrayList<>();
			try (WatchStream<Pod> events = client.watch(Pod.class, retrying)) {
				for (WatchEvent<Pod> event : events) {
					seen.add(event.type() + " " + event.object().getMetadata().getResourceVersion());
					if (seen.size() == 2) {
						break;
					}
				}
			}
			assertThat(seen).containsExactly("ADDED 11", "MODIFIED 12");
			List<MisbehavingServer.Request> requests = server.requests();
			assertThat(requests.get(requests.size() - 1).target()).contains("resourceVersion=11");
		}
	}

	// deadline

	@Test
	void answerDrippingInOneByteAtATimeEndsAtTheDeadline() throws Exception {
		byte[] body = CONFIG_MAP.getBytes(StandardCharsets.UTF_8);
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nContent-Length: " + body.length);
			for (byte b : body) {
				out.write(b);
				out.flush();
				Thread.sleep(100);
			}
		}); KubeClient client = builder(server).responseDeadline(Duration.ofMillis(500)).build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(ConfigMap.class, "web"))
				.withMessage("No complete answer to GET " + server.url() + "/api/v1/namespaces/default/configmaps/web"
						+ " within the response deadline of PT0.5S; raise it with KubeClientBuilder.responseDeadline(...)"
						+ " or the property lightkube.response.deadline");
			assertThat(server.requests()).hasSize(1);
		}
	}

	@Test
	void wholeListDrippingInEndsAtTheDeadline() throws Exception {
		byte[] body = "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
			.getBytes(StandardCharsets.UTF_8);
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nContent-Length: " + body.length);
			for (byte b : body) {
				out.write(b);
				out.flush();
				Thread.sleep(100);
			}
		}); KubeClient client = builder(server).responseDeadline(Duration.ofMillis(500)).build()) {
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.listAll(ConfigMap.class, ListOptions.defaults()))
				.withMessage("No complete page of list /api/v1/namespaces/default/configmaps within the response "
						+ "deadline of PT0.5S; raise it with KubeClientBuilder.responseDeadline(...) or the property "
						+ "lightkube.response.deadline");
			assertThat(server.requests()).hasSize(1);
		}
	}

	// size

	@Test
	void answersLargerThanTheLimitFailNamingTheLimit() throws Exception {
		String big = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\"},\"data\":{\"k\":\""
				+ "x".repeat(8000) + "\"}}";
		String limitMessage = "is larger than the limit of 4096 bytes";
		String raise = "raise it with KubeClientBuilder.maxResponseSize(...) or the property lightkube.response.max-size";
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			if (request.target().contains("/configmaps/declared")) {
				json(out, 200, big);
			}
			else if (request.target().contains("/configmaps/chunked")) {
				chunkedHead(out);
				for (int i = 0; i < big.length(); i += 1000) {
					chunk(out, big.substring(i, Math.min(big.length(), i + 1000)));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			else if (request.target().contains("watch=")) {
				chunkedHead(out);
				chunk(out, "{\"type\":\"ADDED\",\"object\":" + big + "}\n");
				hold();
			}
			else {
				json(out, 200, "{\"kind\":\"ConfigMapList\",\"metadata\":{},\"items\":[" + CONFIG_MAP + "," + big + "]}");
			}
		}); KubeClient client = builder(server).maxResponseSize(4096).build()) {
			String base = "GET " + server.url() + "/api/v1/namespaces/default/configmaps/";
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(ConfigMap.class, "declared"))
				.withMessage("The answer to " + base + "declared " + limitMessage + " (Content-Length "
						+ big.length() + "): " + raise);
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(ConfigMap.class, "chunked"))
				.withMessage("The answer to " + base + "chunked " + limitMessage + ": " + raise);
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.list(ConfigMap.class).forEach((item) -> {
				}))
				.withMessage("An item of the answer to list /api/v1/namespaces/default/configmaps " + limitMessage
						+ ": " + raise);
			try (WatchStream<ConfigMap> events = client.watch(ConfigMap.class)) {
				assertThatExceptionOfType(KubeException.class).isThrownBy(() -> events.iterator().next())
					.withMessage("watch /api/v1/namespaces/default/configmaps: an event is larger than the limit of "
							+ "4096 bytes: " + raise);
			}
		}
	}

	@Test
	void logLineLongerThanTheLimitFails() throws Exception {
		String longLine = "y".repeat(8000);
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> MisbehavingServer.respond(out, 200,
				"text/plain", "short\n" + longLine + "\nafter\n"));
				KubeClient client = builder(server).maxResponseSize(4096).build()) {
			List<String> lines = new ArrayList<>();
			try (java.util.stream.Stream<String> log = client.log("web")) {
				assertThatExceptionOfType(KubeException.class).isThrownBy(() -> log.forEach(lines::add))
					.withMessage("A line of the log of pod 'web' is longer than the limit of 4096 bytes: raise it with "
							+ "KubeClientBuilder.maxResponseSize(...) or the property lightkube.response.max-size");
			}
			// Never the long line nor what follows it. Whether "short" arrives first is a race: the blocking stream
			// throws a failure as soon as it is signalled, ahead of lines still in its queue.
			assertThat(lines).isSubsetOf("short\n");
		}
	}

	@Test
	void outOfMemoryWhileDecodingReachesTheCaller() throws Exception {
		// an answer whose decoding runs out of memory on the event loop: the caller gets an error, never a hang
		String bomb = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Bomb\",\"metadata\":{\"name\":\"b\"},\"spec\":{}}";
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> json(out, 200,
				request.target().contains("/bombs/") ? bomb : "{\"kind\":\"BombList\",\"items\":[" + bomb + "]}"));
				KubeClient client = builder(server).lazy(false).build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(Bomb.class, "b"))
				.withMessageStartingWith("Out of memory while reading or decoding the answer to GET " + server.url()
						+ "/apis/example.com/v1/namespaces/default/bombs/b: give the JVM more heap")
				.withRootCauseInstanceOf(OutOfMemoryError.class);
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.listAll(Bomb.class, ListOptions.defaults()))
				.withMessageStartingWith("Out of memory while reading or decoding the answer to list "
						+ "/apis/example.com/v1/namespaces/default/bombs");
		}
	}

	@Test
	void limitsAreCheckedBeforeAnyRequest() {
		KubeClientBuilder builder = KubeClient.builder();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.maxResponseSize(1023))
			.withMessage("maxResponseSize must be at least 1024 bytes, got 1023");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> builder.responseDeadline(Duration.ZERO))
			.withMessage("responseDeadline must be positive, got PT0S");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.responseDeadline(null))
			.withMessage("deadline must not be null");
	}

	// writes cut after they were sent

	@Test
	void writeCutAfterSendingSaysTheServerMayHaveAppliedItAndIsNotSentAgain() throws Exception {
		ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("web").endMetadata().build();
		List<Function<KubeClient, Object>> writes = List.of((client) -> client.create(configMap),
				(client) -> client.replace(configMap),
				(client) -> client.patch(ConfigMap.class, "web", Map.of("data", Map.of("k", "v"))),
				(client) -> client.apply(configMap), (client) -> client.delete(ConfigMap.class, "web"));
		List<String> verbs = List.of("create", "replace", "patch", "apply", "delete");
		for (int i = 0; i < writes.size(); i++) {
			// the request is read, then the connection closes without an answer
			try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			}); KubeClient client = builder(server).fieldManager("me").build()) {
				Function<KubeClient, Object> write = writes.get(i);
				assertThatExceptionOfType(KubeException.class).isThrownBy(() -> write.apply(client))
					.withMessageContaining("Connection prematurely closed BEFORE response")
					.withMessageContaining("The " + verbs.get(i) + " was sent and the server may have applied it; it "
							+ "was not sent again. Before repeating it, read the current state: get the object and "
							+ "compare its resourceVersion or the changed fields");
				assertThat(server.requests()).hasSize(1);
			}
		}
	}

	@Test
	void readCutBeforeTheAnswerIsRetriedWithoutTheWriteAdvice() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
			if (calls.getAndIncrement() < 1) {
				return;
			}
			json(out, 200, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\"}}");
		}); KubeClient client = builder(server).build()) {
			assertThat(client.get(ConfigMap.class, "web").getMetadata().getName()).isEqualTo("web");
			assertThat(server.requests()).hasSize(2);
		}
	}

	/** A kind whose decoding runs out of memory. */
	@Group("example.com")
	@Version("v1")
	@Kind("Bomb")
	@Plural("bombs")
	// HasMetadata's own deserializer would make a generic object of an unknown kind
	@JsonDeserialize(using = ValueDeserializer.None.class)
	public static class Bomb implements HasMetadata, Namespaced {

		private static final long serialVersionUID = 1L;

		private String apiVersion = "example.com/v1";

		private String kind = "Bomb";

		private ObjectMeta metadata;

		@Override
		public ObjectMeta getMetadata() {
			return this.metadata;
		}

		@Override
		public void setMetadata(ObjectMeta metadata) {
			this.metadata = metadata;
		}

		@Override
		public String getApiVersion() {
			return this.apiVersion;
		}

		@Override
		public void setApiVersion(String apiVersion) {
			this.apiVersion = apiVersion;
		}

		@Override
		public String getKind() {
			return this.kind;
		}

		public void setKind(String kind) {
			this.kind = kind;
		}

		public Map<String, Object> getSpec() {
			return Map.of();
		}

		public void setSpec(Map<String, Object> spec) {
			throw new OutOfMemoryError("Java heap space (simulated)");
		}

	}

}
