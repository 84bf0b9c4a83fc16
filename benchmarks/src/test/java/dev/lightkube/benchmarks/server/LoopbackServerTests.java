package dev.lightkube.benchmarks.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two server kinds send the same bytes, framed differently: chunked without a Content-Length, or one body with
 * its Content-Length; over WebSocket the same events as text frames either way.
 */
class LoopbackServerTests {

	private static final PodFixtures FIXTURES = new PodFixtures(20, 20);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void chunkedServerChunksEveryBody() throws Exception {
		try (LoopbackServer server = LoopbackServer.start(FIXTURES, ServerKind.CHUNKED)) {
			for (Exchange exchange : exchanges(server.uri())) {
				HttpResponse<byte[]> response = this.http.send(exchange.request(), HttpResponse.BodyHandlers.ofByteArray());
				assertThat(response.headers().firstValue("transfer-encoding")).as(exchange.what()).hasValue("chunked");
				assertThat(response.headers().firstValue("content-length")).as(exchange.what()).isEmpty();
				assertThat(response.body()).as(exchange.what()).isEqualTo(exchange.expected());
			}
		}
	}

	@Test
	void contentLengthServerSendsEveryBodyWhole() throws Exception {
		try (LoopbackServer server = LoopbackServer.start(FIXTURES, ServerKind.CONTENT_LENGTH)) {
			for (int repeat = 0; repeat < 2; repeat++) {
				for (Exchange exchange : exchanges(server.uri())) {
					HttpResponse<byte[]> response = this.http.send(exchange.request(),
							HttpResponse.BodyHandlers.ofByteArray());
					assertThat(response.headers().firstValue("transfer-encoding")).as(exchange.what()).isEmpty();
					assertThat(response.headers().firstValue("content-length")).as(exchange.what())
						.hasValue(String.valueOf(exchange.expected().length));
					assertThat(response.body()).as(exchange.what()).isEqualTo(exchange.expected());
				}
			}
			assertThat(server.requestCounts()).containsEntry("GET list", 2L).containsEntry("GET watch", 2L);
		}
	}

	@Test
	void bothKindsSendOneWebSocketTextMessagePerEvent() throws Exception {
		List<String> expected = FIXTURES.watchEventLines()
			.stream()
			.map((line) -> new String(line, 0, line.length - 1, StandardCharsets.UTF_8))
			.toList();
		for (ServerKind kind : ServerKind.values()) {
			try (LoopbackServer server = LoopbackServer.start(FIXTURES, kind)) {
				assertThat(webSocketMessages(server.uri(), expected.size())).as(kind.id()).isEqualTo(expected);
				assertThat(server.requestCounts()).as(kind.id()).containsEntry("GET watch (websocket)", 1L);
			}
		}
	}

	private List<String> webSocketMessages(URI server, int count) throws Exception {
		List<String> messages = new ArrayList<>();
		CompletableFuture<List<String>> done = new CompletableFuture<>();
		StringBuilder partial = new StringBuilder();
		WebSocket.Listener listener = new WebSocket.Listener() {

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				partial.append(data);
				if (last) {
					messages.add(partial.toString());
					partial.setLength(0);
					if (messages.size() == count) {
						done.complete(messages);
					}
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				done.completeExceptionally(error);
			}

		};
		URI uri = URI.create("ws://" + server.getAuthority() + "/api/v1/namespaces/bench/pods?watch=true");
		WebSocket socket = this.http.newWebSocketBuilder().buildAsync(uri, listener).get(30, TimeUnit.SECONDS);
		try {
			return done.get(30, TimeUnit.SECONDS);
		}
		finally {
			socket.abort();
		}
	}

	private static List<Exchange> exchanges(URI server) {
		String pods = server + "/api/v1/namespaces/bench/pods";
		ByteArrayOutputStream watch = new ByteArrayOutputStream();
		FIXTURES.watchEventLines().forEach(watch::writeBytes);
		HttpRequest.BodyPublisher pod = HttpRequest.BodyPublishers.ofByteArray(FIXTURES.podJson());
		return List.of(new Exchange("list", HttpRequest.newBuilder(URI.create(pods)).build(), FIXTURES.podListJson()),
				new Exchange("watch", HttpRequest.newBuilder(URI.create(pods + "?watch=true")).build(),
						watch.toByteArray()),
				new Exchange("get", HttpRequest.newBuilder(URI.create(pods + "/app-0-pod-0")).build(),
						FIXTURES.podJson()),
				new Exchange("create", HttpRequest.newBuilder(URI.create(pods)).POST(pod).build(), FIXTURES.podJson()),
				new Exchange("patch",
						HttpRequest.newBuilder(URI.create(pods + "/app-0-pod-0"))
							.header("Content-Type", "application/merge-patch+json")
							.method("PATCH", HttpRequest.BodyPublishers.ofString(PodFixtures.MERGE_PATCH))
							.build(),
						FIXTURES.podJson()));
	}

	private record Exchange(String what, HttpRequest request, byte[] expected) {
	}

}
