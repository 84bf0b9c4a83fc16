package dev.lightkube.test.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's defaulting of the built-in kinds, applied to every create and update before validation, so
 * {@code kubectl get -o yaml} and {@code describe} look like a real cluster's. Cluster IP allocation is in
 * {@link Lifecycle} (it needs the allocator's state).
 */
final class Defaults {

	private Defaults() {
	}

	static void apply(ResourceType type, ObjectNode object) {
		if (!type.builtIn()) {
			return;
		}
		switch (type.kind()) {
			case "Pod" -> podSpec(Json.with(object, "spec"));
			case "Deployment" -> {
				ObjectNode spec = Json.with(object, "spec");
				putIfAbsent(spec, "replicas", 1);
				ObjectNode strategy = Json.with(spec, "strategy");
				if (!strategy.has("type")) {
					strategy.put("type", "RollingUpdate");
				}
				if ("RollingUpdate".equals(Json.text(strategy, "type"))) {
					ObjectNode rolling = Json.with(strategy, "rollingUpdate");
					if (!rolling.has("maxUnavailable")) {
						rolling.put("maxUnavailable", "25%");
					}
					if (!rolling.has("maxSurge")) {
						rolling.put("maxSurge", "25%");
					}
				}
				putIfAbsent(spec, "revisionHistoryLimit", 10);
				putIfAbsent(spec, "progressDeadlineSeconds", 600);
				template(spec);
			}
			case "ReplicaSet", "ReplicationController" -> {
				ObjectNode spec = Json.with(object, "spec");
				putIfAbsent(spec, "replicas", 1);
				template(spec);
			}
			case "StatefulSet" -> {
				ObjectNode spec = Json.with(object, "spec");
				putIfAbsent(spec, "replicas", 1);
				if (!spec.has("podManagementPolicy")) {
					spec.put("podManagementPolicy", "OrderedReady");
				}
				ObjectNode strategy = Json.with(spec, "updateStrategy");
				if (!strategy.has("type")) {
					strategy.put("type", "RollingUpdate");
					Json.with(strategy, "rollingUpdate").put("partition", 0);
				}
				putIfAbsent(spec, "revisionHistoryLimit", 10);
				template(spec);
			}
			case "DaemonSet" -> {
				ObjectNode spec = Json.with(object, "spec");
				ObjectNode strategy = Json.with(spec, "updateStrategy");
				if (!strategy.has("type")) {
					strategy.put("type", "RollingUpdate");
					Json.with(strategy, "rollingUpdate").put("maxUnavailable", 1).put("maxSurge", 0);
				}
				putIfAbsent(spec, "revisionHistoryLimit", 10);
				template(spec);
			}
			case "Job" -> {
				ObjectNode spec = Json.with(object, "spec");
				putIfAbsent(spec, "parallelism", 1);
				putIfAbsent(spec, "completions", 1);
				putIfAbsent(spec, "backoffLimit", 6);
				if (!spec.has("completionMode")) {
					spec.put("completionMode", "NonIndexed");
				}
				if (!spec.has("suspend")) {
					spec.put("suspend", false);
				}
				template(spec);
			}
			case "CronJob" -> {
				ObjectNode spec = Json.with(object, "spec");
				if (!spec.has("concurrencyPolicy")) {
					spec.put("concurrencyPolicy", "Allow");
				}
				if (!spec.has("suspend")) {
					spec.put("suspend", false);
				}
				putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
				putIfAbsent(spec, "failedJobsHistoryLimit", 1);
				JsonNode jobTemplate = spec.path("jobTemplate").path("spec");
				if (jobTemplate instanceof ObjectNode jobSpec) {
					template(jobSpec);
				}
			}
			case "Service" -> service(Json.with(object, "spec"));
			case "Namespace" -> {
				if (!Json.with(object, "spec").has("finalizers")) {
					Json.with(object, "spec").putArray("finalizers").add("kubernetes");
				}
				ObjectNode metadata = Json.metadata(object);
				Json.with(metadata, "labels").put("kubernetes.io/metadata.name", metadata.path("name").asString(""));
			}
			case "Secret" -> {
				if (!object.has("type")) {
					object.put("type", "Opaque");
				}
			}
			default -> {
			}
		}
	}

	private static void putIfAbsent(ObjectNode node, String field, int value) {
		if (!node.has(field) || node.get(field).isNull()) {
			node.put(field, value);
		}
	}

	private static void template(ObjectNode spec) {
		JsonNode template = spec.get("template");
		if (template instanceof ObjectNode object && object.get("spec") instanceof ObjectNode podSpec) {
			podSpec(podSpec);
		}
	}

	/** Pod spec defaults, for pods and pod templates. */
	static void podSpec(ObjectNode spec) {
		if (!spec.has("restartPolicy")) {
			spec.put("restartPolicy", "Always");
		}
		if (!spec.has("dnsPolicy")) {
			spec.put("dnsPolicy", "ClusterFirst");
		}
		putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
		if (!spec.has("securityContext")) {
			spec.putObject("securityContext");
		}
		if (!spec.has("schedulerName")) {
			spec.put("schedulerName", "default-scheduler");
		}
		for (String list : new String[] { "containers", "initContainers" }) {
			for (JsonNode container : spec.path(list)) {
				if (container instanceof ObjectNode object) {
					container(object);
				}
			}
		}
	}

	private static void container(ObjectNode container) {
		if (!container.has("imagePullPolicy")) {
			container.put("imagePullPolicy", pullPolicy(container.path("image").asString("")));
		}
		if (!container.has("terminationMessagePath")) {
			container.put("terminationMessagePath", "/dev/termination-log");
		}
		if (!container.has("terminationMessagePolicy")) {
			container.put("terminationMessagePolicy", "File");
		}
		if (!container.has("resources")) {
			container.putObject("resources");
		}
		for (JsonNode port : container.path("ports")) {
			if (port instanceof ObjectNode object && !object.has("protocol")) {
				object.put("protocol", "TCP");
			}
		}
	}

	/** {@code Always} for {@code :latest} or no tag, otherwise {@code IfNotPresent} (digests included). */
	static String pullPolicy(String image) {
		if (image.contains("@")) {
			return "IfNotPresent";
		}
		int slash = image.lastIndexOf('/');
		int colon = image.lastIndexOf(':');
		if (colon <= slash) {
			return "Always";
		}
		return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
	}

	private static void service(ObjectNode spec) {
		if (!spec.has("type")) {
			spec.put("type", "ClusterIP");
		}
		String type = spec.path("type").asString("");
		if (!spec.has("sessionAffinity")) {
			spec.put("sessionAffinity", "None");
		}
		for (JsonNode port : spec.path("ports")) {
			if (port instanceof ObjectNode object) {
				if (!object.has("protocol")) {
					object.put("protocol", "TCP");
				}
				if (!object.has("targetPort") && object.has("port")) {
					object.set("targetPort", object.get("port").deepCopy());
				}
			}
		}
		if (!type.equals("ExternalName")) {
			if (!spec.has("internalTrafficPolicy")) {
				spec.put("internalTrafficPolicy", "Cluster");
			}
			if ((type.equals("NodePort") || type.equals("LoadBalancer")) && !spec.has("externalTrafficPolicy")) {
				spec.put("externalTrafficPolicy", "Cluster");
			}
		}
	}

}
