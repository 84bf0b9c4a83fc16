package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * What to answer: a body, a stream of chunks, or an upgraded connection; plus extra response headers.
 */
record Reply(int code, String contentType, String body, @Nullable Flux<String> stream,
		@Nullable Publisher<Void> upgrade, List<Header> headers) {

	static final String JSON = "application/json";

	static Reply json(int code, JsonNode body) {
		return new Reply(code, JSON, Json.write(body), null, null, List.of());
	}

	static Reply text(int code, String body) {
		return new Reply(code, "text/plain; charset=utf-8", body, null, null, List.of());
	}

	static Reply stream(String contentType, Flux<String> chunks) {
		return new Reply(200, contentType, "", chunks, null, List.of());
	}

	static Reply upgrade(Publisher<Void> upgrade) {
		return new Reply(101, JSON, "", null, upgrade, List.of());
	}

	/** One extra response header; a name may repeat (one {@code Warning} per warning). */
	record Header(String name, String value) {
	}

	/** This reply with one more header. */
	Reply withHeader(String name, String value) {
		List<Header> all = new ArrayList<>(this.headers);
		all.add(new Header(name, value));
		return new Reply(this.code, this.contentType, this.body, this.stream, this.upgrade, List.copyOf(all));
	}

	/** This reply with a {@code Warning: 299 - "..."} header per warning, as the API server sends them. */
	Reply withWarnings(List<String> warnings) {
		Reply reply = this;
		for (String warning : warnings) {
			reply = reply.withHeader("Warning",
					"299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
		}
		return reply;
	}

}
