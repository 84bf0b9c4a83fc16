package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON patch (RFC 6902), JSON merge patch (RFC 7386) and Kubernetes strategic merge patch on JSON trees.
 */
final class Patches {

	/** Lists merged element by element, and the field that identifies an element (Kubernetes patch-merge keys). */
	private static final Map<String, String> MERGE_KEYS = Map.ofEntries(Map.entry("containers", "name"),
			Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"),
			Map.entry("env", "name"), Map.entry("imagePullSecrets", "name"), Map.entry("volumeMounts", "mountPath"),
			Map.entry("volumeDevices", "devicePath"), Map.entry("hostAliases", "ip"), Map.entry("conditions", "type"),
			Map.entry("ownerReferences", "uid"), Map.entry("topologySpreadConstraints", "topologyKey"),
			Map.entry("resourceClaims", "name"), Map.entry("ports", "port"));

	private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

	/** Lists of scalars whose patch strategy is "merge" (a union) rather than replace. */
	private static final Set<String> MERGED_SCALAR_LISTS = Set.of("finalizers");

	private static final String DIRECTIVE = "$patch";

	private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

	private Patches() {
	}

	/** Applies a JSON patch: a list of {@code add, remove, replace, move, copy, test} operations. */
	static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
		if (!patch.isArray()) {
			throw ApiError.badRequest("the JSON patch must be a list of operations");
		}
		JsonNode document = target.deepCopy();
		for (JsonNode operation : patch) {
			String op = Json.text(operation, "op");
			String path = Json.text(operation, "path");
			if (op == null || path == null) {
				throw ApiError.badRequest("JSON patch operation needs \"op\" and \"path\": " + operation);
			}
			switch (op) {
				case "add" -> document = add(document, path, required(operation, "value").deepCopy());
				case "remove" -> document = remove(document, path);
				case "replace" -> {
					document = remove(document, path);
					document = add(document, path, required(operation, "value").deepCopy());
				}
				case "move" -> {
					String from = requiredText(operation, "from");
					JsonNode value = get(document, from);
					document = add(remove(document, from), path, value);
				}
				case "copy" -> document = add(document, path, get(document, requiredText(operation, "from")).deepCopy());
				case "test" -> {
					if (!get(document, path).equals(required(operation, "value"))) {
						throw ApiError.invalidPatch("testing value " + path + " failed");
					}
				}
				default -> throw ApiError.badRequest("unknown JSON patch operation \"" + op + "\"");
			}
		}
		return document;
	}

	private static JsonNode required(JsonNode operation, String field) {
		JsonNode value = operation.get(field);
		if (value == null) {
			throw ApiError.badRequest("JSON patch operation \"" + Json.text(operation, "op") + "\" needs \"" + field
					+ "\"");
		}
		return value;
	}

	private static String requiredText(JsonNode operation, String field) {
		return required(operation, field).asString();
	}

	private static List<String> pointer(String path) {
		if (path.isEmpty()) {
			return List.of();
		}
		if (!path.startsWith("/")) {
			throw ApiError.badRequest("JSON pointer must start with '/': " + path);
		}
		List<String> tokens = new ArrayList<>();
		for (String token : path.substring(1).split("/", -1)) {
			tokens.add(token.replace("~1", "/").replace("~0", "~"));
		}
		return tokens;
	}

	private static JsonNode get(JsonNode document, String path) {
		JsonNode current = document;
		for (String token : pointer(path)) {
			current = child(current, token, path);
		}
		return current;
	}

	private static JsonNode child(JsonNode node, String token, String path) {
		JsonNode next = null;
		if (node.isObject()) {
			next = node.get(token);
		}
		else if (node.isArray() && token.matches("\\d+")) {
			next = node.get(Integer.parseInt(token));
		}
		if (next == null) {
			throw ApiError.invalidPatch("doc is missing path: \"" + path + "\": missing value");
		}
		return next;
	}

	private static JsonNode add(JsonNode document, String path, JsonNode value) {
		List<String> tokens = pointer(path);
		if (tokens.isEmpty()) {
			return value;
		}
		JsonNode parent = document;
		for (String token : tokens.subList(0, tokens.size() - 1)) {
			parent = child(parent, token, path);
		}
		String last = tokens.get(tokens.size() - 1);
		if (parent instanceof ObjectNode object) {
			object.set(last, value);
		}
		else if (parent instanceof ArrayNode array) {
			if (last.equals("-")) {
				array.add(value);
			}
			else {
				int index = index(last, array.size(), path);
				array.insert(index, value);
			}
		}
		else {
			throw ApiError.invalidPatch("doc is missing path: \"" + path + "\"");
		}
		return document;
	}

	private static JsonNode remove(JsonNode document, String path) {
		List<String> tokens = pointer(path);
		if (tokens.isEmpty()) {
			return Json.object();
		}
		JsonNode parent = document;
		for (String token : tokens.subList(0, tokens.size() - 1)) {
			parent = child(parent, token, path);
		}
		String last = tokens.get(tokens.size() - 1);
		if (parent instanceof ObjectNode object && object.has(last)) {
			object.remove(last);
		}
		else if (parent instanceof ArrayNode array && last.matches("\\d+")
				&& Integer.parseInt(last) < array.size()) {
			array.remove(Integer.parseInt(last));
		}
		else {
			throw ApiError.invalidPatch("doc is missing path: \"" + path + "\": missing value");
		}
		return document;
	}

	private static int index(String token, int size, String path) {
		if (!token.matches("\\d+") || Integer.parseInt(token) > size) {
			throw ApiError.invalidPatch("invalid array index in path \"" + path + "\"");
		}
		return Integer.parseInt(token);
	}

	/** Applies a JSON merge patch: objects merge, {@code null} deletes, anything else replaces. */
	static JsonNode mergePatch(JsonNode target, JsonNode patch) {
		if (!patch.isObject()) {
			return patch.deepCopy();
		}
		ObjectNode result = target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
		for (Map.Entry<String, JsonNode> entry : patch.properties()) {
			if (entry.getValue().isNull()) {
				result.remove(entry.getKey());
			}
			else {
				JsonNode current = result.get(entry.getKey());
				result.set(entry.getKey(), mergePatch((current != null) ? current : Json.object(), entry.getValue()));
			}
		}
		return result;
	}

	/** Applies a strategic merge patch, merging lists by the Kubernetes patch-merge keys. */
	static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
		if (!patch.isObject() || !target.isObject()) {
			throw ApiError.badRequest("a strategic merge patch must be a JSON object");
		}
		ObjectNode merged = mergeObject((ObjectNode) target.deepCopy(), (ObjectNode) patch, "");
		return (merged != null) ? merged : Json.object();
	}

	/** Merges {@code patch} into {@code original} (mutated); {@code null} when the patch deletes the whole map. */
	private static @Nullable ObjectNode mergeObject(ObjectNode original, ObjectNode patch, String parentField) {
		String directive = Json.text(patch, DIRECTIVE);
		if ("delete".equals(directive)) {
			return null;
		}
		if ("replace".equals(directive)) {
			return (ObjectNode) clean(patch);
		}
		JsonNode retainKeys = patch.get("$retainKeys");
		if (retainKeys != null && retainKeys.isArray()) {
			original.retain(Json.strings(retainKeys));
		}
		for (Map.Entry<String, JsonNode> entry : patch.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
				String field = key.substring(DELETE_FROM_PRIMITIVE_LIST.length());
				if (original.get(field) instanceof ArrayNode list) {
					List<String> removed = Json.strings(value);
					list.removeIf((item) -> removed.contains(item.asString()));
				}
				continue;
			}
			if (key.startsWith("$")) {
				continue;
			}
			JsonNode current = original.get(key);
			if (value.isNull()) {
				original.remove(key);
			}
			else if (value instanceof ObjectNode patchObject) {
				ObjectNode merged = (current instanceof ObjectNode currentObject)
						? mergeObject(currentObject, patchObject, key) : mergeObject(Json.object(), patchObject, key);
				if (merged == null) {
					original.remove(key);
				}
				else {
					original.set(key, merged);
				}
			}
			else if (value instanceof ArrayNode patchList) {
				String mergeKey = mergeKey(parentField, key);
				if (mergeKey != null && current instanceof ArrayNode currentList) {
					original.set(key, mergeList(currentList, patchList, mergeKey, key));
				}
				else if (MERGED_SCALAR_LISTS.contains(key) && current instanceof ArrayNode currentList) {
					ArrayNode union = currentList.deepCopy();
					for (JsonNode item : patchList) {
						if (!contains(union, item)) {
							union.add(item);
						}
					}
					original.set(key, union);
				}
				else {
					ArrayNode replacement = Json.array();
					for (JsonNode item : patchList) {
						if (!isDirective(item)) {
							replacement.add(clean(item));
						}
					}
					original.set(key, replacement);
				}
			}
			else {
				original.set(key, value);
			}
		}
		return original;
	}

	private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, String mergeKey, String field) {
		for (JsonNode item : patch) {
			if (item.isObject() && "replace".equals(Json.text(item, DIRECTIVE)) && item.size() == 1) {
				ArrayNode replacement = Json.array();
				for (JsonNode other : patch) {
					if (!isDirective(other)) {
						replacement.add(clean(other));
					}
				}
				return replacement;
			}
		}
		ArrayNode result = original.deepCopy();
		for (JsonNode item : patch) {
			if (!(item instanceof ObjectNode patchItem)) {
				if (!contains(result, item)) {
					result.add(item);
				}
				continue;
			}
			JsonNode keyValue = patchItem.get(mergeKey);
			int index = indexOf(result, mergeKey, keyValue);
			if ("delete".equals(Json.text(patchItem, DIRECTIVE))) {
				if (index >= 0) {
					result.remove(index);
				}
				continue;
			}
			if (index >= 0) {
				ObjectNode merged = mergeObject((ObjectNode) result.get(index), patchItem, field);
				if (merged == null) {
					result.remove(index);
				}
				else {
					result.set(index, merged);
				}
			}
			else {
				result.add(clean(patchItem));
			}
		}
		return result;
	}

	private static int indexOf(ArrayNode list, String mergeKey, @Nullable JsonNode keyValue) {
		if (keyValue == null) {
			return -1;
		}
		for (int i = 0; i < list.size(); i++) {
			if (keyValue.equals(list.get(i).get(mergeKey))) {
				return i;
			}
		}
		return -1;
	}

	private static boolean contains(ArrayNode list, JsonNode item) {
		for (JsonNode existing : list) {
			if (existing.equals(item)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isDirective(JsonNode item) {
		return item.isObject() && item.has(DIRECTIVE) && item.size() == 1;
	}

	/** The patch-merge key of a list field, or {@code null} when the list is replaced as a whole. */
	static @Nullable String mergeKey(String parentField, String field) {
		if (field.equals("ports") && CONTAINER_LISTS.contains(parentField)) {
			return "containerPort";
		}
		return MERGE_KEYS.get(field);
	}

	/** A copy of a patch value without directives, as stored when it is added rather than merged. */
	private static JsonNode clean(JsonNode value) {
		if (value instanceof ObjectNode object) {
			ObjectNode result = Json.object();
			for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext();) {
				Map.Entry<String, JsonNode> entry = it.next();
				if (!entry.getKey().startsWith("$")) {
					result.set(entry.getKey(), clean(entry.getValue()));
				}
			}
			return result;
		}
		if (value instanceof ArrayNode array) {
			ArrayNode result = Json.array();
			for (JsonNode item : array) {
				if (!isDirective(item)) {
					result.add(clean(item));
				}
			}
			return result;
		}
		return value;
	}

}
