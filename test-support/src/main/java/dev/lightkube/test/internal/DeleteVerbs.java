package dev.lightkube.test.internal;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code delete}, {@code deletecollection} and pod {@code eviction}.
 */
final class DeleteVerbs {

	private final Store store;

	private final StoredObjects objects;

	private final Lifecycle lifecycle;

	DeleteVerbs(Store store, StoredObjects objects, Lifecycle lifecycle) {
		this.store = store;
		this.objects = objects;
		this.lifecycle = lifecycle;
	}

	Reply delete(ApiRequest request) {
		Target target = request.target();
		Options options = Options.of(request);
		synchronized (this.store) {
			ObjectNode old = this.objects.existing(target);
			JsonNode preconditions = options.body().path("preconditions");
			String uid = Json.text(preconditions, "uid");
			String version = Json.text(preconditions, "resourceVersion");
			if ((uid != null && !uid.equals(Json.text(old.path("metadata"), "uid")))
					|| (version != null && !version.equals(Json.text(old.path("metadata"), "resourceVersion")))) {
				throw ApiError.conflict(target.type(), Objects.requireNonNull(target.name()));
			}
			ObjectNode result = this.lifecycle.deleteObject(target.type(), old, options.policy(), options.grace(),
					options.dryRun());
			return Reply.json(200, StoredObjects.render(result, target));
		}
	}

	private static String propagationPolicy(Query query, JsonNode options) {
		String policy = query.get("propagationPolicy");
		if (policy == null) {
			policy = Json.text(options, "propagationPolicy");
		}
		if (policy == null) {
			return "Background";
		}
		if (!List.of("Orphan", "Background", "Foreground").contains(policy)) {
			throw ApiError.badRequest("propagationPolicy must be one of Orphan, Background, Foreground, got \""
					+ policy + "\"");
		}
		return policy;
	}

	/** An eviction deletes the pod at once (no disruption budgets are checked), with the eviction's options. */
	Reply evict(ApiRequest request) {
		Target target = request.target();
		Query query = request.query();
		ObjectNode eviction = WriteChecks.parseObject(request.body());
		String name = Json.text(eviction.path("metadata"), "name");
		if (name != null && !name.equals(target.name())) {
			throw ApiError.badRequest("name in URL does not match name in Eviction object");
		}
		JsonNode options = eviction.path("deleteOptions");
		boolean dryRun = query.dryRun() || Json.strings(options.get("dryRun")).contains("All");
		synchronized (this.store) {
			ObjectNode pod = this.objects.existing(target);
			JsonNode grace = options.get("gracePeriodSeconds");
			this.lifecycle.deleteObject(target.type(), pod, propagationPolicy(query, options),
					(grace != null) ? Integer.valueOf(grace.asInt()) : null, dryRun);
		}
		ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1");
		status.putObject("metadata");
		status.put("status", "Success").put("code", 201);
		return Reply.json(201, status);
	}

	Reply deleteCollection(ApiRequest request) {
		Target target = request.target();
		Query query = request.query();
		Options options = Options.of(request);
		Predicate<ObjectNode> filter = Selectors.parse(target.type(), query.get("labelSelector"),
				query.get("fieldSelector"));
		synchronized (this.store) {
			ObjectNode list = Json.object().put("kind", target.type().listKind())
				.put("apiVersion", target.apiVersion());
			ArrayNode items = list.putArray("items");
			for (ObjectNode object : this.store.list(target.type(), target.namespace())) {
				if (filter.test(object)) {
					ObjectNode deleted = this.lifecycle.deleteObject(target.type(), object, options.policy(),
							options.grace(), options.dryRun());
					items.add(StoredObjects.render(deleted, target));
				}
			}
			list.putObject("metadata").put("resourceVersion", Long.toString(this.store.currentVersion()));
			return Reply.json(200, list);
		}
	}

	/**
	 * The DeleteOptions of a delete or deletecollection: query parameters first, then the body's (kubectl and the
	 * client send a body; curl users the query).
	 */
	private record Options(JsonNode body, boolean dryRun, String policy, @Nullable Integer grace) {

		static Options of(ApiRequest request) {
			Query query = request.query();
			JsonNode body = request.body().isBlank() ? Json.object() : Json.parse(request.body());
			Integer grace = query.integer("gracePeriodSeconds");
			if (grace == null && body.has("gracePeriodSeconds")) {
				grace = body.get("gracePeriodSeconds").asInt();
			}
			return new Options(body, query.dryRun() || Json.strings(body.get("dryRun")).contains("All"),
					propagationPolicy(query, body), grace);
		}

	}

}
