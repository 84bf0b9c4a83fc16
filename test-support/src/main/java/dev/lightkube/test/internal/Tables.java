package dev.lightkube.test.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Table} form kubectl asks for when it prints ({@code Accept: application/json;as=Table;g=meta.k8s.io;
 * v=v1}), with the columns the API server's printers use for the common kinds; other kinds get {@code NAME AGE}.
 * Columns with priority 1 are the ones {@code -o wide} adds.
 */
final class Tables {

	/** One column: its definition and how a cell is computed. */
	private record Column(String name, String type, int priority, String description,
			Function<JsonNode, Object> cell) {
	}

	private static final Column NAME = new Column("Name", "string", 0,
			"Name must be unique within a namespace.", (o) -> o.path("metadata").path("name").asString(""));

	private static final Column AGE = new Column("Age", "string", 0, "CreationTimestamp is a timestamp representing "
			+ "the server time when this object was created.",
			(o) -> age(o.path("metadata").path("creationTimestamp").asString("")));

	private Tables() {
	}

	private static List<Column> columns(ResourceType type) {
		if (!type.builtIn()) {
			return List.of(NAME, AGE);
		}
		return switch (type.kind()) {
			case "Namespace" -> List.of(NAME, column("Status", "The status of the namespace",
					(o) -> o.path("status").path("phase").asString("")), AGE);
			case "Deployment" -> List.of(NAME,
					column("Ready", "Number of the pod with ready state",
							(o) -> o.path("status").path("readyReplicas").asInt(0) + "/"
									+ o.path("spec").path("replicas").asInt(0)),
					integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have "
							+ "the desired template spec.", (o) -> o.path("status").path("updatedReplicas").asInt(0)),
					integer("Available", "Total number of available pods (ready for at least minReadySeconds) "
							+ "targeted by this deployment.", (o) -> o.path("status").path("availableReplicas").asInt(0)),
					AGE, wide("Containers", "Names of each container in the template.",
							(o) -> containers(o.path("spec").path("template"), "name")),
					wide("Images", "Images referenced by each container in the template.",
							(o) -> containers(o.path("spec").path("template"), "image")),
					wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this "
							+ "will be the ones affected by this deployment.",
							(o) -> selector(o.path("spec").path("selector"))));
			case "ReplicaSet" -> List.of(NAME,
					integer("Desired", "Number of desired pods.", (o) -> o.path("spec").path("replicas").asInt(0)),
					integer("Current", "Number of actual replicas.", (o) -> o.path("status").path("replicas").asInt(0)),
					integer("Ready", "Number of ready replicas.",
							(o) -> o.path("status").path("readyReplicas").asInt(0)),
					AGE, wide("Containers", "Names of each container in the template.",
							(o) -> containers(o.path("spec").path("template"), "name")),
					wide("Images", "Images referenced by each container in the template.",
							(o) -> containers(o.path("spec").path("template"), "image")),
					wide("Selector", "Label selector for pods.", (o) -> selector(o.path("spec").path("selector"))));
			case "StatefulSet" -> List.of(NAME,
					column("Ready", "Number of the pod with ready state",
							(o) -> o.path("status").path("readyReplicas").asInt(0) + "/"
									+ o.path("spec").path("replicas").asInt(0)),
					AGE, wide("Containers", "Names of each container in the template.",
							(o) -> containers(o.path("spec").path("template"), "name")),
					wide("Images", "Images referenced by each container in the template.",
							(o) -> containers(o.path("spec").path("template"), "image")));
			case "Service" -> List.of(NAME,
					column("Type", "The type of the service.", (o) -> o.path("spec").path("type").asString("")),
					column("Cluster-IP", "The cluster IP of the service.",
							(o) -> o.path("spec").path("clusterIP").asString("<none>")),
					column("External-IP", "The external IPs of the service.", Tables::externalIps),
					column("Port(s)", "The ports of the service.", Tables::servicePorts), AGE,
					wide("Selector", "The selector of the service.",
							(o) -> labelPairs(o.path("spec").path("selector"))));
			case "Pod" -> List.of(NAME,
					column("Ready", "The aggregate readiness state of this pod for accepting traffic.",
							Tables::podReady),
					column("Status", "The aggregate status of the containers in this pod.",
							(o) -> o.path("status").path("reason").asString(o.path("status").path("phase").asString(""))),
					integer("Restarts", "The number of times the containers in this pod have been restarted.",
							Tables::restarts),
					AGE, wide("IP", "The IP address assigned to this pod.",
							(o) -> o.path("status").path("podIP").asString("<none>")),
					wide("Node", "The name of the node this pod is scheduled to.",
							(o) -> o.path("spec").path("nodeName").asString("<none>")),
					wide("Nominated Node", "The node the pod is nominated to preempt onto.",
							(o) -> o.path("status").path("nominatedNodeName").asString("<none>")),
					wide("Readiness Gates", "The readiness gates of the pod.", (o) -> "<none>"));
			case "ConfigMap" -> List.of(NAME, integer("Data", "The number of keys in data and binaryData.",
					(o) -> o.path("data").size() + o.path("binaryData").size()), AGE);
			case "Secret" -> List.of(NAME,
					column("Type", "The type of the secret.", (o) -> o.path("type").asString("")),
					integer("Data", "The number of keys in data.", (o) -> o.path("data").size()), AGE);
			default -> List.of(NAME, AGE);
		};
	}

	private static Column column(String name, String description, Function<JsonNode, Object> cell) {
		return new Column(name, "string", 0, description, cell);
	}

	private static Column integer(String name, String description, Function<JsonNode, Object> cell) {
		return new Column(name, "integer", 0, description, cell);
	}

	private static Column wide(String name, String description, Function<JsonNode, Object> cell) {
		return new Column(name, "string", 1, description, cell);
	}

	/** A {@code Table} of objects of one kind. */
	static ObjectNode table(ResourceType type, List<? extends JsonNode> objects, String resourceVersion) {
		List<Column> columns = columns(type);
		ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
		table.putObject("metadata").put("resourceVersion", resourceVersion);
		ArrayNode definitions = table.putArray("columnDefinitions");
		for (Column column : columns) {
			definitions.addObject().put("name", column.name()).put("type", column.type())
				.put("format", (column == NAME) ? "name" : "").put("description", column.description())
				.put("priority", column.priority());
		}
		ArrayNode rows = table.putArray("rows");
		for (JsonNode object : objects) {
			ObjectNode row = rows.addObject();
			ArrayNode cells = row.putArray("cells");
			for (Column column : columns) {
				Object value = column.cell().apply(object);
				if (value instanceof Integer number) {
					cells.add(number);
				}
				else {
					cells.add(String.valueOf(value));
				}
			}
			row.set("object", object);
		}
		return table;
	}

	private static String containers(JsonNode template, String field) {
		List<String> values = new ArrayList<>();
		for (JsonNode container : template.path("spec").path("containers")) {
			values.add(container.path(field).asString(""));
		}
		return String.join(",", values);
	}

	private static String selector(JsonNode selector) {
		List<String> terms = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : selector.path("matchLabels").properties()) {
			terms.add(entry.getKey() + "=" + entry.getValue().asString(""));
		}
		for (JsonNode expression : selector.path("matchExpressions")) {
			String key = expression.path("key").asString("");
			List<String> values = Json.strings(expression.get("values"));
			terms.add(switch (expression.path("operator").asString("")) {
				case "In" -> key + " in (" + String.join(",", values) + ")";
				case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
				case "DoesNotExist" -> "!" + key;
				default -> key;
			});
		}
		return terms.isEmpty() ? "<none>" : String.join(",", terms);
	}

	private static String labelPairs(JsonNode labels) {
		List<String> terms = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : labels.properties()) {
			terms.add(entry.getKey() + "=" + entry.getValue().asString(""));
		}
		return terms.isEmpty() ? "<none>" : String.join(",", terms);
	}

	private static String externalIps(JsonNode service) {
		JsonNode spec = service.path("spec");
		String type = spec.path("type").asString("ClusterIP");
		List<String> ips = new ArrayList<>(Json.strings(spec.get("externalIPs")));
		switch (type) {
			case "ExternalName" -> {
				return spec.path("externalName").asString("<none>");
			}
			case "LoadBalancer" -> {
				for (JsonNode ingress : service.path("status").path("loadBalancer").path("ingress")) {
					ips.add(ingress.path("ip").asString(ingress.path("hostname").asString("")));
				}
				return ips.isEmpty() ? "<pending>" : String.join(",", ips);
			}
			default -> {
				return ips.isEmpty() ? "<none>" : String.join(",", ips);
			}
		}
	}

	private static String servicePorts(JsonNode service) {
		List<String> ports = new ArrayList<>();
		for (JsonNode port : service.path("spec").path("ports")) {
			String nodePort = port.has("nodePort") ? ":" + port.path("nodePort").asInt() : "";
			ports.add(port.path("port").asInt() + nodePort + "/" + port.path("protocol").asString("TCP"));
		}
		return ports.isEmpty() ? "<none>" : String.join(",", ports);
	}

	private static String podReady(JsonNode pod) {
		int total = pod.path("spec").path("containers").size();
		int ready = 0;
		for (JsonNode status : pod.path("status").path("containerStatuses")) {
			if (status.path("ready").asBoolean(false)) {
				ready++;
			}
		}
		return ready + "/" + total;
	}

	private static int restarts(JsonNode pod) {
		int restarts = 0;
		for (JsonNode status : pod.path("status").path("containerStatuses")) {
			restarts += status.path("restartCount").asInt(0);
		}
		return restarts;
	}

	static String age(String creationTimestamp) {
		if (creationTimestamp.isEmpty()) {
			return "<unknown>";
		}
		Duration age = Duration.between(Instant.parse(creationTimestamp), Instant.now());
		long seconds = Math.max(0, age.getSeconds());
		if (seconds < 120) {
			return seconds + "s";
		}
		if (seconds < 3600 * 3) {
			return (seconds / 60) + "m";
		}
		if (seconds < 86400 * 2) {
			return (seconds / 3600) + "h";
		}
		return (seconds / 86400) + "d";
	}

}
