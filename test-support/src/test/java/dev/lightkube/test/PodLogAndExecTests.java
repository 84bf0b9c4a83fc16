package dev.lightkube.test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pod log (plain, tail, timestamps, follow) and exec over WebSocket channel protocols v5 and v4.
 */
@KubeApiServerTest(resetAfterEach = true)
class PodLogAndExecTests {

	private static final String POD = "/api/v1/namespaces/default/pods/web";

	private final KubeApiServer server;

	private final Http http;

	PodLogAndExecTests(KubeApiServer server) {
		this.server = server;
		this.http = new Http(server);
	}

	@BeforeEach
	void pod() {
		this.http.post("/api/v1/namespaces/default/pods",
				"{\"metadata\":{\"name\":\"web\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"x\"}]}}");
	}

	@Test
	void logTailAndTimestamps() {
		this.server.podLog("default", "web").append("one", "two", "three");
		assertThat(this.http.get(POD + "/log").body()).isEqualTo("one\ntwo\nthree\n");
		assertThat(this.http.get(POD + "/log?tailLines=2").body()).isEqualTo("two\nthree\n");
		assertThat(this.http.get(POD + "/log?container=app&timestamps=true").body().split("\n")[0])
			.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z one");
	}

	@Test
	void logOfMissingPodOrContainer() {
		assertThat(this.http.get("/api/v1/namespaces/default/pods/nope/log").status()).isEqualTo(404);
		assertThat(this.http.get(POD + "/log?container=other").status()).isEqualTo(400);
	}

	@Test
	void followReceivesAppendedLines() throws Exception {
		PodLog log = this.server.podLog("default", "web", "app").append("first");
		HttpResponse<InputStream> response = this.http.stream(POD + "/log?follow=true");
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(reader.readLine()).isEqualTo("first");
			log.append("second");
			assertThat(reader.readLine()).isEqualTo("second");
			log.finish();
			assertThat(reader.readLine()).isNull();
		}
	}

	/** Collects what the server sends per channel until it closes. */
	static final class Channels implements WebSocket.Listener {

		final Map<Integer, ByteArrayOutputStream> data = new ConcurrentHashMap<>();

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final ByteArrayOutputStream message = new ByteArrayOutputStream();

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer bytes, boolean last) {
			byte[] chunk = new byte[bytes.remaining()];
			bytes.get(chunk);
			this.message.writeBytes(chunk);
			if (last) {
				byte[] frame = this.message.toByteArray();
				this.message.reset();
				this.data.computeIfAbsent(frame[0] & 0xff, (k) -> new ByteArrayOutputStream()).write(frame, 1,
						frame.length - 1);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.completeExceptionally(error);
		}

		String text(int channel) {
			ByteArrayOutputStream bytes = this.data.get(channel);
			return (bytes != null) ? bytes.toString(StandardCharsets.UTF_8) : "";
		}

	}

	private WebSocket exec(Channels channels, String query, String... protocols) throws Exception {
		URI uri = URI.create(this.server.url().replace("http", "ws") + POD + "/exec?" + query);
		return HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(protocols[0],
				List.of(protocols).subList(1, protocols.length).toArray(new String[0]))
			.buildAsync(uri, channels)
			.get(30, TimeUnit.SECONDS);
	}

	@Test
	void execV5EchoesStdinAndReportsSuccess() throws Exception {
		this.server.onExec("cat", (call) -> {
			call.stdout().print(new String(call.stdin().readAllBytes(), StandardCharsets.UTF_8).toUpperCase());
			call.stderr().print("done");
			return 0;
		});
		Channels channels = new Channels();
		WebSocket socket = exec(channels, "command=cat&stdin=true&stdout=true&stderr=true", "v5.channel.k8s.io",
				"v4.channel.k8s.io");
		assertThat(socket.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
		socket.sendBinary(ByteBuffer.wrap(new byte[] { 0, 'h', 'i' }), true).get(10, TimeUnit.SECONDS);
		socket.sendBinary(ByteBuffer.wrap(new byte[] { (byte) 255, 0 }), true).get(10, TimeUnit.SECONDS);
		channels.closed.get(30, TimeUnit.SECONDS);
		assertThat(channels.text(1)).isEqualTo("HI");
		assertThat(channels.text(2)).isEqualTo("done");
		JsonNode status = Http.JSON.readTree(channels.text(3));
		assertThat(status.get("status").asString()).isEqualTo("Success");
	}

	@Test
	void execV4ReportsNonZeroExitCode() throws Exception {
		this.server.onExec((call) -> {
			call.stdout().print(String.join(" ", call.command()));
			return 3;
		});
		Channels channels = new Channels();
		WebSocket socket = exec(channels, "command=sh&command=-c&command=exit%203&stdout=true", "v4.channel.k8s.io");
		assertThat(socket.getSubprotocol()).isEqualTo("v4.channel.k8s.io");
		channels.closed.get(30, TimeUnit.SECONDS);
		assertThat(channels.text(1)).isEqualTo("sh -c exit 3");
		JsonNode status = Http.JSON.readTree(channels.text(3));
		assertThat(status.get("status").asString()).isEqualTo("Failure");
		assertThat(status.get("reason").asString()).isEqualTo("NonZeroExitCode");
		assertThat(status.get("details").get("causes").get(0).get("reason").asString()).isEqualTo("ExitCode");
		assertThat(status.get("details").get("causes").get(0).get("message").asString()).isEqualTo("3");
	}

	@Test
	void execOfUnknownCommandFails() throws Exception {
		Channels channels = new Channels();
		exec(channels, "command=nope&stdout=true", "v5.channel.k8s.io");
		channels.closed.get(30, TimeUnit.SECONDS);
		assertThat(Http.JSON.readTree(channels.text(3)).get("message").asString())
			.contains("executable file not found");
	}

	@Test
	void execWithoutWebSocketIsBadRequest() {
		Http.Response response = this.http.post(POD + "/exec?command=ls&stdout=true", "");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).isEqualTo("Upgrade request required");
	}

}
