package dev.lightkube.test.internal;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * Decoding a written object as the API server does: a value of the wrong type is a 400, unknown fields are
 * dropped and, per the {@code fieldValidation} parameter, fail the request ({@code Strict}), come back as
 * {@code Warning} headers ({@code Warn}, the default) or are ignored ({@code Ignore}).
 */
final class FieldValidation {

	private FieldValidation() {
	}

	/**
	 * Checks {@code object} (a body of the target's kind) and removes its unknown fields; returns the warnings to
	 * send.
	 */
	static List<String> decode(Target target, Query query, ObjectNode object) {
		String directive = query.get("fieldValidation");
		if (directive == null || directive.isEmpty()) {
			directive = "Warn";
		}
		if (!List.of("Strict", "Warn", "Ignore").contains(directive)) {
			throw ApiError.badRequest("fieldValidation parameter unsupported: " + directive
					+ ", must be one of Ignore, Warn, Strict");
		}
		Schemas.Findings findings = Schemas.check(target.type(), target.version(), object, true);
		String prefix = target.type().kind() + " in version \"" + target.version() + "\" cannot be handled as a "
				+ target.type().kind() + ": ";
		if (findings.typeError() != null) {
			throw ApiError.badRequest(prefix + findings.typeError());
		}
		List<String> unknown = findings.unknownFields().stream().map((f) -> "unknown field \"" + f + "\"").toList();
		if (unknown.isEmpty() || directive.equals("Ignore")) {
			return List.of();
		}
		if (directive.equals("Strict")) {
			throw ApiError.badRequest(prefix + "strict decoding error: " + String.join(", ", unknown));
		}
		return unknown;
	}

}
