package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The kinds the server serves: the common built-in ones plus one per served custom resource definition.
 */
final class Registry {

	private static final Set<String> POD_FIELDS = Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
			"spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName");

	private static final Set<String> EVENT_FIELDS = Set.of("involvedObject.kind", "involvedObject.namespace",
			"involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
			"involvedObject.fieldPath", "reason", "reportingComponent", "source", "type");

	private static final ResourceType.Scale REPLICAS = new ResourceType.Scale("spec.replicas", "status.replicas",
			"spec.selector");

	private final Map<String, ResourceType> types = new LinkedHashMap<>();

	Registry() {
		core("namespaces", "Namespace", false, List.of("ns"), true, null, Set.of("status.phase"));
		core("pods", "Pod", true, List.of("po"), true, null, POD_FIELDS);
		core("services", "Service", true, List.of("svc"), true, null, Set.of("spec.type", "spec.clusterIP"));
		core("configmaps", "ConfigMap", true, List.of("cm"), false, null, Set.of());
		core("secrets", "Secret", true, List.of(), false, null, Set.of("type"));
		core("serviceaccounts", "ServiceAccount", true, List.of("sa"), false, null, Set.of());
		core("events", "Event", true, List.of("ev"), false, null, EVENT_FIELDS);
		core("endpoints", "Endpoints", true, List.of("ep"), false, null, Set.of());
		core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), true, null, Set.of());
		core("persistentvolumes", "PersistentVolume", false, List.of("pv"), true, null, Set.of());
		core("nodes", "Node", false, List.of("no"), true, null, Set.of("spec.unschedulable"));
		core("replicationcontrollers", "ReplicationController", true, List.of("rc"), true, REPLICAS, Set.of());
		core("limitranges", "LimitRange", true, List.of("limits"), false, null, Set.of());
		core("resourcequotas", "ResourceQuota", true, List.of("quota"), true, null, Set.of());
		add("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), true, REPLICAS);
		add("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), true, REPLICAS);
		add("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), true, REPLICAS);
		add("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), true, null);
		add("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of(), false, null);
		add("batch", "v1", "jobs", "Job", true, List.of(), true, null);
		add("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), true, null);
		add("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), false, null);
		add("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
				List.of("crd", "crds"), true, null);
		add("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(), false, null);
		add("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of(), false, null);
		add("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of(), false, null);
		add("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), false,
				null);
		add("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), false, null);
		add("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing"), true, null);
		add("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), false, null);
		add("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), true, null);
		register(new ResourceType("autoscaling", List.of("v2", "v1"), "horizontalpodautoscalers",
				"horizontalpodautoscaler", "HorizontalPodAutoscaler", true, List.of("hpa"), true, null, Set.of(), true));
		add("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, List.of("sc"), false, null);
		// The other groups of a 1.32 server, so discovery and kubectl api-versions list them.
		add("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false, List.of(), false, null);
		add("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false, List.of(), true, null);
		add("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
				false, List.of(), false, null);
		add("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
				"ValidatingWebhookConfiguration", false, List.of(), false, null);
		add("apiregistration.k8s.io", "v1", "apiservices", "APIService", false, List.of(), true, null);
		add("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false,
				List.of("csr"), true, null);
		add("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, List.of(), false, null);
		register(new ResourceType("flowcontrol.apiserver.k8s.io", List.of("v1", "v1beta3"), "flowschemas", "flowschema",
				"FlowSchema", false, List.of(), true, null, Set.of(), true));
		register(new ResourceType("flowcontrol.apiserver.k8s.io", List.of("v1", "v1beta3"),
				"prioritylevelconfigurations", "prioritylevelconfiguration", "PriorityLevelConfiguration", false,
				List.of(), true, null, Set.of(), true));
		add("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false, List.of(), false, null);
		add("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, List.of("pc"), false, null);
		// Create-only reviews, answered by ReviewVerbs and never stored.
		add("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, List.of(), false, null);
		add("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false, List.of(), false, null);
		add("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, List.of(),
				false, null);
		add("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, List.of(),
				false, null);
		add("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, List.of(), false,
				null);
		add("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, List.of(),
				false, null);
	}

	private void core(String plural, String kind, boolean namespaced, List<String> shortNames, boolean status,
			ResourceType.@Nullable Scale scale, Set<String> fieldLabels) {
		register(new ResourceType("", List.of("v1"), plural, kind.toLowerCase(), kind, namespaced, shortNames, status,
				scale, fieldLabels, true));
	}

	private void add(String group, String version, String plural, String kind, boolean namespaced,
			List<String> shortNames, boolean status, ResourceType.@Nullable Scale scale) {
		register(new ResourceType(group, List.of(version), plural, kind.toLowerCase(), kind, namespaced, shortNames,
				status, scale, Set.of(), true));
	}

	synchronized void register(ResourceType type) {
		this.types.put(type.key(), type);
	}

	synchronized void unregister(String key) {
		this.types.remove(key);
	}

	/** The kind served at {@code group/version/plural}, or {@code null}. */
	synchronized @Nullable ResourceType find(String group, String version, String plural) {
		ResourceType type = this.types.get(group + "/" + plural);
		return (type != null && type.versions().contains(version)) ? type : null;
	}

	/** The kind with this group and plural, or {@code null}. */
	synchronized @Nullable ResourceType byKey(String key) {
		return this.types.get(key);
	}

	/** Every served kind, in registration order. */
	synchronized List<ResourceType> all() {
		return new ArrayList<>(this.types.values());
	}

	/** The served groups (without the core group) with their versions, preferred first. */
	synchronized Map<String, List<String>> groups() {
		Map<String, List<String>> groups = new LinkedHashMap<>();
		for (ResourceType type : this.types.values()) {
			if (!type.group().isEmpty()) {
				List<String> versions = groups.computeIfAbsent(type.group(), (g) -> new ArrayList<>());
				for (String version : type.versions()) {
					if (!versions.contains(version)) {
						versions.add(version);
					}
				}
			}
		}
		return groups;
	}

	/** The kinds served in one group version. */
	synchronized List<ResourceType> inGroupVersion(String group, String version) {
		List<ResourceType> result = new ArrayList<>();
		for (ResourceType type : this.types.values()) {
			if (type.group().equals(group) && type.versions().contains(version)) {
				result.add(type);
			}
		}
		return result;
	}

	/** Builds the kind a custom resource definition serves, or {@code null} when it serves no version. */
	static @Nullable ResourceType fromDefinition(JsonNode crd) {
		JsonNode spec = crd.path("spec");
		JsonNode names = spec.path("names");
		List<String> versions = new ArrayList<>();
		boolean status = false;
		ResourceType.Scale scale = null;
		for (JsonNode version : spec.path("versions")) {
			if (!version.path("served").asBoolean(true)) {
				continue;
			}
			String name = version.path("name").asString();
			if (version.path("storage").asBoolean(false)) {
				versions.add(0, name);
			}
			else {
				versions.add(name);
			}
			JsonNode subresources = version.path("subresources");
			status |= subresources.has("status");
			JsonNode scaleNode = subresources.get("scale");
			if (scaleNode != null && scale == null) {
				scale = new ResourceType.Scale(strip(scaleNode.path("specReplicasPath").asString("")),
						strip(scaleNode.path("statusReplicasPath").asString("")),
						scaleNode.has("labelSelectorPath") ? strip(scaleNode.path("labelSelectorPath").asString())
								: null);
			}
		}
		if (versions.isEmpty()) {
			return null;
		}
		String kind = names.path("kind").asString();
		String singular = names.path("singular").asString(kind.toLowerCase());
		return new ResourceType(spec.path("group").asString(), List.copyOf(versions), names.path("plural").asString(),
				singular.isEmpty() ? kind.toLowerCase() : singular, kind,
				!"Cluster".equals(spec.path("scope").asString()), Json.strings(names.get("shortNames")), status, scale,
				Set.of(), false);
	}

	private static String strip(String jsonPath) {
		return jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath;
	}

	/** Every registered kind, for resets. */
	synchronized Collection<ResourceType> customTypes() {
		return this.types.values().stream().filter((t) -> !t.builtIn()).toList();
	}

}
