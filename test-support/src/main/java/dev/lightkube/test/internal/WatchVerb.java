package dev.lightkube.test.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code watch}: chunked JSON lines from a resource version (or synthetic ADDED events), with selectors, bookmarks
 * and {@code timeoutSeconds}.
 */
final class WatchVerb {

	private final Store store;

	private final Duration bookmarkInterval;

	private final boolean watchList;

	/** Whether the next WatchList watch fails with 410 after its initial events (fault injection). */
	private final BooleanSupplier expireDuringInitialEvents;

	WatchVerb(Store store, Duration bookmarkInterval, boolean watchList, BooleanSupplier expireDuringInitialEvents) {
		this.expireDuringInitialEvents = expireDuringInitialEvents;
		this.store = store;
		this.bookmarkInterval = bookmarkInterval;
		this.watchList = watchList;
	}

	/**
	 * The checks of the API server's {@code ValidateListOptions} for a watch: {@code sendInitialEvents} needs
	 * {@code resourceVersionMatch=NotOlderThan} and {@code allowWatchBookmarks=true}, and is refused altogether
	 * when the WatchList feature is off. Answers whether initial events are asked for.
	 */
	private boolean sendInitialEvents(Query query) {
		String send = query.get("sendInitialEvents");
		String match = query.get("resourceVersionMatch");
		List<ApiError.Cause> causes = new ArrayList<>();
		if (send == null) {
			if (match != null && !match.isEmpty()) {
				causes.add(new ApiError.Cause("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden for "
						+ "watch unless sendInitialEvents is provided", "resourceVersionMatch"));
			}
		}
		else if (!this.watchList) {
			causes.add(new ApiError.Cause("FieldValueForbidden", "Forbidden: sendInitialEvents is forbidden for watch "
					+ "unless the WatchList feature gate is enabled", "sendInitialEvents"));
		}
		else {
			if (!"NotOlderThan".equals(match)) {
				causes.add(new ApiError.Cause("FieldValueForbidden", "Forbidden: sendInitialEvents requires setting "
						+ "resourceVersionMatch to NotOlderThan", "resourceVersionMatch"));
			}
			if (!query.flag("allowWatchBookmarks")) {
				causes.add(new ApiError.Cause("FieldValueRequired", "Required value: sendInitialEvents requires "
						+ "setting allowWatchBookmarks to true", "allowWatchBookmarks"));
			}
		}
		if (!causes.isEmpty()) {
			throw ApiError.invalidListOptions(causes);
		}
		return send != null && query.flag("sendInitialEvents");
	}

	Reply watch(ApiRequest request) {
		Target target = request.target();
		Query query = request.query();
		Predicate<ObjectNode> selected = Selectors.parse(target.type(), query.get("labelSelector"),
				query.get("fieldSelector"));
		if (target.name() != null) {
			String name = target.name();
			Predicate<ObjectNode> bySelector = selected;
			selected = (o) -> name.equals(o.path("metadata").path("name").asString()) && bySelector.test(o);
		}
		Predicate<ObjectNode> filter = selected;
		boolean initialEvents = sendInitialEvents(query);
		String resourceVersion = query.get("resourceVersion");
		Long from = null;
		// With initial events, the resource version is a lower bound for the state sent, and the state is current.
		if (!initialEvents && resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
			try {
				from = Long.valueOf(resourceVersion);
			}
			catch (NumberFormatException ex) {
				throw ApiError.badRequest("invalid resource version: \"" + resourceVersion + "\"");
			}
		}
		Integer timeoutSeconds = query.integer("timeoutSeconds");
		boolean table = Discovery.wantsTable(request.accept());
		if (initialEvents && this.expireDuringInitialEvents.getAsBoolean()) {
			return expiredDuringInitialEvents(target, filter, table);
		}
		Store.Watcher watcher = this.store.watch(target.type(), target.namespace(), filter, from, initialEvents);
		if (watcher == null) {
			ObjectNode event = Json.object().put("type", "ERROR");
			event.set("object", ApiError.status(410, "Expired", "too old resource version: " + resourceVersion + " ("
					+ this.store.compactedVersion() + ")"));
			return Reply.stream(Reply.JSON, Flux.just(Json.write(event) + "\n"));
		}
		Flux<String> events = watcher.sink.asFlux()
			.concatMap((event) -> Mono.justOrEmpty(line(event, filter, target, table)));
		AtomicReference<Disposable> ticker = new AtomicReference<>(Disposables.disposed());
		if (query.flag("allowWatchBookmarks")) {
			events = events.doOnSubscribe((subscription) -> ticker.set(Flux.interval(this.bookmarkInterval)
				.subscribe((tick) -> this.store.bookmark(watcher))));
		}
		if (timeoutSeconds != null && timeoutSeconds > 0) {
			events = events.take(Duration.ofSeconds(timeoutSeconds));
		}
		return Reply.stream(Reply.JSON, events.doFinally((signal) -> {
			ticker.get().dispose();
			this.store.unregister(watcher);
		}));
	}

	/** The initial events of a WatchList, then 410 Expired instead of their end (a fault). */
	private Reply expiredDuringInitialEvents(Target target, Predicate<ObjectNode> filter, boolean table) {
		List<String> lines = new ArrayList<>();
		for (ObjectNode object : this.store.list(target.type(), target.namespace())) {
			String line = line(new Store.Event("ADDED", Store.version(object), target.type(), null, object), filter,
					target, table);
			if (line != null) {
				lines.add(line);
			}
		}
		ObjectNode event = Json.object().put("type", "ERROR");
		event.set("object", ApiError.status(410, "Expired", "The resourceVersion for the provided watch is too old."));
		lines.add(Json.write(event) + "\n");
		return Reply.stream(Reply.JSON, Flux.fromIterable(lines));
	}

	private static @Nullable String line(Store.Event event, Predicate<ObjectNode> filter, Target target,
			boolean table) {
		String type = event.type();
		JsonNode object;
		if (type.equals("BOOKMARK")) {
			ObjectNode bookmark = Json.object().put("kind", target.type().kind())
				.put("apiVersion", target.apiVersion());
			ObjectNode metadata = bookmark.putObject("metadata");
			metadata.put("resourceVersion", Long.toString(event.resourceVersion()));
			JsonNode annotations = event.object().path("metadata").get("annotations");
			if (annotations != null) {
				metadata.set("annotations", annotations.deepCopy());
			}
			object = bookmark;
		}
		else {
			boolean now = filter.test(event.object());
			boolean before = event.previous() != null && filter.test(event.previous());
			if (type.equals("MODIFIED")) {
				if (!now && !before) {
					return null;
				}
				type = (now && before) ? "MODIFIED" : (now ? "ADDED" : "DELETED");
			}
			else if (!now) {
				return null;
			}
			// An object that left the selection is reported as it was last selected, at the new resource version.
			boolean left = type.equals("DELETED") && !now;
			ObjectNode rendered = StoredObjects.render(left ? Objects.requireNonNull(event.previous()) : event.object(),
					target);
			if (left) {
				Json.metadata(rendered).put("resourceVersion", Long.toString(event.resourceVersion()));
			}
			object = table ? Tables.table(target.type(), List.of(rendered), Long.toString(event.resourceVersion()))
					: rendered;
		}
		ObjectNode line = Json.object().put("type", type);
		line.set("object", object);
		return Json.write(line) + "\n";
	}

}
