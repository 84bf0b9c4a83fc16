package dev.lightkube.test.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Authorization: everything is allowed except what a test denied. Denials answer real requests with 403 and
 * access reviews ({@code kubectl auth can-i}) with {@code allowed: false}.
 */
final class Access {

	/** The user every request is taken to come from (the kubeconfig's placeholder token is not checked). */
	static final String USER = "lightkube-test";

	/** A denied verb on a resource ({@code plural} or {@code plural.group}), {@code *} matching any. */
	private record Rule(String verb, String resource, @Nullable String namespace) {

		boolean matches(String verb, String group, String resource, @Nullable String namespace) {
			String qualified = group.isEmpty() ? resource : resource + "." + group;
			return (this.verb.equals("*") || this.verb.equals(verb))
					&& (this.resource.equals("*") || this.resource.equals(resource) || this.resource.equals(qualified))
					&& (this.namespace == null || this.namespace.equals(namespace));
		}

	}

	private final List<Rule> denied = new CopyOnWriteArrayList<>();

	void deny(String verb, String resource, @Nullable String namespace) {
		this.denied.add(new Rule(verb, resource, namespace));
	}

	boolean anyDenied() {
		return !this.denied.isEmpty();
	}

	void clear() {
		this.denied.clear();
	}

	/** Whether the verb is allowed on the resource (with its sub-resource, as {@code pods/log}). */
	boolean allowed(String verb, String group, String resource, @Nullable String namespace) {
		for (Rule rule : this.denied) {
			if (rule.matches(verb, group, resource, namespace)) {
				return false;
			}
		}
		return true;
	}

	/** 403 unless allowed, with the message of the API server's RBAC authorizer. */
	void check(String verb, Target target) {
		String resource = target.type().plural()
				+ ((target.subresource() != null) ? "/" + target.subresource() : "");
		if (allowed(verb, target.type().group(), resource, target.namespace())) {
			return;
		}
		String qualified = target.type().qualifiedPlural();
		String subject = (target.name() != null) ? qualified + " \"" + target.name() + "\"" : qualified;
		String scope = (target.namespace() != null) ? "in the namespace \"" + target.namespace() + "\""
				: "at the cluster scope";
		throw new ApiError(403, "Forbidden", subject + " is forbidden: User \"" + USER + "\" cannot " + verb
				+ " resource \"" + resource + "\" in API group \"" + target.type().group() + "\" " + scope,
				target.name(), target.type().group(), target.type().plural(), List.of());
	}

}
