package dev.lightkube.test.internal;

import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code patch}: JSON patch, merge patch, strategic merge patch, and server-side apply.
 */
final class PatchVerbs {

	private static final String STRATEGIC = "application/strategic-merge-patch+json";

	private static final String APPLY = "application/apply-patch+yaml";

	private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
			"application/merge-patch+json", STRATEGIC);

	private final Store store;

	private final StoredObjects objects;

	private final Lifecycle lifecycle;

	private final WriteVerbs writes;

	PatchVerbs(Store store, StoredObjects objects, Lifecycle lifecycle, WriteVerbs writes) {
		this.store = store;
		this.objects = objects;
		this.lifecycle = lifecycle;
		this.writes = writes;
	}

	Reply patch(ApiRequest request) {
		Target target = request.target();
		String mediaType = request.mediaType();
		boolean dryRun = request.query().dryRun();
		if (mediaType.equals(APPLY)) {
			return apply(request, dryRun);
		}
		if (!PATCH_TYPES.contains(mediaType) || (mediaType.equals(STRATEGIC) && !target.type().builtIn())) {
			throw unsupportedPatch();
		}
		String manager = request.fieldManager();
		JsonNode patch = Json.parse(request.body());
		synchronized (this.store) {
			ObjectNode old = this.objects.existing(target);
			boolean scale = target.is("scale");
			JsonNode base = scale ? Lifecycle.scale(target.type(), old) : StoredObjects.render(old, target);
			JsonNode patched = switch (mediaType) {
				case "application/json-patch+json" -> Patches.jsonPatch(base, patch);
				case "application/merge-patch+json" -> Patches.mergePatch(base, patch);
				case STRATEGIC -> Patches.strategicMergePatch(base, patch);
				default -> throw unsupportedPatch();
			};
			if (!(patched instanceof ObjectNode object)) {
				throw ApiError.badRequest("the patch did not result in an object");
			}
			if (scale) {
				return Reply.json(200, this.writes.writeScale(target, old, object, manager, dryRun));
			}
			WriteChecks.checkResourceVersion(object, old, target);
			WriteChecks.checkKind(object, target);
			List<String> warnings = FieldValidation.decode(target, request.query(), object);
			ObjectNode updated = WriteChecks.splitStatus(target, old, object);
			ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated, manager,
					false, dryRun);
			return Reply.json(200, StoredObjects.render(result, target)).withWarnings(warnings);
		}
	}

	private static ApiError unsupportedPatch() {
		return ApiError.unsupportedMediaType("the body of the request was in an unknown format - accepted media types "
				+ "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
	}

	private Reply apply(ApiRequest request, boolean dryRun) {
		Target target = request.target();
		Query query = request.query();
		String manager = query.get("fieldManager");
		if (manager == null || manager.isEmpty()) {
			throw ApiError.badRequest("PATCH " + target.type().plural()
					+ ": fieldManager is required for apply requests");
		}
		if (target.is("scale")) {
			throw unsupportedPatch();
		}
		JsonNode parsed = Json.YAML.readTree(request.body());
		if (!(parsed instanceof ObjectNode config)) {
			throw ApiError.badRequest("an apply configuration must be an object");
		}
		if (Json.text(config, "apiVersion") == null || Json.text(config, "kind") == null) {
			throw ApiError.badRequest("apiVersion and kind must be set in an apply configuration");
		}
		WriteChecks.checkIdentity(config, target);
		List<String> warnings = FieldValidation.decode(target, query, config);
		boolean force = query.flag("force");
		synchronized (this.store) {
			ObjectNode old = this.store.get(target.type(), target.namespace(), Objects.requireNonNull(target.name()));
			if (old == null) {
				if (target.subresource() != null) {
					throw ApiError.notFound(target.type(), target.name());
				}
				this.objects.requireNamespace(target);
				ObjectNode created = ManagedFields.apply(null, config, manager, force, target.type(),
						target.apiVersion(), target.name());
				this.lifecycle.prepareCreate(target.type(), target.version(), created);
				if (!dryRun) {
					Json.metadata(created).put("resourceVersion", Long.toString(this.store.nextVersion()));
					this.store.put(target.type(), created, null);
					this.lifecycle.afterWrite(target.type(), created);
				}
				return Reply.json(201, StoredObjects.render(created, target)).withWarnings(warnings);
			}
			ObjectNode merged = ManagedFields.apply(StoredObjects.render(old, target), config, manager, force,
					target.type(), target.apiVersion(), target.name());
			ObjectNode updated = WriteChecks.splitStatus(target, old, merged);
			if (updated != merged) {
				updated.set("metadata", merged.get("metadata"));
			}
			ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated, manager,
					true, dryRun);
			return Reply.json(200, StoredObjects.render(result, target)).withWarnings(warnings);
		}
	}

}
