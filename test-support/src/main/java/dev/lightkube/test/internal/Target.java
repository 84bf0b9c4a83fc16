package dev.lightkube.test.internal;

import org.jspecify.annotations.Nullable;

/**
 * The object or collection a request addresses.
 */
record Target(ResourceType type, String version, @Nullable String namespace, @Nullable String name,
		@Nullable String subresource) {

	String apiVersion() {
		return this.type.apiVersion(this.version);
	}

	boolean is(String subresource) {
		return subresource.equals(this.subresource);
	}

}
