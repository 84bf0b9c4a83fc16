package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code get} and {@code list}, as JSON or as kubectl's {@code Table}; {@code get} of the {@code scale} view.
 */
final class ReadVerbs {

	private final Store store;

	private final StoredObjects objects;

	ReadVerbs(Store store, StoredObjects objects) {
		this.store = store;
		this.objects = objects;
	}

	Reply get(ApiRequest request) {
		Target target = request.target();
		ObjectNode object = this.objects.existing(target);
		if (target.is("scale")) {
			return Reply.json(200, Lifecycle.scale(target.type(), object));
		}
		ObjectNode rendered = StoredObjects.render(object, target);
		if (Discovery.wantsTable(request.accept())) {
			return Reply.json(200,
					Tables.table(target.type(), List.of(rendered), Long.toString(this.store.currentVersion())));
		}
		return Reply.json(200, rendered);
	}

	Reply list(ApiRequest request) {
		Target target = request.target();
		Query query = request.query();
		Predicate<ObjectNode> filter = Selectors.parse(target.type(), query.get("labelSelector"),
				query.get("fieldSelector"));
		if (query.get("sendInitialEvents") != null) {
			throw ApiError.invalidListOptions(List.of(new ApiError.Cause("FieldValueForbidden",
					"Forbidden: sendInitialEvents is forbidden for list", "sendInitialEvents")));
		}
		Integer limit = query.integer("limit");
		String continueToken = query.get("continue");
		Store.Page page;
		if (continueToken != null && !continueToken.isEmpty()) {
			page = this.store.page(continueToken, (limit != null) ? limit : 0);
		}
		else {
			List<ObjectNode> items;
			long version;
			synchronized (this.store) {
				items = this.store.list(target.type(), target.namespace()).stream().filter(filter).toList();
				version = this.store.currentVersion();
			}
			page = this.store.firstPage(items, version, (limit != null) ? limit : 0);
		}
		List<ObjectNode> rendered = new ArrayList<>();
		for (ObjectNode item : page.items()) {
			rendered.add(StoredObjects.render(item, target));
		}
		if (Discovery.wantsTable(request.accept())) {
			ObjectNode table = Tables.table(target.type(), rendered, Long.toString(page.resourceVersion()));
			if (page.next() != null) {
				Json.metadata(table).put("continue", page.next());
			}
			return Reply.json(200, table);
		}
		ObjectNode list = Json.object().put("kind", target.type().listKind()).put("apiVersion", target.apiVersion());
		ObjectNode metadata = list.putObject("metadata").put("resourceVersion", Long.toString(page.resourceVersion()));
		if (page.next() != null) {
			metadata.put("continue", page.next());
			if (query.get("labelSelector") == null && query.get("fieldSelector") == null) {
				metadata.put("remainingItemCount", page.remaining());
			}
		}
		ArrayNode items = list.putArray("items");
		for (ObjectNode item : rendered) {
			if (target.type().builtIn()) {
				// The real API server leaves kind and apiVersion out of built-in list items.
				item.remove("apiVersion");
				item.remove("kind");
			}
			items.add(item);
		}
		return Reply.json(200, list);
	}

}
