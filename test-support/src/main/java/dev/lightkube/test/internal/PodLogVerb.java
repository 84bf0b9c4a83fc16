package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET pods/{name}/log}: a container's recorded lines, whole, tailed or followed.
 */
final class PodLogVerb {

	private final StoredObjects objects;

	private final Logs logs;

	PodLogVerb(StoredObjects objects, Logs logs) {
		this.objects = objects;
		this.logs = logs;
	}

	Reply log(ApiRequest request) {
		Target target = request.target();
		Query query = request.query();
		ObjectNode pod = this.objects.existing(target);
		String container = container(pod, query.get("container"));
		Integer tailLines = query.integer("tailLines");
		boolean timestamps = query.flag("timestamps");
		boolean follow = query.flag("follow");
		Logs.ContainerLog log = this.logs.find(Objects.requireNonNull(target.namespace()),
				Objects.requireNonNull(target.name()), container);
		int tail = (tailLines != null) ? tailLines : -1;
		if (follow) {
			return Reply.stream("text/plain", log.follow(tail).map((line) -> line.render(timestamps)));
		}
		StringBuilder text = new StringBuilder();
		log.lines(tail).forEach((line) -> text.append(line.render(timestamps)));
		return Reply.text(200, text.toString());
	}

	/** The container a log or exec request means: the one asked for, or the pod's only container. */
	static String container(ObjectNode pod, @Nullable String requested) {
		List<String> names = new ArrayList<>();
		for (JsonNode container : pod.path("spec").path("containers")) {
			names.add(container.path("name").asString());
		}
		String podName = pod.path("metadata").path("name").asString();
		if (requested != null && !requested.isEmpty()) {
			List<String> all = new ArrayList<>(names);
			for (JsonNode container : pod.path("spec").path("initContainers")) {
				all.add(container.path("name").asString());
			}
			if (!all.contains(requested)) {
				throw ApiError.badRequest("container " + requested + " is not valid for pod " + podName);
			}
			return requested;
		}
		if (names.size() == 1) {
			return names.get(0);
		}
		throw ApiError.badRequest("a container name must be specified for pod " + podName + ", choose one of: "
				+ names);
	}

}
