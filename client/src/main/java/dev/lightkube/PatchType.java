package dev.lightkube;

/**
 * The kind of patch and its content type; lightkube's {@code PatchType}.
 */
public enum PatchType {

	/** RFC 6902 JSON patch: a list of operations. */
	JSON("application/json-patch+json"),

	/** RFC 7386 JSON merge patch. */
	MERGE("application/merge-patch+json"),

	/** Kubernetes strategic merge patch (the default; built-in kinds only). */
	STRATEGIC("application/strategic-merge-patch+json"),

	/** Server-side apply; needs a field manager. */
	APPLY("application/apply-patch+yaml");

	private final String contentType;

	PatchType(String contentType) {
		this.contentType = contentType;
	}

	/** The request's {@code Content-Type}. */
	public String contentType() {
		return this.contentType;
	}

}
