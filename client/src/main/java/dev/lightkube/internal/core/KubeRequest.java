package dev.lightkube.internal.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;

/**
 * One API request as a value, free of transport types: what {@link RequestSender} sends.
 *
 * @param verb the client verb for messages and metrics, such as {@code get}, {@code list}, {@code patch}
 * @param method the HTTP method
 * @param path the path below the server URL, already encoded, such as {@code /api/v1/namespaces/default/pods}
 * @param query query parameters in order (values not yet encoded)
 * @param headers extra request headers, such as {@code Content-Type} of a patch
 * @param body the body to encode as JSON, or raw bytes; {@code null} for none
 * @param responseType the Java type of the expected answer (or of each list item)
 * @param <T> the Java type of the expected answer
 */
public record KubeRequest<T>(String verb, HttpMethod method, String path, Map<String, List<String>> query,
		Map<String, String> headers, @Nullable Object body, Class<T> responseType) {

	public KubeRequest {
		Objects.requireNonNull(verb, "verb must not be null");
		Objects.requireNonNull(method, "method must not be null");
		Objects.requireNonNull(path, "path must not be null");
		query = copy(query);
		headers = Map.copyOf(headers);
		Objects.requireNonNull(responseType, "responseType must not be null");
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> query) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		return java.util.Collections.unmodifiableMap(copy);
	}

	/** The same request with one more query parameter value (replacing earlier values of that name). */
	public KubeRequest<T> withQuery(String name, @Nullable String value) {
		Map<String, List<String>> query = new LinkedHashMap<>(this.query);
		if (value == null) {
			query.remove(name);
		}
		else {
			query.put(name, List.of(value));
		}
		return new KubeRequest<>(this.verb, this.method, this.path, query, this.headers, this.body, this.responseType);
	}

	/** The first value of a query parameter, or {@code null}. */
	public @Nullable String queryValue(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + (this.query.isEmpty() ? "" : " " + this.query);
	}

}
