package dev.lightkube.listener;

import dev.lightkube.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a selector written as Kubernetes writes it ({@code app=web,tier!=db,env in (prod,staging),!legacy}), as
 * {@code @KubeWatch} attributes hold them.
 */
final class SelectorParser {

	private static final Pattern SET = Pattern.compile("^([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)$");

	private SelectorParser() {
	}

	/**
	 * @throws IllegalArgumentException naming the attribute and the part that cannot be read
	 */
	static Selector parse(@Nullable String text, String attribute) {
		Selector selector = Selector.none();
		if (text == null || text.isBlank()) {
			return selector;
		}
		for (String part : split(text)) {
			String requirement = part.strip();
			Matcher set = SET.matcher(requirement);
			if (set.matches()) {
				String[] values = set.group(3).split(",");
				for (int i = 0; i < values.length; i++) {
					values[i] = values[i].strip();
				}
				selector = "in".equals(set.group(2)) ? selector.in(set.group(1), values)
						: selector.notIn(set.group(1), values);
			}
			else if (requirement.contains("!=")) {
				String[] pair = requirement.split("!=", 2);
				selector = selector.notEqual(key(pair[0], attribute, text), pair[1].strip());
			}
			else if (requirement.contains("=")) {
				String[] pair = requirement.split("==?", 2);
				selector = selector.equal(key(pair[0], attribute, text), pair[1].strip());
			}
			else if (requirement.startsWith("!")) {
				selector = selector.notExists(key(requirement.substring(1), attribute, text));
			}
			else {
				selector = selector.exists(key(requirement, attribute, text));
			}
		}
		return selector;
	}

	private static String key(String key, String attribute, String text) {
		String stripped = key.strip();
		if (stripped.isEmpty() || stripped.contains(" ") || stripped.contains("(") || stripped.contains(")")) {
			throw new IllegalArgumentException("@KubeWatch " + attribute + " '" + text + "' cannot be read near '"
					+ key + "'");
		}
		return stripped;
	}

	/** Splits at commas outside parentheses. */
	private static List<String> split(String text) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				parts.add(text.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(text.substring(start));
		return parts;
	}

}
