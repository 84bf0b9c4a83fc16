package dev.lightkube.test.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request failed: carries everything needed to answer with a Kubernetes {@code Status}.
 */
final class ApiError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int code;

	private final String reason;

	private final @Nullable String name;

	private final @Nullable String group;

	private final @Nullable String kind;

	private final List<Cause> causes;

	ApiError(int code, String reason, String message, @Nullable String name, @Nullable String group,
			@Nullable String kind, List<Cause> causes) {
		super(message, null, false, false);
		this.code = code;
		this.reason = reason;
		this.name = name;
		this.group = group;
		this.kind = kind;
		this.causes = causes;
	}

	/** One field cause of a 409 or 422. */
	record Cause(String type, String message, String field) {
	}

	static ApiError badRequest(String message) {
		return new ApiError(400, "BadRequest", message, null, null, null, List.of());
	}

	static ApiError notFound(ResourceType type, String name) {
		return new ApiError(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found", name,
				type.group(), type.plural(), List.of());
	}

	static ApiError notFound(String message) {
		return new ApiError(404, "NotFound", message, null, null, null, List.of());
	}

	static ApiError namespaceNotFound(String namespace) {
		return new ApiError(404, "NotFound", "namespaces \"" + namespace + "\" not found", namespace, "",
				"namespaces", List.of());
	}

	static ApiError alreadyExists(ResourceType type, String name) {
		return new ApiError(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists", name,
				type.group(), type.plural(), List.of());
	}

	static ApiError conflict(ResourceType type, String name) {
		return new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \""
				+ name + "\": the object has been modified; please apply your changes to the latest version and try again",
				name, type.group(), type.plural(), List.of());
	}

	static ApiError applyConflict(ResourceType type, String name, String message, List<Cause> causes) {
		return new ApiError(409, "Conflict", message, name, type.group(), type.plural(), causes);
	}

	static ApiError invalid(ResourceType type, String name, String field, String detail) {
		String reason = detail.startsWith("Required value") ? "FieldValueRequired" : "FieldValueInvalid";
		return invalid(type, name, List.of(new Cause(reason, detail, field)));
	}

	/**
	 * A 422 {@code Invalid} as the API server writes it: {@code Deployment.apps "x" is invalid: spec.selector:
	 * Required value}, several causes in brackets, each cause also in {@code details.causes}.
	 */
	static ApiError invalid(ResourceType type, String name, List<Cause> causes) {
		List<String> parts = causes.stream().map((c) -> c.field() + ": " + c.message()).toList();
		String summary = (parts.size() == 1) ? parts.get(0) : "[" + String.join(", ", parts) + "]";
		String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
		return new ApiError(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + summary, name,
				type.group(), type.kind(), List.copyOf(causes));
	}

	/** 422 for query parameters that do not go together, as the API server's {@code ListOptions} validation. */
	static ApiError invalidListOptions(List<Cause> causes) {
		List<String> parts = causes.stream().map((c) -> c.field() + ": " + c.message()).toList();
		String summary = (parts.size() == 1) ? parts.get(0) : "[" + String.join(", ", parts) + "]";
		return new ApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: " + summary, null, "meta.k8s.io",
				"ListOptions", List.copyOf(causes));
	}

	static ApiError invalidPatch(String message) {
		return new ApiError(422, "Invalid", "the server rejected our request due to an error in our request: " + message,
				null, null, null, List.of());
	}

	static ApiError expired(String message) {
		return new ApiError(410, "Expired", message, null, null, null, List.of());
	}

	static ApiError unsupportedMediaType(String message) {
		return new ApiError(415, "UnsupportedMediaType", message, null, null, null, List.of());
	}

	static ApiError methodNotAllowed(String message) {
		return new ApiError(405, "MethodNotAllowed", message, null, null, null, List.of());
	}

	/** The HTTP status code. */
	public int code() {
		return this.code;
	}

	/** This error as a {@code Status} object. */
	public ObjectNode toStatus() {
		return status(this.code, this.reason, getMessage(), this.name, this.group, this.kind, this.causes);
	}

	/** A failure {@code Status} with the given code, reason and message. */
	public static ObjectNode status(int code, String reason, @Nullable String message) {
		return status(code, reason, message, null, null, null, List.of());
	}

	static ObjectNode status(int code, String reason, @Nullable String message, @Nullable String name,
			@Nullable String group, @Nullable String kind, List<Cause> causes) {
		ObjectNode status = Json.object();
		status.put("kind", "Status");
		status.put("apiVersion", "v1");
		status.putObject("metadata");
		status.put("status", "Failure");
		if (message != null) {
			status.put("message", message);
		}
		status.put("reason", reason);
		if (name != null || kind != null || !causes.isEmpty()) {
			ObjectNode details = status.putObject("details");
			if (name != null) {
				details.put("name", name);
			}
			if (group != null && !group.isEmpty()) {
				details.put("group", group);
			}
			if (kind != null) {
				details.put("kind", kind);
			}
			if (!causes.isEmpty()) {
				ArrayNode array = details.putArray("causes");
				for (Cause cause : causes) {
					array.addObject().put("reason", cause.type()).put("message", cause.message())
						.put("field", cause.field());
				}
			}
		}
		status.put("code", code);
		return status;
	}

}
