package dev.lightkube.test.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The query parameters of a request.
 */
record Query(Map<String, List<String>> parameters) {

	@Nullable String get(String name) {
		List<String> values = this.parameters.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	List<String> all(String name) {
		return this.parameters.getOrDefault(name, List.of());
	}

	boolean flag(String name) {
		String value = get(name);
		return value != null && (value.equals("true") || value.equals("1") || value.isEmpty());
	}

	@Nullable Integer integer(String name) {
		String value = get(name);
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw ApiError.badRequest("invalid value for " + name + ": \"" + value + "\"");
		}
	}

	boolean dryRun() {
		List<String> values = all("dryRun");
		for (String value : values) {
			if (!value.equals("All")) {
				throw ApiError.badRequest("Invalid dry run value \"" + value + "\": only \"All\" is supported");
			}
		}
		return !values.isEmpty();
	}

}
