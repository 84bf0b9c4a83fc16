package dev.lightkube;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An immutable label or field selector: a conjunction of requirements (lightkube's {@code labels}/{@code fields}
 * dictionaries and its {@code operators}).
 *
 * <pre>{@code
 * Selector.of("app", "web").notEqual("tier", "db").in("env", "prod", "staging").exists("team").notExists("legacy")
 * // app=web,tier!=db,env in (prod,staging),team,!legacy
 * }</pre>
 *
 * Field selectors accept only {@code equal}, {@code notEqual} and {@code notIn} (sent as several {@code !=}, as
 * lightkube does).
 */
public final class Selector {

	private static final Selector EMPTY = new Selector(List.of());

	private final List<Requirement> requirements;

	private Selector(List<Requirement> requirements) {
		this.requirements = requirements;
	}

	/** No requirement: selects everything. */
	public static Selector none() {
		return EMPTY;
	}

	/** {@code key=value}. */
	public static Selector of(String key, String value) {
		return EMPTY.equal(key, value);
	}

	/** {@code key=value} for each entry (lightkube's dictionary form); a {@code null} value means "exists". */
	public static Selector of(Map<String, ? extends @Nullable String> equalities) {
		Objects.requireNonNull(equalities, "equalities must not be null");
		Selector selector = EMPTY;
		for (Map.Entry<String, ? extends @Nullable String> entry : equalities.entrySet()) {
			String value = entry.getValue();
			selector = (value != null) ? selector.equal(entry.getKey(), value) : selector.exists(entry.getKey());
		}
		return selector;
	}

	/** Adds {@code key=value}. */
	public Selector equal(String key, String value) {
		return with(new Requirement(Operator.EQUAL, key, List.of(requireValue(value))));
	}

	/** Adds {@code key!=value}. */
	public Selector notEqual(String key, String value) {
		return with(new Requirement(Operator.NOT_EQUAL, key, List.of(requireValue(value))));
	}

	/** Adds {@code key in (v1,v2,...)}. */
	public Selector in(String key, String... values) {
		return with(new Requirement(Operator.IN, key, requireValues(values)));
	}

	/** Adds {@code key notin (v1,v2,...)}. */
	public Selector notIn(String key, String... values) {
		return with(new Requirement(Operator.NOT_IN, key, requireValues(values)));
	}

	/** Adds {@code key}: the label exists. */
	public Selector exists(String key) {
		return with(new Requirement(Operator.EXISTS, key, List.of()));
	}

	/** Adds {@code !key}: the label does not exist. */
	public Selector notExists(String key) {
		return with(new Requirement(Operator.NOT_EXISTS, key, List.of()));
	}

	/** The requirements in order. */
	public List<Requirement> requirements() {
		return this.requirements;
	}

	/** Whether there is no requirement. */
	public boolean isEmpty() {
		return this.requirements.isEmpty();
	}

	/** Whether every requirement is an equality or inequality (what field selectors accept). */
	public boolean isEqualityOnly() {
		return this.requirements.stream()
			.allMatch((r) -> r.operator() == Operator.EQUAL || r.operator() == Operator.NOT_EQUAL);
	}

	/**
	 * Whether the API's field selectors can express it: {@code equal}, {@code notEqual}, and {@code notIn}, which is
	 * sent as one {@code !=} per value (as lightkube does).
	 */
	public boolean isFieldSelector() {
		return this.requirements.stream()
			.allMatch((r) -> r.operator() == Operator.EQUAL || r.operator() == Operator.NOT_EQUAL
					|| r.operator() == Operator.NOT_IN);
	}

	/**
	 * The query value as a field selector: {@code notIn} expanded into one {@code !=} per value, as lightkube does
	 * ({@code status.phase notin (Failed,Succeeded)} becomes {@code status.phase!=Failed,status.phase!=Succeeded}).
	 * @throws IllegalArgumentException when a requirement cannot be a field selector (see {@link #isFieldSelector()})
	 */
	public String toFieldQuery() {
		List<String> parts = new ArrayList<>();
		for (Requirement requirement : this.requirements) {
			switch (requirement.operator()) {
				case EQUAL, NOT_EQUAL -> parts.add(requirement.toString());
				case NOT_IN -> requirement.values().forEach((value) -> parts.add(requirement.key() + "!=" + value));
				default -> throw new IllegalArgumentException("field selectors accept only equal, notEqual and notIn,"
						+ " got '" + requirement + "'");
			}
		}
		return String.join(",", parts);
	}

	private static final Pattern SET_REQUIREMENT = Pattern.compile("^([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)$");

	/**
	 * Reads a selector written as Kubernetes writes it: {@code app=web,tier!=db,env in (prod,staging),team,!legacy}
	 * ({@code ==} works as {@code =}). {@code null} or blank is {@link #none()}.
	 * @throws IllegalArgumentException naming the part that cannot be read
	 */
	public static Selector parse(@Nullable String text) {
		Selector selector = none();
		if (text == null || text.isBlank()) {
			return selector;
		}
		for (String part : splitRequirements(text)) {
			String requirement = part.strip();
			Matcher set = SET_REQUIREMENT.matcher(requirement);
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
				selector = selector.notEqual(key(pair[0], text), pair[1].strip());
			}
			else if (requirement.contains("=")) {
				String[] pair = requirement.split("==?", 2);
				selector = selector.equal(key(pair[0], text), pair[1].strip());
			}
			else if (requirement.startsWith("!")) {
				selector = selector.notExists(key(requirement.substring(1), text));
			}
			else {
				selector = selector.exists(key(requirement, text));
			}
		}
		return selector;
	}

	private static String key(String key, String text) {
		String stripped = key.strip();
		if (stripped.isEmpty() || stripped.contains(" ") || stripped.contains("(") || stripped.contains(")")) {
			throw new IllegalArgumentException("Selector '" + text + "' cannot be read near '" + key
					+ "'; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key, separated by commas");
		}
		return stripped;
	}

	/** Splits at commas outside parentheses. */
	private static List<String> splitRequirements(String text) {
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

	/** The query value, such as {@code app=web,env in (prod,staging)}. */
	public String toQuery() {
		return this.requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
	}

	private Selector with(Requirement requirement) {
		List<Requirement> list = new ArrayList<>(this.requirements);
		list.add(requirement);
		return new Selector(Collections.unmodifiableList(list));
	}

	private static String requireValue(String value) {
		return Objects.requireNonNull(value, "selector value must not be null");
	}

	private static List<String> requireValues(String... values) {
		Objects.requireNonNull(values, "values must not be null");
		if (values.length == 0) {
			throw new IllegalArgumentException("'in' and 'notin' need at least one value");
		}
		for (String value : values) {
			requireValue(value);
		}
		return List.of(values);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Selector that) && this.requirements.equals(that.requirements);
	}

	@Override
	public int hashCode() {
		return this.requirements.hashCode();
	}

	@Override
	public String toString() {
		return toQuery();
	}

	/** The operator of one requirement. */
	public enum Operator {

		/** {@code key=value}. */
		EQUAL,
		/** {@code key!=value}. */
		NOT_EQUAL,
		/** {@code key in (...)}. */
		IN,
		/** {@code key notin (...)}. */
		NOT_IN,
		/** {@code key}. */
		EXISTS,
		/** {@code !key}. */
		NOT_EXISTS

	}

	/**
	 * One requirement of a selector.
	 *
	 * @param operator the operator
	 * @param key the label or field name
	 * @param values the values ({@code 1} for (not) equal, at least one for (not) in, none for (not) exists)
	 */
	public record Requirement(Operator operator, String key, List<String> values) {

		public Requirement {
			Objects.requireNonNull(operator, "operator must not be null");
			Objects.requireNonNull(key, "key must not be null");
			if (key.isBlank()) {
				throw new IllegalArgumentException("selector key must not be empty");
			}
			values = List.copyOf(values);
		}

		@Override
		public String toString() {
			return switch (this.operator) {
				case EQUAL -> this.key + "=" + this.values.get(0);
				case NOT_EQUAL -> this.key + "!=" + this.values.get(0);
				case IN -> this.key + " in (" + String.join(",", this.values) + ")";
				case NOT_IN -> this.key + " notin (" + String.join(",", this.values) + ")";
				case EXISTS -> this.key;
				case NOT_EXISTS -> "!" + this.key;
			};
		}

	}

}
