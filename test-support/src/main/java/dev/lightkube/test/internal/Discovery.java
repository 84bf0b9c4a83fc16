package dev.lightkube.test.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discovery documents, a minimal OpenAPI v3 (enough for kubectl to validate on the server).
 */
final class Discovery {

	private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
			"update", "watch");

	/** The kinds {@code kubectl get all} shows. */
	private static final Set<String> IN_ALL = Set.of("pods", "services", "replicationcontrollers", "deployments",
			"statefulsets", "replicasets", "daemonsets", "jobs", "cronjobs", "horizontalpodautoscalers");

	private final Registry registry;

	Discovery(Registry registry) {
		this.registry = registry;
	}

	static ObjectNode version() {
		return Json.object().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-lightkube")
			.put("gitCommit", "0000000000000000000000000000000000000000").put("gitTreeState", "clean")
			.put("buildDate", "2024-12-11T00:00:00Z").put("goVersion", "go1.23.0").put("compiler", "gc")
			.put("platform", "linux/amd64");
	}

	static ObjectNode coreVersions(String serverAddress) {
		ObjectNode versions = Json.object().put("kind", "APIVersions");
		versions.putArray("versions").add("v1");
		versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
			.put("serverAddress", serverAddress);
		return versions;
	}

	ObjectNode groups() {
		ObjectNode list = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
		ArrayNode groups = list.putArray("groups");
		for (Map.Entry<String, List<String>> group : this.registry.groups().entrySet()) {
			groups.add(group(group.getKey(), group.getValue()));
		}
		return list;
	}

	ObjectNode group(String name, List<String> versions) {
		ObjectNode group = Json.object().put("kind", "APIGroup").put("apiVersion", "v1").put("name", name);
		ArrayNode array = group.putArray("versions");
		for (String version : versions) {
			array.addObject().put("groupVersion", name + "/" + version).put("version", version);
		}
		group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
			.put("version", versions.get(0));
		return group;
	}

	/** The group's discovery document, or {@code null} when the group is not served. */
	ObjectNode groupOrNull(String name) {
		List<String> versions = this.registry.groups().get(name);
		return (versions != null) ? group(name, versions) : null;
	}

	/** The resource list of one group version, or {@code null} when nothing is served there. */
	ObjectNode resources(String group, String version) {
		List<ResourceType> types = this.registry.inGroupVersion(group, version);
		if (types.isEmpty()) {
			return null;
		}
		String groupVersion = group.isEmpty() ? version : group + "/" + version;
		ObjectNode list = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
			.put("groupVersion", groupVersion);
		ArrayNode resources = list.putArray("resources");
		for (ResourceType type : types) {
			ObjectNode resource = resources.addObject().put("name", type.plural())
				.put("singularName", type.singular()).put("namespaced", type.namespaced()).put("kind", type.kind());
			ArrayNode verbs = resource.putArray("verbs");
			(ReviewVerbs.isReview(type) ? List.of("create") : VERBS).forEach(verbs::add);
			if (type.builtIn() && IN_ALL.contains(type.plural())) {
				resource.putArray("categories").add("all");
			}
			if (!type.shortNames().isEmpty()) {
				ArrayNode shortNames = resource.putArray("shortNames");
				type.shortNames().forEach(shortNames::add);
			}
			if (type.status()) {
				subresource(resources, type, "status", type.kind(), List.of("get", "patch", "update"));
			}
			if (type.scale() != null) {
				subresource(resources, type, "scale", "Scale", List.of("get", "patch", "update")).put("group",
						"autoscaling").put("version", "v1");
			}
			if (type.kind().equals("Pod") && type.builtIn()) {
				subresource(resources, type, "log", "Pod", List.of("get"));
				subresource(resources, type, "exec", "PodExecOptions", List.of("create", "get"));
				subresource(resources, type, "eviction", "Eviction", List.of("create")).put("group", "policy")
					.put("version", "v1");
			}
		}
		return list;
	}

	private static ObjectNode subresource(ArrayNode resources, ResourceType type, String name, String kind,
			List<String> verbs) {
		ObjectNode resource = resources.addObject().put("name", type.plural() + "/" + name).put("singularName", "")
			.put("namespaced", type.namespaced()).put("kind", kind);
		ArrayNode array = resource.putArray("verbs");
		verbs.forEach(array::add);
		return resource;
	}

	/** The OpenAPI v3 index: one document per served group version. */
	ObjectNode openApiIndex() {
		ObjectNode index = Json.object();
		ObjectNode paths = index.putObject("paths");
		paths.putObject("api/v1").put("serverRelativeURL", "/openapi/v3/api/v1");
		for (Map.Entry<String, List<String>> group : this.registry.groups().entrySet()) {
			for (String version : group.getValue()) {
				String path = "apis/" + group.getKey() + "/" + version;
				paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path);
			}
		}
		return index;
	}

	/**
	 * A group version's OpenAPI v3 document with one PATCH operation per kind that declares {@code fieldValidation},
	 * which is what kubectl checks before it leaves validation to the server. Schemas are not described.
	 */
	ObjectNode openApi(String group, String version) {
		List<ResourceType> types = this.registry.inGroupVersion(group, version);
		if (types.isEmpty()) {
			return null;
		}
		ObjectNode document = Json.object().put("openapi", "3.0.0");
		document.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
		ObjectNode paths = document.putObject("paths");
		String prefix = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
		for (ResourceType type : types) {
			String path = prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural() + "/{name}";
			ObjectNode patch = paths.putObject(path).putObject("patch");
			patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version)
				.put("kind", type.kind());
			patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
				.putObject("schema").put("type", "string");
			patch.putObject("responses").putObject("200").put("description", "OK");
		}
		document.putObject("components").putObject("schemas");
		return document;
	}

	/** Whether an {@code Accept} header asks for a {@code Table}. */
	static boolean wantsTable(String accept) {
		return accept.contains("as=Table");
	}

}
