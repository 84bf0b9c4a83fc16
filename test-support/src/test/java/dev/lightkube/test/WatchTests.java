package dev.lightkube.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watch over chunked JSON lines: resume, bookmarks, timeouts, selectors and 410 for versions no longer retained.
 */
@KubeApiServerTest(resetAfterEach = true)
class WatchTests {

	private static final JsonNode END = Http.JSON.createObjectNode().put("type", "END");

	private final KubeApiServer server;

	private final Http http;

	WatchTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	/** Reads watch events on a thread; {@link #next()} waits for one, END when the stream ended. */
	static final class Events implements AutoCloseable {

		private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();

		private final HttpResponse<InputStream> response;

		private volatile boolean broken;

		Events(HttpResponse<InputStream> response) {
			this.response = response;
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = in.readLine()) != null) {
						this.queue.add(Http.JSON.readTree(line));
					}
				}
				catch (IOException ex) {
					// Closed by the test, or broken by the server.
					this.broken = true;
				}
				this.queue.add(END);
			});
			reader.setDaemon(true);
			reader.start();
		}

		JsonNode next() {
			try {
				JsonNode event = this.queue.poll(30, TimeUnit.SECONDS);
				assertThat(event).as("no watch event within 30 s").isNotNull();
				return event;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		int status() {
			return this.response.statusCode();
		}

		@Override
		public void close() {
			try {
				this.response.body().close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private Events watch(Http client, String path) {
		return new Events(client.stream(path));
	}

	private String create(String name) {
		return this.http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"" + name
				+ "\",\"labels\":{\"app\":\"web\"}}}").json().get("metadata").get("resourceVersion").asString();
	}

	private static String type(JsonNode event) {
		return event.get("type").asString();
	}

	private static String name(JsonNode event) {
		return event.get("object").get("metadata").get("name").asString();
	}

	@Test
	void watchWithoutVersionStartsWithSyntheticAddsThenLiveEvents() {
		create("a");
		try (Events events = watch(this.http, "/api/v1/namespaces/default/configmaps?watch=true")) {
			assertThat(events.status()).isEqualTo(200);
			JsonNode first = events.next();
			assertThat(type(first)).isEqualTo("ADDED");
			assertThat(name(first)).isEqualTo("a");
			assertThat(first.get("object").get("kind").asString()).isEqualTo("ConfigMap");
			create("b");
			JsonNode second = events.next();
			assertThat(type(second)).isEqualTo("ADDED");
			assertThat(name(second)).isEqualTo("b");
			this.http.patch("/api/v1/namespaces/default/configmaps/b", "application/merge-patch+json",
					"{\"data\":{\"x\":\"y\"}}");
			assertThat(type(events.next())).isEqualTo("MODIFIED");
			this.http.delete("/api/v1/namespaces/default/configmaps/b");
			JsonNode deleted = events.next();
			assertThat(type(deleted)).isEqualTo("DELETED");
			assertThat(name(deleted)).isEqualTo("b");
		}
	}

	@Test
	void resumeFromAVersionReplaysLaterChangesOnly() {
		String version = create("a");
		create("b");
		create("c");
		try (Events events = watch(this.http,
				"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=" + version)) {
			assertThat(name(events.next())).isEqualTo("b");
			assertThat(name(events.next())).isEqualTo("c");
		}
	}

	@Test
	void versionOlderThanRetainedHistoryIsAnExpiredErrorEvent() {
		try (KubeApiServer small = KubeApiServer.builder().retainedHistory(2).start()) {
			Http client = new Http(small);
			String version = client.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"a\"}}")
				.json().get("metadata").get("resourceVersion").asString();
			for (String name : new String[] { "b", "c", "d" }) {
				client.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"" + name + "\"}}");
			}
			try (Events events = watch(client,
					"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + version)) {
				assertThat(events.status()).isEqualTo(200);
				JsonNode error = events.next();
				assertThat(type(error)).isEqualTo("ERROR");
				assertThat(error.get("object").get("kind").asString()).isEqualTo("Status");
				assertThat(error.get("object").get("code").asInt()).isEqualTo(410);
				assertThat(error.get("object").get("reason").asString()).isEqualTo("Expired");
				assertThat(events.next()).isEqualTo(END);
			}
		}
	}

	@Test
	void forgetHistoryMakesOldVersionsExpire() {
		String version = create("a");
		create("b");
		this.server.faults().forgetHistory();
		try (Events events = watch(this.http,
				"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + version)) {
			assertThat(type(events.next())).isEqualTo("ERROR");
		}
	}

	@Test
	void bookmarksCarryTheCurrentVersion() {
		try (KubeApiServer bookmarking = KubeApiServer.builder().bookmarkInterval(Duration.ofMillis(100)).start()) {
			Http client = new Http(bookmarking);
			String version = client.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"a\"}}")
				.json().get("metadata").get("resourceVersion").asString();
			try (Events events = watch(client, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
					+ version + "&allowWatchBookmarks=true")) {
				JsonNode bookmark = events.next();
				assertThat(type(bookmark)).isEqualTo("BOOKMARK");
				assertThat(bookmark.get("object").get("kind").asString()).isEqualTo("ConfigMap");
				assertThat(bookmark.get("object").get("metadata").get("resourceVersion").asString()).isEqualTo(version);
			}
		}
	}

	@Test
	void noBookmarksUnlessAsked() {
		try (KubeApiServer bookmarking = KubeApiServer.builder().bookmarkInterval(Duration.ofMillis(50)).start()) {
			Http client = new Http(bookmarking);
			try (Events events = watch(client, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1")) {
				assertThat(events.next()).isEqualTo(END);
			}
		}
	}

	@Test
	void timeoutSecondsEndsTheStream() {
		try (Events events = watch(this.http, "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1")) {
			assertThat(events.next()).isEqualTo(END);
		}
	}

	@Test
	void dropWatchesEndsOpenStreams() {
		create("a");
		try (Events events = watch(this.http, "/api/v1/namespaces/default/configmaps?watch=true")) {
			assertThat(type(events.next())).isEqualTo("ADDED");
			this.server.faults().dropWatches();
			assertThat(events.next()).isEqualTo(END);
			assertThat(events.broken).isFalse();
		}
	}

	@Test
	void breakWatchesCutsTheStream() {
		create("a");
		try (Events events = watch(this.http, "/api/v1/namespaces/default/configmaps?watch=true")) {
			assertThat(type(events.next())).isEqualTo("ADDED");
			this.server.faults().breakWatches();
			assertThat(events.next()).isEqualTo(END);
			assertThat(events.broken).isTrue();
		}
	}

	@Test
	void selectorsTurnChangesIntoAddsAndDeletes() {
		create("a");
		try (Events events = watch(this.http,
				"/api/v1/namespaces/default/configmaps?watch=true&labelSelector=app%3Dweb")) {
			assertThat(type(events.next())).isEqualTo("ADDED");
			String relabelled = this.http.patch("/api/v1/namespaces/default/configmaps/a",
					"application/merge-patch+json", "{\"metadata\":{\"labels\":{\"app\":\"db\"}}}")
				.json().get("metadata").get("resourceVersion").asString();
			JsonNode deleted = events.next();
			assertThat(type(deleted)).isEqualTo("DELETED");
			// The object as it was last selected, at the version of the change that took it out.
			JsonNode metadata = deleted.get("object").get("metadata");
			assertThat(metadata.get("labels").get("app").asString()).isEqualTo("web");
			assertThat(metadata.get("resourceVersion").asString()).isEqualTo(relabelled);
			this.http.patch("/api/v1/namespaces/default/configmaps/a", "application/merge-patch+json",
					"{\"metadata\":{\"labels\":{\"app\":\"web\"}}}");
			assertThat(type(events.next())).isEqualTo("ADDED");
		}
	}

	@Test
	void allNamespacesWatch() {
		this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"other\"}}");
		try (Events events = watch(this.http, "/api/v1/configmaps?watch=true")) {
			this.http.post("/api/v1/namespaces/other/configmaps", "{\"metadata\":{\"name\":\"x\"}}");
			create("y");
			assertThat(events.next().get("object").get("metadata").get("namespace").asString()).isEqualTo("other");
			assertThat(events.next().get("object").get("metadata").get("namespace").asString()).isEqualTo("default");
		}
	}

	@Test
	void watchOfOneObjectByPathAndLegacyPrefix() {
		create("a");
		create("b");
		try (Events byPath = watch(this.http, "/api/v1/namespaces/default/configmaps/b?watch=true");
				Events legacy = watch(this.http, "/api/v1/watch/namespaces/default/configmaps?fieldSelector=metadata.name%3Da")) {
			assertThat(name(byPath.next())).isEqualTo("b");
			assertThat(name(legacy.next())).isEqualTo("a");
			this.http.delete("/api/v1/namespaces/default/configmaps/a");
			this.http.delete("/api/v1/namespaces/default/configmaps/b");
			assertThat(type(byPath.next())).isEqualTo("DELETED");
			assertThat(type(legacy.next())).isEqualTo("DELETED");
		}
	}

	@Test
	void objectsLargerThan256KiBTravelWhole() {
		String big = "x".repeat(300 * 1024);
		try (Events events = watch(this.http, "/api/v1/namespaces/default/configmaps?watch=true")) {
			Http.Response created = this.http.post("/api/v1/namespaces/default/configmaps",
					"{\"metadata\":{\"name\":\"big\"},\"data\":{\"blob\":\"" + big + "\"}}");
			assertThat(created.status()).isEqualTo(201);
			assertThat(events.next().get("object").get("data").get("blob").asString()).hasSize(big.length());
			assertThat(this.http.get("/api/v1/namespaces/default/configmaps/big").json().get("data").get("blob")
				.asString()).isEqualTo(big);
		}
	}

	@Test
	void namespacedWatchIgnoresOtherNamespaces() {
		this.http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"other\"}}");
		try (Events events = watch(this.http, "/api/v1/namespaces/default/configmaps?watch=true")) {
			this.http.post("/api/v1/namespaces/other/configmaps", "{\"metadata\":{\"name\":\"x\"}}");
			create("y");
			assertThat(name(events.next())).isEqualTo("y");
		}
	}

}
