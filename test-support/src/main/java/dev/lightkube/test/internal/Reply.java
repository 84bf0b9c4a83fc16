package dev.lightkube.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * What to answer: a body, a stream of chunks, or an upgraded connection; plus extra response headers.
 */
record Reply(int code, String contentType, String body, @Nullable Flux<String> stream,
		@Nullable Publisher<Void> upgrade, Map<String, String> headers) {

	static final String JSON = "application/json";

	static Reply json(int code, JsonNode body) {
		return new Reply(code, JSON, Json.write(body), null, null, Map.of());
	}

	static Reply text(int code, String body) {
		return new Reply(code, "text/plain; charset=utf-8", body, null, null, Map.of());
	}

	static Reply stream(String contentType, Flux<String> chunks) {
		return new Reply(200, contentType, "", chunks, null, Map.of());
	}

	static Reply upgrade(Publisher<Void> upgrade) {
		return new Reply(101, JSON, "", null, upgrade, Map.of());
	}

	/** This reply with one more header (such as {@code Warning}). */
	Reply withHeader(String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(this.headers);
		all.merge(name, value, (a, b) -> a + ", " + b);
		return new Reply(this.code, this.contentType, this.body, this.stream, this.upgrade, Map.copyOf(all));
	}

}
