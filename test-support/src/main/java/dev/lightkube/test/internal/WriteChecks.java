package dev.lightkube.test.internal;

import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks of a written body against the request path, before any validation of its content: it is an object, its
 * kind, namespace and name match the path, its resource version is current.
 */
final class WriteChecks {

	private WriteChecks() {
	}

	static ObjectNode parseObject(String body) {
		if (body.isBlank()) {
			throw ApiError.badRequest("the request body is empty");
		}
		JsonNode node = Json.parse(body);
		if (!(node instanceof ObjectNode object)) {
			throw ApiError.badRequest("the request body must be a JSON object");
		}
		return object;
	}

	static void checkKind(ObjectNode object, Target target) {
		String apiVersion = Json.text(object, "apiVersion");
		String kind = Json.text(object, "kind");
		if (apiVersion != null && !apiVersion.equals(target.apiVersion())) {
			throw ApiError.badRequest("the API version in the data (" + apiVersion
					+ ") does not match the expected API version (" + target.apiVersion() + ")");
		}
		if (kind != null && !kind.equals(target.type().kind())) {
			throw ApiError.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
					+ target.type().kind() + ")");
		}
		object.put("apiVersion", target.apiVersion());
		object.put("kind", target.type().kind());
	}

	static void checkNamespace(ObjectNode object, Target target) {
		ObjectNode metadata = Json.metadata(object);
		if (!target.type().namespaced()) {
			metadata.remove("namespace");
			return;
		}
		String namespace = Json.text(metadata, "namespace");
		if (namespace != null && !namespace.isEmpty() && !namespace.equals(target.namespace())) {
			throw ApiError.badRequest(
					"the namespace of the provided object does not match the namespace sent on the request");
		}
		metadata.put("namespace", target.namespace());
	}

	/** Kind, namespace and name of a written object must match the path. */
	static void checkIdentity(ObjectNode object, Target target) {
		checkKind(object, target);
		checkNamespace(object, target);
		String name = Json.text(object.path("metadata"), "name");
		if (name != null && !name.equals(target.name())) {
			throw ApiError.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
					+ target.name() + ")");
		}
		Json.metadata(object).put("name", target.name());
	}

	/** Optimistic concurrency: a resource version in the written object must be the current one. */
	static void checkResourceVersion(JsonNode written, ObjectNode old, Target target) {
		String resourceVersion = Json.text(written.path("metadata"), "resourceVersion");
		if (resourceVersion != null && !resourceVersion.isEmpty()
				&& !resourceVersion.equals(Json.text(old.path("metadata"), "resourceVersion"))) {
			throw ApiError.conflict(target.type(), Objects.requireNonNull(target.name()));
		}
	}

	/** Writes through {@code status} change only status; writes to the main resource keep the old status. */
	static ObjectNode splitStatus(Target target, ObjectNode old, ObjectNode updated) {
		if (target.is("status")) {
			ObjectNode result = old.deepCopy();
			JsonNode status = updated.get("status");
			if (status == null) {
				result.remove("status");
			}
			else {
				result.set("status", status);
			}
			return result;
		}
		if (target.type().status()) {
			JsonNode status = old.get("status");
			if (status == null) {
				updated.remove("status");
			}
			else {
				updated.set("status", status.deepCopy());
			}
		}
		return updated;
	}

}
