package dev.lightkube.test.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * JSON tree helpers: the server keeps every object as a Jackson tree, so patches and selectors work on any kind.
 */
final class Json {

	/** The JSON mapper for request and response bodies. */
	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** The YAML mapper for server-side apply bodies and kubeconfig text. */
	public static final YAMLMapper YAML = YAMLMapper.builder().build();

	private Json() {
	}

	/** A new empty object node. */
	public static ObjectNode object() {
		return JsonNodeFactory.instance.objectNode();
	}

	/** A new empty array node. */
	public static ArrayNode array() {
		return JsonNodeFactory.instance.arrayNode();
	}

	/** Parses JSON text into a tree. */
	public static JsonNode parse(String text) {
		return MAPPER.readTree(text);
	}

	/** Serializes a tree as compact JSON. */
	public static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	/** The string at {@code field} of {@code node}, or {@code null} when missing or not a string. */
	public static @Nullable String text(@Nullable JsonNode node, String field) {
		if (node == null) {
			return null;
		}
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/** The object at {@code field}, created when missing. */
	public static ObjectNode with(ObjectNode node, String field) {
		JsonNode value = node.get(field);
		if (value instanceof ObjectNode object) {
			return object;
		}
		return node.putObject(field);
	}

	/** The object's {@code metadata}, created when missing. */
	public static ObjectNode metadata(ObjectNode node) {
		return with(node, "metadata");
	}

	/** The value at a dotted path such as {@code status.phase}, or {@code null}. */
	public static @Nullable JsonNode at(JsonNode node, String dottedPath) {
		JsonNode current = node;
		for (String part : dottedPath.split("\\.")) {
			if (current == null || !current.isObject()) {
				return null;
			}
			current = current.get(part);
		}
		return current;
	}

	/** The strings of an array field (empty when missing). */
	public static List<String> strings(@Nullable JsonNode array) {
		List<String> result = new ArrayList<>();
		if (array != null && array.isArray()) {
			for (JsonNode item : array) {
				result.add(item.asString());
			}
		}
		return result;
	}

	/** A timestamp as the API server writes it: RFC 3339 in UTC, to the second. */
	public static String timestamp(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
