package dev.lightkube.test;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WatchList protocol (KEP-3157): a watch that streams the current state as ADDED events, then a bookmark marking
 * the end of the initial events, then changes; and a server without the feature.
 */
@KubeApiServerTest(resetAfterEach = true)
class WatchListTests {

	private static final String CM = "/api/v1/namespaces/default/configmaps";

	private static final String WATCH_LIST = CM
			+ "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true";

	private final Http http;

	WatchListTests(KubeApiServer server) {
		this.http = new Http(server);
	}

	private void create(String name, String app) {
		this.http.post(CM, "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}}}");
	}

	@Test
	void initialEventsThenABookmarkAtTheirVersionThenChanges() {
		create("a", "web");
		create("b", "web");
		String listed = this.http.get(CM).json().get("metadata").get("resourceVersion").asString();
		try (WatchTests.Events events = new WatchTests.Events(this.http.stream(WATCH_LIST))) {
			assertThat(events.status()).isEqualTo(200);
			JsonNode first = events.next();
			assertThat(first.get("type").asString()).isEqualTo("ADDED");
			assertThat(first.get("object").get("metadata").get("name").asString()).isEqualTo("a");
			assertThat(events.next().get("object").get("metadata").get("name").asString()).isEqualTo("b");
			JsonNode bookmark = events.next();
			assertThat(bookmark.get("type").asString()).isEqualTo("BOOKMARK");
			JsonNode metadata = bookmark.get("object").get("metadata");
			assertThat(metadata.get("annotations").get("k8s.io/initial-events-end").asString()).isEqualTo("true");
			assertThat(metadata.get("resourceVersion").asString()).isEqualTo(listed);
			create("c", "web");
			JsonNode added = events.next();
			assertThat(added.get("type").asString()).isEqualTo("ADDED");
			assertThat(added.get("object").get("metadata").get("name").asString()).isEqualTo("c");
		}
	}

	@Test
	void initialEventsFollowTheSelectorAndAnEmptyStateStillGetsItsBookmark() {
		create("a", "db");
		try (WatchTests.Events events = new WatchTests.Events(
				this.http.stream(WATCH_LIST + "&labelSelector=app%3Dweb&resourceVersion=0"))) {
			JsonNode bookmark = events.next();
			assertThat(bookmark.get("type").asString()).isEqualTo("BOOKMARK");
			assertThat(bookmark.get("object").get("metadata").get("annotations").get("k8s.io/initial-events-end")
				.asString()).isEqualTo("true");
		}
	}

	@Test
	void sendInitialEventsNeedsNotOlderThanAndBookmarks() {
		Http.Response response = this.http.get(CM + "?watch=true&sendInitialEvents=true");
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().get("message").asString()).isEqualTo("ListOptions.meta.k8s.io \"\" is invalid: ["
				+ "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to "
				+ "NotOlderThan, allowWatchBookmarks: Required value: sendInitialEvents requires setting "
				+ "allowWatchBookmarks to true]");
		assertThat(this.http.get(CM + "?sendInitialEvents=true").json().get("message").asString())
			.endsWith("sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
	}

	@Test
	void aFaultEndsTheNextInitialStreamWithExpiredInsteadOfItsBookmark(KubeApiServer server) {
		create("a", "web");
		create("b", "web");
		server.faults().expireDuringInitialEvents(1);
		try (WatchTests.Events events = new WatchTests.Events(this.http.stream(WATCH_LIST))) {
			assertThat(events.next().get("object").get("metadata").get("name").asString()).isEqualTo("a");
			assertThat(events.next().get("object").get("metadata").get("name").asString()).isEqualTo("b");
			JsonNode error = events.next();
			assertThat(error.get("type").asString()).isEqualTo("ERROR");
			assertThat(error.get("object").get("code").asInt()).isEqualTo(410);
			assertThat(error.get("object").get("reason").asString()).isEqualTo("Expired");
		}
		// only the next one: the one after streams its state and the bookmark again
		try (WatchTests.Events events = new WatchTests.Events(this.http.stream(WATCH_LIST))) {
			events.next();
			events.next();
			assertThat(events.next().get("type").asString()).isEqualTo("BOOKMARK");
		}
	}

	@Test
	void aServerWithoutWatchListRefusesInitialEvents() {
		try (KubeApiServer older = KubeApiServer.builder().watchList(false).start()) {
			Http.Response response = new Http(older).get(WATCH_LIST);
			assertThat(response.status()).isEqualTo(422);
			JsonNode status = response.json();
			assertThat(status.get("reason").asString()).isEqualTo("Invalid");
			assertThat(status.get("message").asString()).isEqualTo("ListOptions.meta.k8s.io \"\" is invalid: "
					+ "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList "
					+ "feature gate is enabled");
			assertThat(status.get("details").get("causes").get(0).get("field").asString())
				.isEqualTo("sendInitialEvents");
		}
	}

}
