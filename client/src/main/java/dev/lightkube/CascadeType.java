package dev.lightkube;

/**
 * How garbage collection treats dependents on delete ({@code propagationPolicy}); lightkube's {@code CascadeType}.
 */
public enum CascadeType {

	/** Orphan the dependents. */
	ORPHAN("Orphan"),

	/** Delete the dependents in the background. */
	BACKGROUND("Background"),

	/** Delete the dependents first, then the object. */
	FOREGROUND("Foreground");

	private final String value;

	CascadeType(String value) {
		this.value = value;
	}

	/** The API value, such as {@code Foreground}. */
	public String value() {
		return this.value;
	}

}
