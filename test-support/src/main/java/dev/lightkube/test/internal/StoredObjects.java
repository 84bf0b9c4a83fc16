package dev.lightkube.test.internal;

import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lookups every verb shares: the addressed object, the namespace it must live in, and an object rendered in the
 * requested version.
 */
final class StoredObjects {

	private final Registry registry;

	private final Store store;

	StoredObjects(Registry registry, Store store) {
		this.registry = registry;
		this.store = store;
	}

	/** The addressed object; 404 when it does not exist. */
	ObjectNode existing(Target target) {
		ObjectNode object = this.store.get(target.type(), target.namespace(), Objects.requireNonNull(target.name()));
		if (object == null) {
			throw ApiError.notFound(target.type(), target.name());
		}
		return object;
	}

	/** 404 when the target's namespace does not exist (namespaced kinds only). */
	void requireNamespace(Target target) {
		ResourceType namespaces = Objects.requireNonNull(this.registry.find("", "v1", "namespaces"));
		if (target.type().namespaced()
				&& this.store.get(namespaces, null, Objects.requireNonNull(target.namespace())) == null) {
			throw ApiError.namespaceNotFound(target.namespace());
		}
	}

	/** A copy of a stored object with the requested version's {@code apiVersion} and {@code kind} first. */
	static ObjectNode render(ObjectNode object, ResourceType type, String version) {
		ObjectNode copy = Json.object();
		copy.put("apiVersion", type.apiVersion(version));
		copy.put("kind", type.kind());
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			if (!entry.getKey().equals("apiVersion") && !entry.getKey().equals("kind")) {
				copy.set(entry.getKey(), entry.getValue().deepCopy());
			}
		}
		return copy;
	}

	static ObjectNode render(ObjectNode object, Target target) {
		return render(object, target.type(), target.version());
	}

}
