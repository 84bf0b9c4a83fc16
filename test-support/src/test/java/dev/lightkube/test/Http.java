package dev.lightkube.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny JDK HttpClient wrapper for talking to the test server without lightkube's client.
 */
final class Http {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client;

	private final String base;

	Http(KubeApiServer server) {
		this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), server.url());
	}

	Http(HttpClient client, String base) {
		this.client = client;
		this.base = base;
	}

	/** A response: status, body text, and the body as JSON. */
	record Response(int status, String body, HttpResponse<String> raw) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

	Response get(String path) {
		return send(request(path).GET().build());
	}

	Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)).build());
	}

	Response put(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)).build());
	}

	Response patch(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType)
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
	}

	Response delete(String path) {
		return send(request(path).DELETE().build());
	}

	Response delete(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.method("DELETE", HttpRequest.BodyPublishers.ofString(json)).build());
	}

	/** Opens a streaming GET (watch, log follow); the caller reads lines and closes the stream. */
	HttpResponse<InputStream> stream(String path) {
		try {
			return this.client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The {@code metadata.name} of every item of a list. */
	static List<String> names(JsonNode list) {
		List<String> names = new ArrayList<>();
		for (JsonNode item : list.get("items")) {
			names.add(item.get("metadata").get("name").asString());
		}
		return names;
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	Response send(HttpRequest request) {
		try {
			// A guard against a hanging test, not a timed assertion.
			HttpResponse<String> response = this.client
				.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
				.get(60, TimeUnit.SECONDS);
			return new Response(response.statusCode(), response.body(), response);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IOException io) ? new UncheckedIOException(io)
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("no response within 60 s: " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
