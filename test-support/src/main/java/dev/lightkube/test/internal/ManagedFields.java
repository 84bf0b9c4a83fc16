package dev.lightkube.test.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply and field ownership, simplified: a field is owned per leaf path (objects recurse, lists with a
 * patch-merge key recurse per element, other lists are one value), recorded in {@code metadata.managedFields} as
 * {@code FieldsV1}.
 */
final class ManagedFields {

	private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
			"generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds",
			"selfLink", "generateName");

	private static final String SELF = ".";

	private ManagedFields() {
	}

	/**
	 * One manager's fields: {@code manager} with operation {@code Apply} or {@code Update}; {@code time} is when it
	 * last wrote, {@code null} for the manager acting now.
	 */
	private record Entry(String manager, String operation, String apiVersion, Set<List<String>> paths,
			@Nullable String time) {
	}

	/**
	 * Applies a configuration for {@code manager}: creates the object when {@code live} is {@code null}, else merges
	 * the configuration into it, removes fields this manager applied before and no longer does, and fails with a
	 * conflict when another manager owns a field that would change (unless {@code force}).
	 */
	static ObjectNode apply(@Nullable ObjectNode live, ObjectNode config, String manager, boolean force,
			ResourceType type, String apiVersion, String name) {
		Set<List<String>> applied = paths(config);
		if (live == null) {
			ObjectNode created = (ObjectNode) Patches.strategicMergePatch(Json.object(), config);
			write(created, List.of(new Entry(manager, "Apply", apiVersion, applied, null)));
			return created;
		}
		List<Entry> entries = read(live);
		Map<String, List<String>> conflicts = new LinkedHashMap<>();
		for (Entry entry : entries) {
			if (entry.manager().equals(manager) && entry.operation().equals("Apply")) {
				continue;
			}
			for (List<String> path : new ArrayList<>(entry.paths())) {
				// A keyed list item's own entry (".") only says the item exists: its fields conflict, not the item.
				if (applied.contains(path) && !isSelf(path)
						&& !Objects.equals(valueAt(live, path), valueAt(config, path))) {
					if (force) {
						entry.paths().remove(path);
					}
					else {
						conflicts.computeIfAbsent(entry.manager() + "\u0000" + entry.apiVersion(),
								(k) -> new ArrayList<>()).add(render(path));
					}
				}
			}
		}
		if (!conflicts.isEmpty()) {
			throw conflict(type, name, conflicts);
		}
		ObjectNode result = live.deepCopy();
		Entry previous = find(entries, manager, "Apply");
		if (previous != null) {
			for (List<String> path : previous.paths()) {
				if (!applied.contains(path) && entries.stream()
					.noneMatch((e) -> e != previous && e.paths().contains(path))) {
					removeAt(result, path);
				}
			}
			entries.remove(previous);
		}
		result = (ObjectNode) Patches.strategicMergePatch(result, config);
		entries.add(new Entry(manager, "Apply", apiVersion, applied, null));
		write(result, entries);
		return result;
	}

	/** Records a non-apply write: {@code manager} now owns the fields it changed, other managers lose them. */
	static void recordUpdate(@Nullable ObjectNode old, ObjectNode updated, String manager, String apiVersion) {
		List<Entry> entries = (old != null) ? read(old) : new ArrayList<>();
		Set<List<String>> now = paths(updated);
		Set<List<String>> changed = new LinkedHashSet<>();
		for (List<String> path : now) {
			// Changing a field of a keyed list item takes that field, not the item: "." changes only when it is new.
			boolean change = isSelf(path) ? (old == null || valueAt(old, path) == null)
					: (old == null || !Objects.equals(valueAt(old, path), valueAt(updated, path)));
			if (change) {
				changed.add(path);
			}
		}
		Set<List<String>> removed = (old != null) ? paths(old) : new LinkedHashSet<>();
		removed.removeAll(now);
		for (Entry entry : entries) {
			entry.paths().removeAll(changed);
			entry.paths().removeAll(removed);
		}
		Entry previous = find(entries, manager, "Update");
		Entry mine = new Entry(manager, "Update", apiVersion, new LinkedHashSet<>(), null);
		if (previous == null) {
			entries.add(mine);
		}
		else {
			mine.paths().addAll(previous.paths());
			entries.set(entries.indexOf(previous), mine);
		}
		mine.paths().addAll(changed);
		write(updated, entries);
	}

	private static boolean isSelf(List<String> path) {
		return path.get(path.size() - 1).equals(SELF);
	}

	private static @Nullable Entry find(List<Entry> entries, String manager, String operation) {
		for (Entry entry : entries) {
			if (entry.manager().equals(manager) && entry.operation().equals(operation)) {
				return entry;
			}
		}
		return null;
	}

	private static ApiError conflict(ResourceType type, String name, Map<String, List<String>> conflicts) {
		List<ApiError.Cause> causes = new ArrayList<>();
		StringBuilder message = new StringBuilder();
		int count = 0;
		for (Map.Entry<String, List<String>> entry : conflicts.entrySet()) {
			String[] managerAndVersion = entry.getKey().split("\u0000", 2);
			String who = "conflict with \"" + managerAndVersion[0] + "\" using " + managerAndVersion[1];
			for (String field : entry.getValue()) {
				causes.add(new ApiError.Cause("FieldManagerConflict", who, field));
				message.append(message.length() > 0 ? "\n" : "").append(who).append(": ").append(field);
				count++;
			}
		}
		String text = "Apply failed with " + count + " conflict" + ((count > 1) ? "s" : "") + ": " + message;
		return ApiError.applyConflict(type, name, text, causes);
	}

	/** Every owned path of an object: one per leaf field and one per element of a keyed list. */
	static Set<List<String>> paths(JsonNode object) {
		Set<List<String>> paths = new LinkedHashSet<>();
		collect(object, new ArrayList<>(), "", paths);
		return paths;
	}

	private static void collect(JsonNode node, List<String> prefix, String parentField, Set<List<String>> paths) {
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			if (prefix.isEmpty() && (key.equals("apiVersion") || key.equals("kind"))) {
				continue;
			}
			if (prefix.equals(List.of("f:metadata")) && SERVER_METADATA.contains(key)) {
				continue;
			}
			List<String> path = append(prefix, "f:" + key);
			String mergeKey = Patches.mergeKey(parentField, key);
			if (value.isObject() && !value.isEmpty()) {
				collect(value, path, key, paths);
			}
			else if (value.isArray() && mergeKey != null && keyed(value, mergeKey)) {
				for (JsonNode item : value) {
					ObjectNode id = Json.object();
					id.set(mergeKey, item.get(mergeKey));
					List<String> itemPath = append(path, "k:" + Json.write(id));
					paths.add(append(itemPath, SELF));
					collect(item, itemPath, key, paths);
				}
			}
			else if (!(prefix.isEmpty() && key.equals("metadata"))) {
				paths.add(path);
			}
		}
	}

	private static boolean keyed(JsonNode list, String mergeKey) {
		for (JsonNode item : list) {
			if (!item.isObject() || !item.has(mergeKey)) {
				return false;
			}
		}
		return true;
	}

	private static List<String> append(List<String> prefix, String token) {
		List<String> path = new ArrayList<>(prefix);
		path.add(token);
		return path;
	}

	static @Nullable JsonNode valueAt(JsonNode root, List<String> path) {
		JsonNode current = root;
		for (String token : path) {
			if (current == null) {
				return null;
			}
			if (token.equals(SELF)) {
				continue;
			}
			current = step(current, token);
		}
		return current;
	}

	private static @Nullable JsonNode step(JsonNode node, String token) {
		if (token.startsWith("f:")) {
			return node.isObject() ? node.get(token.substring(2)) : null;
		}
		if (token.startsWith("k:") && node.isArray()) {
			JsonNode id = Json.parse(token.substring(2));
			for (JsonNode item : node) {
				if (matches(item, id)) {
					return item;
				}
			}
		}
		return null;
	}

	private static boolean matches(JsonNode item, JsonNode id) {
		for (Map.Entry<String, JsonNode> entry : id.properties()) {
			if (!entry.getValue().equals(item.get(entry.getKey()))) {
				return false;
			}
		}
		return true;
	}

	private static void removeAt(ObjectNode root, List<String> path) {
		boolean self = path.get(path.size() - 1).equals(SELF);
		List<String> target = self ? path.subList(0, path.size() - 1) : path;
		JsonNode parent = valueAt(root, target.subList(0, target.size() - 1));
		String last = target.get(target.size() - 1);
		if (parent instanceof ObjectNode object && last.startsWith("f:")) {
			object.remove(last.substring(2));
		}
		else if (parent instanceof ArrayNode array && last.startsWith("k:")) {
			JsonNode id = Json.parse(last.substring(2));
			array.removeIf((item) -> matches(item, id));
		}
	}

	/** A path as in conflict messages: {@code .spec.containers[name="web"].image}. */
	private static String render(List<String> path) {
		StringBuilder text = new StringBuilder();
		for (String token : path) {
			if (token.startsWith("f:")) {
				text.append('.').append(token.substring(2));
			}
			else if (token.startsWith("k:")) {
				JsonNode id = Json.parse(token.substring(2));
				text.append('[');
				boolean first = true;
				for (Map.Entry<String, JsonNode> entry : id.properties()) {
					text.append(first ? "" : ",").append(entry.getKey()).append('=').append(entry.getValue());
					first = false;
				}
				text.append(']');
			}
		}
		return text.toString();
	}

	private static List<Entry> read(JsonNode object) {
		List<Entry> entries = new ArrayList<>();
		for (JsonNode item : object.path("metadata").path("managedFields")) {
			Set<List<String>> paths = new LinkedHashSet<>();
			parse(item.path("fieldsV1"), new ArrayList<>(), paths);
			entries.add(new Entry(item.path("manager").asString(""), item.path("operation").asString("Update"),
					item.path("apiVersion").asString(""), paths, Json.text(item, "time")));
		}
		return entries;
	}

	private static void parse(JsonNode fields, List<String> prefix, Set<List<String>> paths) {
		for (Map.Entry<String, JsonNode> entry : fields.properties()) {
			List<String> path = append(prefix, entry.getKey());
			if (entry.getValue().isEmpty()) {
				paths.add(path);
			}
			else {
				parse(entry.getValue(), path, paths);
			}
		}
	}

	private static void write(ObjectNode object, List<Entry> entries) {
		ArrayNode managed = Json.array();
		String now = Json.timestamp(Instant.now());
		for (Entry entry : entries) {
			if (entry.paths().isEmpty()) {
				continue;
			}
			ObjectNode fields = Json.object();
			for (List<String> path : entry.paths()) {
				ObjectNode current = fields;
				for (String token : path) {
					current = Json.with(current, token);
				}
			}
			managed.addObject()
				.put("manager", entry.manager())
				.put("operation", entry.operation())
				.put("apiVersion", entry.apiVersion())
				.put("time", (entry.time() != null) ? entry.time() : now)
				.put("fieldsType", "FieldsV1")
				.set("fieldsV1", fields);
		}
		if (managed.isEmpty()) {
			Json.metadata(object).remove("managedFields");
		}
		else {
			Json.metadata(object).set("managedFields", managed);
		}
	}

}
