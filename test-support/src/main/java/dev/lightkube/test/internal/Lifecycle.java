package dev.lightkube.test.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server does to objects regardless of the request that asked: server-set metadata on create,
 * updates with generation and managed fields, deletion with finalizers, garbage collection and namespace and CRD
 * clean-up, and the {@code Scale} view. Callers hold the store's lock.
 */
final class Lifecycle {

	private static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public",
			"kube-node-lease");

	private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

	/** How often a taken generated name is generated again before the create fails with 409. */
	private static final int GENERATE_NAME_ATTEMPTS = 8;

	private final Registry registry;

	private final Store store;

	private final AtomicInteger clusterIps = new AtomicInteger();

	private final Supplier<String> suffixes;

	Lifecycle(Registry registry, Store store) {
		this(registry, store, Lifecycle::randomSuffix);
	}

	/** With a chosen source of generated name suffixes, so tests can make names collide. */
	Lifecycle(Registry registry, Store store, Supplier<String> suffixes) {
		this.registry = registry;
		this.store = store;
		this.suffixes = suffixes;
	}

	private ResourceType type(String group, String version, String plural) {
		return Objects.requireNonNull(this.registry.find(group, version, plural), plural);
	}

	void createInitialNamespaces() {
		ResourceType namespaces = type("", "v1", "namespaces");
		for (String name : INITIAL_NAMESPACES) {
			ObjectNode namespace = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
			Json.metadata(namespace).put("name", name);
			create(namespaces, "v1", null, namespace, "kube-apiserver", false);
		}
	}

	ObjectNode create(ResourceType type, String version, @Nullable String namespace, ObjectNode object,
			String manager, boolean dryRun) {
		ObjectNode metadata = Json.metadata(object);
		String name = Json.text(metadata, "name");
		if (name == null || name.isEmpty()) {
			String prefix = Json.text(metadata, "generateName");
			if (prefix == null || prefix.isEmpty()) {
				throw ApiError.invalid(type, "", "metadata.name", "Required value: name or generateName is required");
			}
			// A generated name that is taken is generated again, as a 1.32 server does, instead of answering 409.
			name = prefix + this.suffixes.get();
			for (int attempt = 0; attempt < GENERATE_NAME_ATTEMPTS && this.store.get(type, namespace, name) != null;
					attempt++) {
				name = prefix + this.suffixes.get();
			}
			metadata.put("name", name);
		}
		if (this.store.get(type, namespace, name) != null) {
			throw ApiError.alreadyExists(type, name);
		}
		prepareCreate(type, version, object);
		ManagedFields.recordUpdate(null, object, manager, type.apiVersion(version));
		if (!dryRun) {
			metadata.put("resourceVersion", Long.toString(this.store.nextVersion()));
			this.store.put(type, object, null);
			afterWrite(type, object);
		}
		return object;
	}

	private static String randomSuffix() {
		StringBuilder suffix = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			suffix.append(NAME_CHARS.charAt(ThreadLocalRandom.current().nextInt(NAME_CHARS.length())));
		}
		return suffix.toString();
	}

	/** Sets what the API server sets on create: identity, timestamps, generation, initial status. */
	void prepareCreate(ResourceType type, String version, ObjectNode object) {
		ObjectNode metadata = Json.metadata(object);
		metadata.put("uid", UUID.randomUUID().toString());
		metadata.put("creationTimestamp", Json.timestamp(Instant.now()));
		if (type.hasGeneration()) {
			metadata.put("generation", 1L);
		}
		else {
			metadata.remove("generation");
		}
		metadata.remove("resourceVersion");
		metadata.remove("deletionTimestamp");
		metadata.remove("deletionGracePeriodSeconds");
		object.put("apiVersion", type.apiVersion(version));
		object.put("kind", type.kind());
		if (type.status()) {
			// With a status sub-resource, the main resource ignores status: creates start from the initial status.
			object.remove("status");
		}
		Defaults.apply(type, object);
		dropEmptyMetadata(object);
		if (type.builtIn()) {
			switch (type.kind()) {
				case "Pod" -> Json.with(object, "status").put("phase", "Pending");
				case "Namespace" -> Json.with(object, "status").put("phase", "Active");
				case "Service" -> allocateClusterIp(Json.with(object, "spec"));
				case "CustomResourceDefinition" -> established(object);
				default -> {
				}
			}
		}
		Validation.validate(type, object, null);
	}

	/** Empty metadata maps and lists are left out, as Go's {@code omitempty} does (no {@code annotations: {}}). */
	private static void dropEmptyMetadata(ObjectNode object) {
		if (object.get("metadata") instanceof ObjectNode metadata) {
			for (String field : List.of("labels", "annotations", "finalizers", "ownerReferences")) {
				JsonNode value = metadata.get(field);
				if (value != null && (value.isNull() || (value.isContainer() && value.isEmpty()))) {
					metadata.remove(field);
				}
			}
		}
	}

	/** A cluster IP from the service CIDR 10.96.0.0/12 (10.96.0.1 is the first), and the IP family fields. */
	private void allocateClusterIp(ObjectNode spec) {
		if ("ExternalName".equals(Json.text(spec, "type"))) {
			return;
		}
		String clusterIp = Json.text(spec, "clusterIP");
		if (clusterIp == null || clusterIp.isEmpty()) {
			int n = this.clusterIps.incrementAndGet();
			clusterIp = "10.96." + (n / 250) + "." + (n % 250 + 1);
			spec.put("clusterIP", clusterIp);
		}
		if (!spec.has("clusterIPs")) {
			spec.putArray("clusterIPs").add(clusterIp);
		}
		if (!spec.has("ipFamilies")) {
			spec.putArray("ipFamilies").add("IPv4");
		}
		if (!spec.has("ipFamilyPolicy")) {
			spec.put("ipFamilyPolicy", "SingleStack");
		}
	}

	/** An update that leaves out allocated fields keeps them, as the service registry does. */
	private static void keepAllocated(ResourceType type, ObjectNode old, ObjectNode updated) {
		if (!type.builtIn() || !type.kind().equals("Service") || !(updated.get("spec") instanceof ObjectNode spec)) {
			return;
		}
		JsonNode oldSpec = old.path("spec");
		for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
			JsonNode value = spec.get(field);
			boolean missing = value == null || value.isNull() || (value.isString() && value.asString().isEmpty());
			if (missing && oldSpec.has(field)) {
				spec.set(field, oldSpec.get(field).deepCopy());
			}
		}
	}

	private static void established(ObjectNode crd) {
		ObjectNode status = Json.with(crd, "status");
		status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
		ArrayNode conditions = status.putArray("conditions");
		String now = Json.timestamp(Instant.now());
		conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
			.put("message", "no conflicts found").put("lastTransitionTime", now);
		conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
			.put("message", "the initial names have been accepted").put("lastTransitionTime", now);
		ArrayNode stored = status.putArray("storedVersions");
		for (JsonNode version : crd.path("spec").path("versions")) {
			if (version.path("storage").asBoolean(false)) {
				stored.add(version.path("name").asString());
			}
		}
	}

	/** Keeps the registry in step with custom resource definitions. */
	void afterWrite(ResourceType type, ObjectNode object) {
		if (type.builtIn() && type.kind().equals("CustomResourceDefinition")) {
			ResourceType served = Registry.fromDefinition(object);
			if (served != null) {
				this.registry.register(served);
			}
		}
	}

	/**
	 * Stores an update: server-owned metadata from the old object, generation bumped on spec changes, managed fields,
	 * a new resource version; removes the object when it is being deleted and its last finalizer went away.
	 */
	ObjectNode commit(ResourceType type, String apiVersion, ObjectNode old, ObjectNode updated, String manager,
			boolean applied, boolean dryRun) {
		ObjectNode metadata = Json.metadata(updated);
		JsonNode oldMetadata = old.path("metadata");
		for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
				"name", "namespace", "resourceVersion")) {
			JsonNode value = oldMetadata.get(field);
			if (value == null) {
				metadata.remove(field);
			}
			else {
				metadata.set(field, value.deepCopy());
			}
		}
		Defaults.apply(type, updated);
		dropEmptyMetadata(updated);
		keepAllocated(type, old, updated);
		Validation.validate(type, updated, old);
		if (type.hasGeneration()) {
			long generation = oldMetadata.path("generation").asLong(1);
			if (!withoutMetadataAndStatus(old).equals(withoutMetadataAndStatus(updated))) {
				generation++;
			}
			metadata.put("generation", generation);
		}
		else {
			metadata.remove("generation");
		}
		updated.put("apiVersion", type.apiVersion(type.preferredVersion()));
		updated.put("kind", type.kind());
		if (!applied) {
			JsonNode managed = oldMetadata.get("managedFields");
			if (managed == null) {
				metadata.remove("managedFields");
			}
			else {
				metadata.set("managedFields", managed.deepCopy());
			}
			ManagedFields.recordUpdate(old, updated, manager, apiVersion);
		}
		if (withoutTimes(old).equals(withoutTimes(updated)) || dryRun) {
			// No change (or a dry run): no new resource version, no event.
			return dryRun ? updated : old;
		}
		metadata.put("resourceVersion", Long.toString(this.store.nextVersion()));
		if (metadata.has("deletionTimestamp") && Json.strings(metadata.get("finalizers")).isEmpty()) {
			removeObject(type, updated, "Background", false);
			return updated;
		}
		this.store.put(type, updated, old);
		afterWrite(type, updated);
		return updated;
	}

	private static JsonNode withoutMetadataAndStatus(ObjectNode object) {
		ObjectNode copy = object.deepCopy();
		copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
		return copy;
	}

	private static JsonNode withoutTimes(ObjectNode object) {
		ObjectNode copy = object.deepCopy();
		ObjectNode metadata = Json.metadata(copy);
		metadata.remove("resourceVersion");
		for (JsonNode entry : metadata.path("managedFields")) {
			((ObjectNode) entry).remove("time");
		}
		return copy;
	}

	static ObjectNode scale(ResourceType type, ObjectNode object) {
		ResourceType.Scale paths = Objects.requireNonNull(type.scale());
		ObjectNode scale = Json.object().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
		ObjectNode metadata = scale.putObject("metadata");
		for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
			JsonNode value = object.path("metadata").get(field);
			if (value != null) {
				metadata.set(field, value);
			}
		}
		JsonNode replicas = Json.at(object, paths.specReplicasPath());
		scale.putObject("spec").put("replicas", (replicas != null) ? replicas.asInt() : 0);
		ObjectNode status = scale.putObject("status");
		JsonNode current = Json.at(object, paths.statusReplicasPath());
		status.put("replicas", (current != null) ? current.asInt() : 0);
		if (paths.labelSelectorPath() != null) {
			JsonNode selector = Json.at(object, paths.labelSelectorPath());
			if (selector != null) {
				status.put("selector", selectorText(selector));
			}
		}
		return scale;
	}

	private static String selectorText(JsonNode selector) {
		if (selector.isString()) {
			return selector.stringValue();
		}
		JsonNode labels = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
		List<String> terms = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : labels.properties()) {
			terms.add(entry.getKey() + "=" + entry.getValue().asString());
		}
		return String.join(",", terms);
	}

	/** Deletes an object: marks it while finalizers remain, otherwise removes it and handles its dependents. */
	ObjectNode deleteObject(ResourceType type, ObjectNode old, String policy, @Nullable Integer grace,
			boolean dryRun) {
		ObjectNode metadata = (ObjectNode) old.path("metadata");
		if (!Json.strings(metadata.get("finalizers")).isEmpty()) {
			if (metadata.has("deletionTimestamp")) {
				return old;
			}
			ObjectNode marked = old.deepCopy();
			Json.metadata(marked).put("deletionTimestamp", Json.timestamp(Instant.now()))
				.put("deletionGracePeriodSeconds", (grace != null) ? grace : 0);
			if (type.hasGeneration()) {
				Json.metadata(marked).put("generation", metadata.path("generation").asLong(1) + 1);
			}
			if (dryRun) {
				return marked;
			}
			Json.metadata(marked).put("resourceVersion", Long.toString(this.store.nextVersion()));
			this.store.put(type, marked, old);
			return marked;
		}
		ObjectNode last = old.deepCopy();
		if (grace != null) {
			Json.metadata(last).put("deletionGracePeriodSeconds", grace);
		}
		if (!dryRun) {
			Json.metadata(last).put("resourceVersion", Long.toString(this.store.nextVersion()));
			removeObject(type, last, policy, true);
		}
		return last;
	}

	/** Removes an object for good, then what depends on it: namespace content, custom resources, owned objects. */
	private void removeObject(ResourceType type, ObjectNode last, String policy, boolean cascade) {
		this.store.remove(type, last);
		String uid = Json.text(last.path("metadata"), "uid");
		String name = last.path("metadata").path("name").asString();
		if (type.builtIn() && type.kind().equals("Namespace")) {
			for (ResourceType kind : this.registry.all()) {
				if (kind.namespaced()) {
					for (ObjectNode object : this.store.list(kind, name)) {
						deleteObject(kind, object, "Background", null, false);
					}
				}
			}
		}
		if (type.builtIn() && type.kind().equals("CustomResourceDefinition")) {
			ResourceType served = Registry.fromDefinition(last);
			if (served != null) {
				for (ObjectNode object : this.store.list(served, null)) {
					ObjectNode gone = object.deepCopy();
					Json.metadata(gone).put("resourceVersion", Long.toString(this.store.nextVersion()));
					this.store.remove(served, gone);
				}
				this.store.drop(served);
				this.registry.unregister(served.key());
			}
		}
		if (cascade && uid != null) {
			for (ResourceType kind : this.registry.all()) {
				for (ObjectNode object : this.store.list(kind, null)) {
					if (ownedBy(object, uid)) {
						if (policy.equals("Orphan")) {
							orphan(kind, object, uid);
						}
						else {
							deleteObject(kind, object, "Background", null, false);
						}
					}
				}
			}
		}
	}

	private static boolean ownedBy(ObjectNode object, String uid) {
		for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
			if (uid.equals(Json.text(owner, "uid"))) {
				return true;
			}
		}
		return false;
	}

	private void orphan(ResourceType kind, ObjectNode object, String uid) {
		ObjectNode updated = object.deepCopy();
		ArrayNode owners = (ArrayNode) Json.metadata(updated).get("ownerReferences");
		owners.removeIf((owner) -> uid.equals(Json.text(owner, "uid")));
		if (owners.isEmpty()) {
			Json.metadata(updated).remove("ownerReferences");
		}
		Json.metadata(updated).put("resourceVersion", Long.toString(this.store.nextVersion()));
		this.store.put(kind, updated, object);
	}

}
