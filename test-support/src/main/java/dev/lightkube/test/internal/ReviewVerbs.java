package dev.lightkube.test.internal;

import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create-only review kinds of {@code authorization.k8s.io} and {@code authentication.k8s.io}: access reviews
 * answer from {@link Access} ({@code kubectl auth can-i}), a self subject review names the test user
 * ({@code kubectl auth whoami}). Nothing is stored.
 */
final class ReviewVerbs {

	private static final Set<String> GROUPS = Set.of("authorization.k8s.io", "authentication.k8s.io");

	private final Access access;

	ReviewVerbs(Access access) {
		this.access = access;
	}

	static boolean isReview(ResourceType type) {
		return type.builtIn() && GROUPS.contains(type.group());
	}

	Reply create(ApiRequest request) {
		Target target = request.target();
		ObjectNode review = WriteChecks.parseObject(request.body());
		WriteChecks.checkKind(review, target);
		ObjectNode status = review.putObject("status");
		switch (target.type().kind()) {
			case "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview" -> {
				JsonNode spec = review.path("spec");
				JsonNode attributes = spec.path("resourceAttributes");
				boolean allowed;
				if (attributes.isObject()) {
					String resource = attributes.path("resource").asString("");
					String subresource = attributes.path("subresource").asString("");
					String namespace = attributes.path("namespace").asString("");
					allowed = this.access.allowed(attributes.path("verb").asString(""),
							attributes.path("group").asString(""),
							subresource.isEmpty() ? resource : resource + "/" + subresource,
							namespace.isEmpty() ? null : namespace);
				}
				else {
					allowed = true;
				}
				// RBAC gives no reason when it does not allow (kubectl then prints a bare "no").
				status.put("allowed", allowed);
			}
			case "SelfSubjectRulesReview" -> {
				ObjectNode rule = status.putArray("resourceRules").addObject();
				rule.putArray("verbs").add("*");
				rule.putArray("apiGroups").add("*");
				rule.putArray("resources").add("*");
				ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
				nonResource.putArray("verbs").add("*");
				nonResource.putArray("nonResourceURLs").add("*");
				// Denials cannot be written as rules: the list is then incomplete.
				status.put("incomplete", this.access.anyDenied());
			}
			case "SelfSubjectReview" -> {
				ObjectNode user = status.putObject("userInfo").put("username", Access.USER);
				user.putArray("groups").add("system:masters").add("system:authenticated");
			}
			case "TokenReview" -> {
				status.put("authenticated", true);
				ObjectNode user = status.putObject("user").put("username", Access.USER);
				user.putArray("groups").add("system:authenticated");
			}
			default -> throw ApiError.methodNotAllowed("create is not supported on " + target.type().plural());
		}
		Json.metadata(review).put("creationTimestamp", (String) null);
		return Reply.json(201, review);
	}

}
