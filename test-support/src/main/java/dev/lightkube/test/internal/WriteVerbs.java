package dev.lightkube.test.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code create} (POST) and {@code update} (PUT), including PUT of {@code status} and {@code scale}.
 */
final class WriteVerbs {

	private final Store store;

	private final StoredObjects objects;

	private final Lifecycle lifecycle;

	WriteVerbs(Store store, StoredObjects objects, Lifecycle lifecycle) {
		this.store = store;
		this.objects = objects;
		this.lifecycle = lifecycle;
	}

	Reply create(ApiRequest request) {
		Target target = request.target();
		if (target.type().namespaced() && target.namespace() == null) {
			throw ApiError.methodNotAllowed("create needs a namespace in the path for " + target.type().plural());
		}
		ObjectNode object = WriteChecks.parseObject(request.body());
		WriteChecks.checkKind(object, target);
		WriteChecks.checkNamespace(object, target);
		List<String> warnings = FieldValidation.decode(target, request.query(), object);
		boolean dryRun = request.query().dryRun();
		synchronized (this.store) {
			this.objects.requireNamespace(target);
			ObjectNode created = this.lifecycle.create(target.type(), target.version(), target.namespace(), object,
					request.fieldManager(), dryRun);
			return Reply.json(201, StoredObjects.render(created, target)).withWarnings(warnings);
		}
	}

	Reply replace(ApiRequest request) {
		Target target = request.target();
		ObjectNode object = WriteChecks.parseObject(request.body());
		boolean dryRun = request.query().dryRun();
		synchronized (this.store) {
			ObjectNode old = this.objects.existing(target);
			if (target.is("scale")) {
				return Reply.json(200, writeScale(target, old, object, request.fieldManager(), dryRun));
			}
			WriteChecks.checkIdentity(object, target);
			WriteChecks.checkResourceVersion(object, old, target);
			List<String> warnings = FieldValidation.decode(target, request.query(), object);
			ObjectNode updated = WriteChecks.splitStatus(target, old, object);
			ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated,
					request.fieldManager(), false, dryRun);
			return Reply.json(200, StoredObjects.render(result, target)).withWarnings(warnings);
		}
	}

	/** Writes the replicas of a {@code Scale} into the object; answers the new {@code Scale}. */
	ObjectNode writeScale(Target target, ObjectNode old, ObjectNode scale, String manager, boolean dryRun) {
		WriteChecks.checkResourceVersion(scale, old, target);
		JsonNode replicas = scale.path("spec").get("replicas");
		if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
			throw ApiError.invalid(target.type(), Objects.requireNonNull(target.name()), "spec.replicas",
					"Invalid value: must be a non-negative integer");
		}
		ObjectNode updated = old.deepCopy();
		String[] path = Objects.requireNonNull(target.type().scale()).specReplicasPath().split("\\.");
		ObjectNode parent = updated;
		for (String part : Arrays.asList(path).subList(0, path.length - 1)) {
			parent = Json.with(parent, part);
		}
		parent.put(path[path.length - 1], replicas.asInt());
		ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated, manager, false,
				dryRun);
		return Lifecycle.scale(target.type(), result);
	}

}
