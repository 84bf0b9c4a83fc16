package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Label and field selectors, parsed from query parameters into predicates over stored objects.
 */
final class Selectors {

	private Selectors() {
	}

	/** Both selectors of a request as one predicate (always true when both are absent). */
	static Predicate<ObjectNode> parse(ResourceType type, @Nullable String labelSelector,
			@Nullable String fieldSelector) {
		Predicate<ObjectNode> labels = labels(labelSelector);
		Predicate<ObjectNode> fields = fields(type, fieldSelector);
		return (object) -> labels.test(object) && fields.test(object);
	}

	/** A label selector: {@code =, ==, !=, in, notin}, {@code key} and {@code !key}, comma separated. */
	static Predicate<ObjectNode> labels(@Nullable String selector) {
		if (selector == null || selector.isBlank()) {
			return (object) -> true;
		}
		List<Predicate<ObjectNode>> requirements = new ArrayList<>();
		for (String term : splitTopLevel(selector)) {
			requirements.add(labelRequirement(term.trim(), selector));
		}
		return (object) -> requirements.stream().allMatch((r) -> r.test(object));
	}

	private static Predicate<ObjectNode> labelRequirement(String term, String selector) {
		if (term.isEmpty()) {
			throw ApiError.badRequest("unable to parse requirement: empty term in label selector \"" + selector + "\"");
		}
		String[] words = term.split("\\s+", 3);
		if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
			String key = validKey(words[0], selector);
			Set<String> values = parseSet(words[2], selector);
			boolean in = words[1].equals("in");
			return (object) -> {
				String value = label(object, key);
				return in ? (value != null && values.contains(value)) : (value == null || !values.contains(value));
			};
		}
		int notEquals = term.indexOf("!=");
		if (notEquals > 0) {
			String key = validKey(term.substring(0, notEquals).trim(), selector);
			String expected = term.substring(notEquals + 2).trim();
			return (object) -> !expected.equals(label(object, key));
		}
		int equals = term.indexOf('=');
		if (equals > 0) {
			String key = validKey(term.substring(0, equals).trim(), selector);
			String expected = term.substring(term.startsWith("==", equals) ? equals + 2 : equals + 1).trim();
			return (object) -> expected.equals(label(object, key));
		}
		if (term.startsWith("!")) {
			String key = validKey(term.substring(1).trim(), selector);
			return (object) -> label(object, key) == null;
		}
		String key = validKey(term, selector);
		return (object) -> label(object, key) != null;
	}

	private static String validKey(String key, String selector) {
		if (key.isEmpty() || !key.matches("([A-Za-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?")) {
			throw ApiError.badRequest("unable to parse requirement: invalid label key \"" + key
					+ "\" in label selector \"" + selector + "\"");
		}
		return key;
	}

	private static Set<String> parseSet(String text, String selector) {
		String trimmed = text.trim();
		if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
			throw ApiError.badRequest("unable to parse requirement: expected a set in parentheses in label selector \""
					+ selector + "\"");
		}
		List<String> values = new ArrayList<>();
		for (String value : trimmed.substring(1, trimmed.length() - 1).split(",")) {
			if (!value.isBlank()) {
				values.add(value.trim());
			}
		}
		return Set.copyOf(values);
	}

	private static List<String> splitTopLevel(String selector) {
		List<String> terms = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < selector.length(); i++) {
			char c = selector.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				terms.add(selector.substring(start, i));
				start = i + 1;
			}
		}
		terms.add(selector.substring(start));
		return terms;
	}

	private static @Nullable String label(ObjectNode object, String key) {
		return Json.text(object.path("metadata").path("labels"), key);
	}

	/** A field selector: {@code metadata.name}, {@code metadata.namespace} and the kind's own labels. */
	static Predicate<ObjectNode> fields(ResourceType type, @Nullable String selector) {
		if (selector == null || selector.isBlank()) {
			return (object) -> true;
		}
		List<Predicate<ObjectNode>> requirements = new ArrayList<>();
		for (String term : selector.split(",")) {
			String trimmed = term.trim();
			boolean negate = trimmed.contains("!=");
			String[] parts = negate ? trimmed.split("!=", 2) : trimmed.split("==?", 2);
			if (parts.length != 2) {
				throw ApiError.badRequest("invalid selector: '" + selector + "'; can't understand '" + trimmed + "'");
			}
			String field = parts[0].trim();
			String expected = parts[1].trim();
			if (!field.equals("metadata.name") && !field.equals("metadata.namespace")
					&& !type.fieldLabels().contains(field)) {
				throw ApiError.badRequest("field label not supported: " + field);
			}
			requirements.add((object) -> negate != expected.equals(fieldValue(object, field)));
		}
		return (object) -> requirements.stream().allMatch((r) -> r.test(object));
	}

	private static String fieldValue(ObjectNode object, String field) {
		if (field.equals("source")) {
			return object.path("source").path("component").asString("");
		}
		JsonNode value = Json.at(object, field);
		return (value == null || value.isNull()) ? "" : value.asString();
	}

	/** Whether a {@code LabelSelector} object (match labels and expressions) selects these labels. */
	static boolean matches(JsonNode selector, JsonNode labels) {
		for (java.util.Map.Entry<String, JsonNode> entry : selector.path("matchLabels").properties()) {
			if (!entry.getValue().asString("").equals(Json.text(labels, entry.getKey()))) {
				return false;
			}
		}
		for (JsonNode expression : selector.path("matchExpressions")) {
			String value = Json.text(labels, expression.path("key").asString(""));
			List<String> values = Json.strings(expression.get("values"));
			boolean ok = switch (expression.path("operator").asString("")) {
				case "In" -> value != null && values.contains(value);
				case "NotIn" -> value == null || !values.contains(value);
				case "Exists" -> value != null;
				case "DoesNotExist" -> value == null;
				default -> false;
			};
			if (!ok) {
				return false;
			}
		}
		return true;
	}

}
