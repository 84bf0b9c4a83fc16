package dev.lightkube.test.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects, the global resource version counter, the retained change history and the open watches. Callers
 * synchronize on the store for every read-modify-write, so events reach watches in resource version order.
 */
final class Store {

	/** One change, as kept for watch resumption. */
	record Event(String type, long resourceVersion, ResourceType kind, @Nullable ObjectNode previous,
			ObjectNode object) {
	}

	/** One open watch: what it selects and where its events go. */
	static final class Watcher {

		final ResourceType type;

		final @Nullable String namespace;

		final Predicate<ObjectNode> filter;

		final Sinks.Many<Event> sink = Sinks.many().unicast().onBackpressureBuffer();

		Watcher(ResourceType type, @Nullable String namespace, Predicate<ObjectNode> filter) {
			this.type = type;
			this.namespace = namespace;
			this.filter = filter;
		}

		boolean selects(ResourceType kind, ObjectNode object) {
			return kind.key().equals(this.type.key())
					&& (this.namespace == null || this.namespace.equals(namespaceOf(object)));
		}

	}

	/** A list snapshot that {@code continue} tokens page through. */
	private record Snapshot(List<ObjectNode> items, long resourceVersion, long createdNanos) {
	}

	/** The annotation of the bookmark that ends a WatchList's initial events. */
	static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

	private final Map<String, TreeMap<String, ObjectNode>> objects = new HashMap<>();

	private final AtomicLong resourceVersion = new AtomicLong();

	private final Deque<Event> history = new ArrayDeque<>();

	private final int retainedHistory;

	private long compactedVersion;

	private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

	private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

	private final AtomicLong snapshotIds = new AtomicLong();

	private final Duration continueTokenTtl;

	Store(int retainedHistory, Duration continueTokenTtl) {
		this.retainedHistory = retainedHistory;
		this.continueTokenTtl = continueTokenTtl;
	}

	static @Nullable String namespaceOf(JsonNode object) {
		return Json.text(object.path("metadata"), "namespace");
	}

	static String keyOf(@Nullable String namespace, String name) {
		return ((namespace != null) ? namespace : "") + "/" + name;
	}

	/** The current resource version. */
	long currentVersion() {
		return this.resourceVersion.get();
	}

	/** The next resource version, for a write that is about to happen. */
	long nextVersion() {
		return this.resourceVersion.incrementAndGet();
	}

	synchronized @Nullable ObjectNode get(ResourceType type, @Nullable String namespace, String name) {
		TreeMap<String, ObjectNode> byKey = this.objects.get(type.key());
		return (byKey != null) ? byKey.get(keyOf(namespace, name)) : null;
	}

	/** Objects of a kind in key order (namespace, then name), in one namespace or all. */
	synchronized List<ObjectNode> list(ResourceType type, @Nullable String namespace) {
		TreeMap<String, ObjectNode> byKey = this.objects.get(type.key());
		List<ObjectNode> result = new ArrayList<>();
		if (byKey != null) {
			for (ObjectNode object : byKey.values()) {
				if (namespace == null || namespace.equals(namespaceOf(object))) {
					result.add(object);
				}
			}
		}
		return result;
	}

	/** Stores an object that already carries its new resource version, and tells the watches. */
	synchronized void put(ResourceType type, ObjectNode object, @Nullable ObjectNode previous) {
		String name = object.path("metadata").path("name").asString();
		this.objects.computeIfAbsent(type.key(), (k) -> new TreeMap<>()).put(keyOf(namespaceOf(object), name), object);
		record(new Event((previous == null) ? "ADDED" : "MODIFIED", version(object), type, previous, object));
	}

	/** Removes an object; {@code object} is its last state, with a new resource version. */
	synchronized void remove(ResourceType type, ObjectNode object) {
		TreeMap<String, ObjectNode> byKey = this.objects.get(type.key());
		if (byKey != null) {
			byKey.remove(keyOf(namespaceOf(object), object.path("metadata").path("name").asString()));
		}
		record(new Event("DELETED", version(object), type, null, object));
	}

	/** Forgets every object of a kind without events and ends its watches, when its definition goes away. */
	synchronized void drop(ResourceType type) {
		this.objects.remove(type.key());
		for (Watcher watcher : this.watchers) {
			if (watcher.type.key().equals(type.key())) {
				watcher.sink.tryEmitComplete();
				this.watchers.remove(watcher);
			}
		}
	}

	static long version(JsonNode object) {
		return Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
	}

	private void record(Event event) {
		this.history.addLast(event);
		while (this.history.size() > this.retainedHistory) {
			this.compactedVersion = this.history.removeFirst().resourceVersion();
		}
		for (Watcher watcher : this.watchers) {
			if (watcher.selects(event.kind(), event.object())) {
				watcher.sink.tryEmitNext(event);
			}
		}
	}

	/**
	 * Opens a watch from {@code fromVersion} ({@code null}: synthetic ADDED events for what exists now). Returns
	 * {@code null} when the version is older than the retained history.
	 */
	synchronized @Nullable Watcher watch(ResourceType type, @Nullable String namespace, Predicate<ObjectNode> filter,
			@Nullable Long fromVersion) {
		return watch(type, namespace, filter, fromVersion, false);
	}

	/**
	 * Opens a watch; with {@code initialEventsEnd} (WatchList), the synthetic ADDED events are followed by a
	 * bookmark at the current version whose object carries the {@code k8s.io/initial-events-end} annotation.
	 */
	synchronized @Nullable Watcher watch(ResourceType type, @Nullable String namespace, Predicate<ObjectNode> filter,
			@Nullable Long fromVersion, boolean initialEventsEnd) {
		if (fromVersion != null && fromVersion < this.compactedVersion) {
			return null;
		}
		Watcher watcher = new Watcher(type, namespace, filter);
		if (fromVersion == null) {
			for (ObjectNode object : list(type, namespace)) {
				watcher.sink.tryEmitNext(new Event("ADDED", version(object), type, null, object));
			}
			if (initialEventsEnd) {
				ObjectNode marker = Json.object();
				Json.with(Json.metadata(marker), "annotations").put(INITIAL_EVENTS_END, "true");
				watcher.sink.tryEmitNext(new Event("BOOKMARK", currentVersion(), type, null, marker));
			}
		}
		else {
			for (Event event : this.history) {
				if (event.resourceVersion() > fromVersion && watcher.selects(event.kind(), event.object())) {
					watcher.sink.tryEmitNext(event);
				}
			}
		}
		this.watchers.add(watcher);
		return watcher;
	}

	/** How many watches are open. */
	synchronized int openWatches() {
		return this.watchers.size();
	}

	/** The oldest resource version a watch may still resume from. */
	synchronized long compactedVersion() {
		return this.compactedVersion;
	}

	/** Sends a bookmark through a watch, in order with its events. */
	synchronized void bookmark(Watcher watcher) {
		watcher.sink.tryEmitNext(new Event("BOOKMARK", currentVersion(), watcher.type, null, Json.object()));
	}

	void unregister(Watcher watcher) {
		this.watchers.remove(watcher);
	}

	/** Ends every open watch cleanly. */
	synchronized void dropWatches() {
		for (Watcher watcher : this.watchers) {
			watcher.sink.tryEmitComplete();
		}
		this.watchers.clear();
	}

	/** Fails every open watch, so its connection closes without the end of the chunked body. */
	synchronized void breakWatches() {
		for (Watcher watcher : this.watchers) {
			watcher.sink.tryEmitError(new IllegalStateException("watch broken by fault injection"));
		}
		this.watchers.clear();
	}

	/** Forgets the change history: a watch from any version before now gets 410. */
	synchronized void forgetHistory() {
		this.history.clear();
		this.compactedVersion = currentVersion();
	}

	/** Forgets every object and the history, ends the watches, keeps the resource version counter. */
	synchronized void clear() {
		dropWatches();
		this.objects.clear();
		forgetHistory();
		this.snapshots.clear();
	}

	private static String token(String id, long resourceVersion, int offset) {
		ObjectNode token = Json.object().put("v", "meta.k8s.io/v1").put("rv", resourceVersion).put("id", id)
			.put("offset", offset);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(token).getBytes());
	}

	/** One page of a snapshot: the items and the next token ({@code null} on the last page). */
	record Page(List<ObjectNode> items, long resourceVersion, @Nullable String next, long remaining) {
	}

	/** The page after a {@code continue} token. */
	Page page(String continueToken, int limit) {
		JsonNode token;
		try {
			token = Json.parse(new String(Base64.getUrlDecoder().decode(continueToken)));
		}
		catch (RuntimeException ex) {
			throw ApiError.badRequest("continue key is not valid: " + ex.getMessage());
		}
		String id = token.path("id").asString("");
		Snapshot snapshot = this.snapshots.get(id);
		if (snapshot == null || System.nanoTime() - snapshot.createdNanos() > this.continueTokenTtl.toNanos()) {
			this.snapshots.remove(id);
			throw ApiError.expired("The provided continue parameter is too old to display a consistent list result. "
					+ "You can start a new list without the continue parameter, or use the continue token in this "
					+ "response to retrieve the remainder of the results.");
		}
		return page(id, snapshot, token.path("offset").asInt(), limit);
	}

	/** The first page of a fresh list. */
	Page firstPage(List<ObjectNode> items, long resourceVersion, int limit) {
		if (limit <= 0 || items.size() <= limit) {
			return new Page(items, resourceVersion, null, 0);
		}
		String id = Long.toString(this.snapshotIds.incrementAndGet());
		Snapshot snapshot = new Snapshot(items, resourceVersion, System.nanoTime());
		this.snapshots.put(id, snapshot);
		return page(id, snapshot, 0, limit);
	}

	private Page page(String id, Snapshot snapshot, int offset, int limit) {
		List<ObjectNode> items = snapshot.items();
		int end = (limit <= 0) ? items.size() : Math.min(items.size(), offset + limit);
		String next = null;
		if (end < items.size()) {
			next = token(id, snapshot.resourceVersion(), end);
		}
		else {
			this.snapshots.remove(id);
		}
		return new Page(items.subList(offset, end), snapshot.resourceVersion(), next, items.size() - end);
	}

	/** Makes every continue token issued so far expired. */
	void expireContinueTokens() {
		this.snapshots.clear();
	}

}
