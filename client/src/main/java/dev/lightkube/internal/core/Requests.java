package dev.lightkube.internal.core;

import dev.lightkube.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriUtils;

/**
 * Builds {@link KubeRequest}s: paths of every kind and scope, and the query. Lightkube's {@code prepare_request}.
 */
public final class Requests {

	/** The namespace value that means every namespace. */
	public static final String ALL_NAMESPACES = "*";

	private Requests() {
	}

	/**
	 * The path of a kind's collection, one object or one of its sub-resources.
	 * @param type the kind
	 * @param namespace the namespace ({@code null} for cluster-scoped kinds, {@link #ALL_NAMESPACES} for all)
	 * @param name the object's name, or {@code null} for the collection
	 * @param subresource the sub-resource, or {@code null}
	 */
	public static String path(ResourceType<?> type, @Nullable String namespace, @Nullable String name,
			@Nullable String subresource) {
		StringBuilder path = new StringBuilder(64);
		if (type.group().isEmpty()) {
			path.append("/api/").append(type.version());
		}
		else {
			path.append("/apis/").append(type.group()).append('/').append(type.version());
		}
		if (type.namespaced() && namespace != null && !ALL_NAMESPACES.equals(namespace)) {
			path.append("/namespaces/").append(segment(namespace, "namespace"));
		}
		path.append('/').append(type.plural());
		if (name != null) {
			path.append('/').append(segment(name, "name"));
			if (subresource != null) {
				path.append('/').append(subresource);
			}
		}
		return path.toString();
	}

	private static String segment(String value, String what) {
		if (value.isEmpty() || value.equals(".") || value.equals("..") || value.contains("/")) {
			throw new IllegalArgumentException(what + " must be a non-empty name without '/', got '" + value + "'");
		}
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

	/** A mutable query in insertion order; {@code null} values are left out. */
	public static final class Query {

		private final Map<String, List<String>> values = new LinkedHashMap<>();

		/** Adds a parameter unless {@code value} is {@code null}. */
		public Query add(String name, @Nullable Object value) {
			if (value != null) {
				this.values.put(name, List.of(value.toString()));
			}
			return this;
		}

		/** Adds a parameter only when {@code condition} holds. */
		public Query addIf(boolean condition, String name, Object value) {
			return condition ? add(name, value) : this;
		}

		public Map<String, List<String>> values() {
			return this.values;
		}

	}

	/** A request without body or extra headers. */
	public static <T> KubeRequest<T> of(String verb, HttpMethod method, String path, Query query, Class<T> type) {
		return new KubeRequest<>(verb, method, path, query.values(), Map.of(), null, type);
	}

	/** A request with a JSON body and an optional content type. */
	public static <T> KubeRequest<T> withBody(String verb, HttpMethod method, String path, Query query, Object body,
			@Nullable String contentType, Class<T> type) {
		Objects.requireNonNull(body, "body must not be null");
		Map<String, String> headers = (contentType != null) ? Map.of("Content-Type", contentType) : Map.of();
		return new KubeRequest<>(verb, method, path, query.values(), headers, body, type);
	}

}
