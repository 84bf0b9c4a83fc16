package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's validation of the built-in kinds it serves, with its messages: names, labels and annotations,
 * the required fields and cross-field rules of pods and pod templates, workloads, services, config maps and
 * secrets, and the fields that are immutable on update. Runs after defaulting, as on a real server; a failure is
 * a 422 {@code Invalid} with one cause per problem.
 */
final class Validation {

	private static final String SUBDOMAIN_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

	private static final String LABEL_1123_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

	private static final String LABEL_1035_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?";

	private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

	private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";

	private static final String CONFIG_KEY_FORMAT = "[-._a-zA-Z0-9]+";

	private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case "
			+ "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
			+ "'example.com', regex used for validation is '" + SUBDOMAIN_FORMAT + "')";

	private static final String LABEL_1123_MESSAGE = "a lowercase RFC 1123 label must consist of lower case "
			+ "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
			+ "or '123-abc', regex used for validation is '" + LABEL_1123_FORMAT + "')";

	private static final String LABEL_1035_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric "
			+ "characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. "
			+ "'my-name',  or 'abc-123', regex used for validation is '" + LABEL_1035_FORMAT + "')";

	private static final String QUALIFIED_NAME_MESSAGE = "name part must consist of alphanumeric characters, '-', "
			+ "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
			+ "'123-abc', regex used for validation is '" + QUALIFIED_NAME_FORMAT + "')";

	private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of "
			+ "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
			+ "'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE_FORMAT + "')";

	private static final String CONFIG_KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, "
			+ "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '"
			+ CONFIG_KEY_FORMAT + "')";

	private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FORMAT);

	private static final Pattern LABEL_1123 = Pattern.compile(LABEL_1123_FORMAT);

	private static final Pattern LABEL_1035 = Pattern.compile(LABEL_1035_FORMAT);

	private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FORMAT);

	private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);

	private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FORMAT);

	private static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

	private static final Set<String> WORKLOADS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet");

	private final List<ApiError.Cause> causes = new ArrayList<>();

	private Validation() {
	}

	/** Validates an object about to be created ({@code old == null}) or to replace {@code old}. */
	static void validate(ResourceType type, ObjectNode object, @Nullable ObjectNode old) {
		Validation validation = new Validation();
		validation.metadata(type, object.path("metadata"));
		if (type.builtIn()) {
			validation.kind(type.kind(), object);
			if (old != null) {
				validation.immutable(type.kind(), old, object);
			}
		}
		if (!validation.causes.isEmpty()) {
			throw ApiError.invalid(type, object.path("metadata").path("name").asString(""), validation.causes);
		}
	}

	// ---------------------------------------------------------------- causes

	private void required(String field) {
		this.causes.add(new ApiError.Cause("FieldValueRequired", "Required value", field));
	}

	private void invalid(String field, String value, String detail) {
		this.causes.add(new ApiError.Cause("FieldValueInvalid", "Invalid value: " + value + ": " + detail, field));
	}

	private void unsupported(String field, String value, List<String> supported) {
		this.causes.add(new ApiError.Cause("FieldValueNotSupported", "Unsupported value: " + quote(value)
				+ ": supported values: " + String.join(", ", supported.stream().map(Validation::quote).toList()),
				field));
	}

	private void duplicate(String field, String value) {
		this.causes.add(new ApiError.Cause("FieldValueDuplicate", "Duplicate value: " + quote(value), field));
	}

	private void forbidden(String field, String detail) {
		this.causes.add(new ApiError.Cause("FieldValueForbidden", "Forbidden: " + detail, field));
	}

	static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/** A string map as Go's {@code %#v} prints it. */
	static String goMap(JsonNode map) {
		List<String> entries = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : map.properties()) {
			entries.add(quote(entry.getKey()) + ":" + quote(entry.getValue().asString("")));
		}
		entries.sort(null);
		return "map[string]string{" + String.join(", ", entries) + "}";
	}

	// ---------------------------------------------------------------- metadata

	private void metadata(ResourceType type, JsonNode metadata) {
		String name = metadata.path("name").asString("");
		if (!name.isEmpty() && type.builtIn()) {
			name(type.kind(), name);
		}
		else if (!name.isEmpty()) {
			format("metadata.name", name, SUBDOMAIN, SUBDOMAIN_MESSAGE, 253);
		}
		JsonNode labels = metadata.path("labels");
		for (Map.Entry<String, JsonNode> label : labels.properties()) {
			qualifiedName("metadata.labels", label.getKey());
			String value = label.getValue().asString("");
			if (value.length() > 63) {
				invalid("metadata.labels", quote(value), "must be no more than 63 characters");
			}
			else if (!LABEL_VALUE.matcher(value).matches()) {
				invalid("metadata.labels", quote(value), LABEL_VALUE_MESSAGE);
			}
		}
		long size = 0;
		for (Map.Entry<String, JsonNode> annotation : metadata.path("annotations").properties()) {
			qualifiedName("metadata.annotations", annotation.getKey().toLowerCase());
			size += annotation.getKey().length() + annotation.getValue().asString("").length();
		}
		if (size > TOTAL_ANNOTATION_SIZE) {
			this.causes.add(new ApiError.Cause("FieldValueTooLong", "Too long: must have at most "
					+ TOTAL_ANNOTATION_SIZE + " bytes", "metadata.annotations"));
		}
	}

	private void name(String kind, String name) {
		switch (kind) {
			case "Namespace" -> format("metadata.name", name, LABEL_1123, LABEL_1123_MESSAGE, 63);
			case "Service" -> format("metadata.name", name, LABEL_1035, LABEL_1035_MESSAGE, 63);
			case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" -> {
				// RBAC names only have to be valid path segments.
				if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
					invalid("metadata.name", quote(name), "may not contain '/' or '%' and may not be '.' or '..'");
				}
			}
			case "CustomResourceDefinition" -> {
				// Checked against the spec's names by the apiextensions server; not modelled.
			}
			default -> format("metadata.name", name, SUBDOMAIN, SUBDOMAIN_MESSAGE, 253);
		}
	}

	private void format(String field, String value, Pattern pattern, String message, int maxLength) {
		if (value.length() > maxLength) {
			invalid(field, quote(value), "must be no more than " + maxLength + " characters");
		}
		if (!pattern.matcher(value).matches()) {
			invalid(field, quote(value), message);
		}
	}

	/** A label or annotation key: an optional DNS subdomain prefix and a name of at most 63 characters. */
	private void qualifiedName(String field, String key) {
		String name = key;
		int slash = key.indexOf('/');
		if (slash >= 0) {
			String prefix = key.substring(0, slash);
			name = key.substring(slash + 1);
			if (prefix.isEmpty()) {
				invalid(field, quote(key), "prefix part must be non-empty");
			}
			else if (prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches()) {
				invalid(field, quote(key), "prefix part " + SUBDOMAIN_MESSAGE);
			}
		}
		if (name.isEmpty()) {
			invalid(field, quote(key), "name part must be non-empty");
		}
		else if (name.length() > 63) {
			invalid(field, quote(key), "name part must be no more than 63 characters");
		}
		else if (!QUALIFIED_NAME.matcher(name).matches()) {
			invalid(field, quote(key), QUALIFIED_NAME_MESSAGE);
		}
	}

	// ---------------------------------------------------------------- kinds

	private void kind(String kind, ObjectNode object) {
		JsonNode spec = object.path("spec");
		switch (kind) {
			case "Pod" -> podSpec("spec", spec, List.of("Always", "OnFailure", "Never"));
			case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" -> workload(spec);
			case "Job" -> podTemplate("spec.template", spec.path("template"), List.of("OnFailure", "Never"));
			case "CronJob" -> {
				if (spec.path("schedule").asString("").isEmpty()) {
					required("spec.schedule");
				}
				podTemplate("spec.jobTemplate.spec.template", spec.path("jobTemplate").path("spec").path("template"),
						List.of("OnFailure", "Never"));
			}
			case "Service" -> service(spec);
			case "ConfigMap", "Secret" -> {
				keys("data", object.path("data"));
				keys("binaryData", object.path("binaryData"));
				keys("stringData", object.path("stringData"));
			}
			default -> {
			}
		}
	}

	private void workload(JsonNode spec) {
		JsonNode replicas = spec.get("replicas");
		if (replicas != null && replicas.isNumber() && replicas.asInt() < 0) {
			invalid("spec.replicas", replicas.asString(), "must be greater than or equal to 0");
		}
		JsonNode selector = spec.get("selector");
		JsonNode labels = spec.path("template").path("metadata").path("labels");
		if (selector == null || selector.isNull()) {
			required("spec.selector");
		}
		else if (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty()) {
			invalid("spec.selector", labelSelector(selector), "empty selector is invalid for deployment");
		}
		else if (!Selectors.matches(selector, labels)) {
			invalid("spec.template.metadata.labels", goMap(labels), "`selector` does not match template `labels`");
		}
		podTemplate("spec.template", spec.path("template"), List.of("Always"));
	}

	/** A label selector as Go's {@code %#v} prints it (match expressions abbreviated). */
	static String labelSelector(JsonNode selector) {
		JsonNode matchLabels = selector.path("matchLabels");
		String labels = matchLabels.isEmpty() ? "map[string]string(nil)" : goMap(matchLabels);
		String expressions = selector.path("matchExpressions").isEmpty() ? "[]v1.LabelSelectorRequirement(nil)"
				: "[]v1.LabelSelectorRequirement{...}";
		return "v1.LabelSelector{MatchLabels:" + labels + ", MatchExpressions:" + expressions + "}";
	}

	private void podTemplate(String path, JsonNode template, List<String> restartPolicies) {
		podSpec(path + ".spec", template.path("spec"), restartPolicies);
	}

	private void podSpec(String path, JsonNode spec, List<String> restartPolicies) {
		JsonNode containers = spec.path("containers");
		if (containers.isEmpty()) {
			required(path + ".containers");
		}
		Set<String> names = new HashSet<>();
		containers(path + ".containers", containers, names, true);
		containers(path + ".initContainers", spec.path("initContainers"), names, false);
		String restartPolicy = spec.path("restartPolicy").asString("");
		if (!restartPolicy.isEmpty() && !restartPolicies.contains(restartPolicy)) {
			unsupported(path + ".restartPolicy", restartPolicy, restartPolicies);
		}
		String dnsPolicy = spec.path("dnsPolicy").asString("");
		List<String> dnsPolicies = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
		if (!dnsPolicy.isEmpty() && !dnsPolicies.contains(dnsPolicy)) {
			unsupported(path + ".dnsPolicy", dnsPolicy, dnsPolicies);
		}
	}

	private void containers(String path, JsonNode containers, Set<String> names, boolean regular) {
		int index = 0;
		for (JsonNode container : containers) {
			String at = path + "[" + index++ + "]";
			String name = container.path("name").asString("");
			if (name.isEmpty()) {
				required(at + ".name");
			}
			else if (!names.add(name)) {
				duplicate(at + ".name", name);
			}
			else {
				format(at + ".name", name, LABEL_1123, LABEL_1123_MESSAGE, 63);
			}
			if (container.path("image").asString("").isBlank()) {
				required(at + ".image");
			}
			int portIndex = 0;
			for (JsonNode port : container.path("ports")) {
				String portPath = at + ".ports[" + portIndex++ + "]";
				int number = port.path("containerPort").asInt(0);
				if (number < 1 || number > 65535) {
					invalid(portPath + ".containerPort", Integer.toString(number),
							"must be between 1 and 65535, inclusive");
				}
			}
			String policy = container.path("imagePullPolicy").asString("");
			List<String> policies = List.of("Always", "IfNotPresent", "Never");
			if (!policy.isEmpty() && !policies.contains(policy)) {
				unsupported(at + ".imagePullPolicy", policy, policies);
			}
		}
	}

	private void service(JsonNode spec) {
		String type = spec.path("type").asString("ClusterIP");
		List<String> types = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
		if (!types.contains(type)) {
			unsupported("spec.type", type, types);
		}
		JsonNode ports = spec.path("ports");
		boolean headless = "None".equals(spec.path("clusterIP").asString(""));
		if (type.equals("ExternalName")) {
			if (spec.path("externalName").asString("").isEmpty()) {
				required("spec.externalName");
			}
		}
		else if (ports.isEmpty() && !headless) {
			required("spec.ports");
		}
		Set<String> names = new HashSet<>();
		int index = 0;
		for (JsonNode port : ports) {
			String at = "spec.ports[" + index + "]";
			String name = port.path("name").asString("");
			if (ports.size() > 1 && name.isEmpty()) {
				required(at + ".name");
			}
			else if (!name.isEmpty() && !names.add(name)) {
				duplicate(at + ".name", name);
			}
			int number = port.path("port").asInt(0);
			if (number < 1 || number > 65535) {
				invalid(at + ".port", Integer.toString(number), "must be between 1 and 65535, inclusive");
			}
			String protocol = port.path("protocol").asString("TCP");
			if (!List.of("TCP", "UDP", "SCTP").contains(protocol)) {
				unsupported(at + ".protocol", protocol, List.of("SCTP", "TCP", "UDP"));
			}
			JsonNode target = port.get("targetPort");
			if (target != null && target.isNumber() && (target.asInt() < 1 || target.asInt() > 65535)) {
				invalid(at + ".targetPort", target.asString(), "must be between 1 and 65535, inclusive");
			}
			index++;
		}
	}

	private void keys(String field, JsonNode data) {
		for (String key : data.propertyNames()) {
			if (key.length() > 253) {
				invalid(field + "[" + key + "]", quote(key), "must be no more than 253 characters");
			}
			else if (!CONFIG_KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
				invalid(field + "[" + key + "]", quote(key), CONFIG_KEY_MESSAGE);
			}
		}
	}

	// ---------------------------------------------------------------- immutable fields

	/** A pod spec without what an update may change (images, deadlines, tolerations, grace period). */
	private static JsonNode mutablePodSpec(JsonNode spec) {
		if (!(spec instanceof ObjectNode object)) {
			return spec;
		}
		ObjectNode copy = object.deepCopy();
		copy.remove(List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"));
		for (String list : List.of("containers", "initContainers")) {
			for (JsonNode container : copy.path(list)) {
				if (container instanceof ObjectNode c) {
					c.remove("image");
				}
			}
		}
		return copy;
	}

	private void immutable(String kind, ObjectNode old, ObjectNode updated) {
		JsonNode oldSpec = old.path("spec");
		JsonNode spec = updated.path("spec");
		if (WORKLOADS.contains(kind) && !Objects.equals(oldSpec.get("selector"), spec.get("selector"))) {
			JsonNode selector = spec.path("selector");
			invalid("spec.selector", labelSelector(selector), "field is immutable");
		}
		switch (kind) {
			case "Pod" -> {
				if (!mutablePodSpec(oldSpec).equals(mutablePodSpec(spec))) {
					forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,"
							+ "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
							+ "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be "
							+ "set to 1 if it was previously negative)");
				}
			}
			case "Service" -> {
				String before = oldSpec.path("clusterIP").asString("");
				String after = spec.path("clusterIP").asString("");
				if (!before.isEmpty() && !before.equals(after)) {
					invalid("spec.clusterIPs[0]", "[]string{" + quote(after) + "}", "may not change once set");
				}
			}
			case "Job" -> {
				if (!Objects.equals(oldSpec.get("template"), spec.get("template"))) {
					invalid("spec.template", "core.PodTemplateSpec{...}", "field is immutable");
				}
				if (oldSpec.has("selector") && !Objects.equals(oldSpec.get("selector"), spec.get("selector"))) {
					invalid("spec.selector", labelSelector(spec.path("selector")), "field is immutable");
				}
			}
			case "ConfigMap", "Secret" -> {
				if (old.path("immutable").asBoolean(false)) {
					String detail = "field is immutable when `immutable` is set";
					if (!updated.path("immutable").asBoolean(false)) {
						forbidden("immutable", detail);
					}
					for (String field : List.of("data", "binaryData", "stringData")) {
						if (!Objects.equals(old.get(field), updated.get(field))) {
							forbidden(field, detail);
						}
					}
				}
			}
			default -> {
			}
		}
	}

}
