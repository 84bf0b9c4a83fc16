package dev.lightkube.test.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.lightkube.test.ExecHandler;
import dev.lightkube.test.Faults;
import dev.lightkube.test.PodLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the Kubernetes API from the in-memory store: routing, verbs, sub-resources, watch, log and exec.
 */
public final class ApiHandler {

	private static final String JSON = "application/json";

	private static final String STRATEGIC = "application/strategic-merge-patch+json";

	private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
			"application/merge-patch+json", STRATEGIC);

	private final Registry registry = new Registry();

	private final Store store;

	private final Discovery discovery = new Discovery(this.registry);

	private final FaultState faults;

	private final Logs logs = new Logs();

	private final Exec exec = new Exec();

	private final Duration bookmarkInterval;

	private final Lifecycle lifecycle;

	private volatile String serverAddress = "127.0.0.1:0";

	/**
	 * Creates the handler with an empty store (plus the initial namespaces).
	 *
	 * @param retainedHistory how many changes are kept for watches to resume from
	 * @param continueTokenTtl how long a continue token stays valid
	 * @param bookmarkInterval how often watches that ask for bookmarks get one
	 */
	public ApiHandler(int retainedHistory, Duration continueTokenTtl, Duration bookmarkInterval) {
		this.store = new Store(retainedHistory, continueTokenTtl);
		this.faults = new FaultState(this.store);
		this.bookmarkInterval = bookmarkInterval;
		this.lifecycle = new Lifecycle(this.registry, this.store);
		this.lifecycle.createInitialNamespaces();
	}

	/** Where clients reach the server, for discovery documents. */
	public void serverAddress(String hostAndPort) {
		this.serverAddress = hostAndPort;
	}

	/** The fault injection controls. */
	/** How many watch streams are open now. */
	public int openWatches() {
		return this.store.openWatches();
	}

	public Faults faults() {
		return this.faults;
	}

	/** The log of a pod container. */
	public PodLog podLog(String namespace, String pod, String container) {
		return this.logs.log(namespace, pod, container);
	}

	/** Registers an exec handler for a command (its first word), or for every command when {@code command} is null. */
	public void onExec(@Nullable String command, ExecHandler handler) {
		if (command == null) {
			this.exec.registerDefault(handler);
		}
		else {
			this.exec.register(command, handler);
		}
	}

	/** Forgets every object, custom kind, log, exec handler and fault; the initial namespaces come back. */
	public void reset() {
		synchronized (this.store) {
			this.faults.clear();
			this.store.clear();
			for (ResourceType type : this.registry.customTypes()) {
				this.registry.unregister(type.key());
			}
			this.logs.clear();
			this.exec.clear();
			this.lifecycle.createInitialNamespaces();
		}
	}

	/** Ends open watches and log streams. */
	public void shutdown() {
		this.store.dropWatches();
		this.logs.clear();
	}

	// ---------------------------------------------------------------- HTTP

	/** Handles one HTTP exchange. */
	public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Duration delay = this.faults.delay();
		Mono<Void> work = Mono.defer(() -> dispatch(request, response));
		return delay.isZero() ? work : Mono.delay(delay).then(work);
	}

	private Mono<Void> dispatch(HttpServerRequest request, HttpServerResponse response) {
		FaultState.Failure failure = this.faults.takeFailure();
		if (failure != null) {
			if (failure.retryAfter() != null) {
				response.header("Retry-After", Long.toString(Math.max(0, failure.retryAfter().toSeconds())));
			}
			return send(response, Reply.json(failure.status(), ApiError.status(failure.status(),
					reasonFor(failure.status()), "injected failure " + failure.status())));
		}
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		Query query = new Query(uri.parameters());
		String path = uri.path();
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			Reply reply;
			try {
				reply = route(request, response, path, query, new String(body, StandardCharsets.UTF_8));
			}
			catch (ApiError ex) {
				reply = Reply.json(ex.code(), ex.toStatus());
			}
			catch (JacksonException ex) {
				reply = Reply.json(400, ApiError.status(400, "BadRequest", "cannot parse the request body: "
						+ ex.getOriginalMessage()));
			}
			catch (RuntimeException ex) {
				reply = Reply.json(500, ApiError.status(500, "InternalError", "in-memory API server error: " + ex));
			}
			return send(response, reply);
		});
	}

	private static String reasonFor(int status) {
		return switch (status) {
			case 400 -> "BadRequest";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "NotFound";
			case 409 -> "Conflict";
			case 410 -> "Expired";
			case 422 -> "Invalid";
			case 429 -> "TooManyRequests";
			case 503 -> "ServiceUnavailable";
			case 504 -> "Timeout";
			default -> (status >= 500) ? "InternalError" : "Unknown";
		};
	}

	private Mono<Void> send(HttpServerResponse response, Reply reply) {
		if (reply.upgrade() != null) {
			return Mono.from(reply.upgrade());
		}
		response.status(HttpResponseStatus.valueOf(reply.code())).header(HttpHeaderNames.CONTENT_TYPE,
				reply.contentType());
		if (reply.stream() != null) {
			return response
				.send(reply.stream().map((s) -> Unpooled.copiedBuffer(s, StandardCharsets.UTF_8)), (b) -> true)
				.then();
		}
		byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
		response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length));
		if (bytes.length > 1 && this.faults.takeCloseMidBody()) {
			// Half of the promised body, then a closed connection: the client sees a premature end of stream.
			ByteBuf half = Unpooled.wrappedBuffer(bytes, 0, bytes.length / 2);
			return response.sendHeaders().then().then(Mono.<Void>create((sink) -> response.withConnection(
					(connection) -> connection.channel().writeAndFlush(half).addListener((future) -> {
						connection.channel().close();
						sink.success();
					}))));
		}
		return response.sendByteArray(Mono.just(bytes)).then();
	}

	/** What to answer: a body, a stream of chunks, or an upgraded connection. */
	private record Reply(int code, String contentType, String body, @Nullable Flux<String> stream,
			@Nullable Publisher<Void> upgrade) {

		static Reply json(int code, JsonNode body) {
			return new Reply(code, JSON, Json.write(body), null, null);
		}

		static Reply text(int code, String body) {
			return new Reply(code, "text/plain; charset=utf-8", body, null, null);
		}

		static Reply stream(String contentType, Flux<String> chunks) {
			return new Reply(200, contentType, "", chunks, null);
		}

		static Reply upgrade(Publisher<Void> upgrade) {
			return new Reply(101, JSON, "", null, upgrade);
		}

	}

	/** The query parameters of a request. */
	private record Query(Map<String, List<String>> parameters) {

		@Nullable String get(String name) {
			List<String> values = this.parameters.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		List<String> all(String name) {
			return this.parameters.getOrDefault(name, List.of());
		}

		boolean flag(String name) {
			String value = get(name);
			return value != null && (value.equals("true") || value.equals("1") || value.isEmpty());
		}

		@Nullable Integer integer(String name) {
			String value = get(name);
			if (value == null || value.isEmpty()) {
				return null;
			}
			try {
				return Integer.valueOf(value);
			}
			catch (NumberFormatException ex) {
				throw ApiError.badRequest("invalid value for " + name + ": \"" + value + "\"");
			}
		}

		boolean dryRun() {
			List<String> values = all("dryRun");
			for (String value : values) {
				if (!value.equals("All")) {
					throw ApiError.badRequest("Invalid dry run value \"" + value + "\": only \"All\" is supported");
				}
			}
			return !values.isEmpty();
		}

	}

	private Reply route(HttpServerRequest request, HttpServerResponse response, String path, Query query,
			String body) {
		switch (path) {
			case "/healthz", "/livez", "/readyz" -> {
				return Reply.text(200, "ok");
			}
			case "/version" -> {
				return Reply.json(200, Discovery.version());
			}
			case "/api" -> {
				return Reply.json(200, Discovery.coreVersions(this.serverAddress));
			}
			case "/apis" -> {
				return Reply.json(200, this.discovery.groups());
			}
			case "/openapi/v3" -> {
				return Reply.json(200, this.discovery.openApiIndex());
			}
			default -> {
			}
		}
		List<String> segments = new ArrayList<>();
		for (String segment : path.split("/")) {
			if (!segment.isEmpty()) {
				segments.add(QueryStringDecoder.decodeComponent(segment));
			}
		}
		if (segments.size() >= 2 && segments.get(0).equals("openapi") && segments.get(1).equals("v3")) {
			return openApi(segments.subList(2, segments.size()));
		}
		String group;
		String version;
		List<String> rest;
		if (segments.size() >= 2 && segments.get(0).equals("api") && segments.get(1).equals("v1")) {
			group = "";
			version = "v1";
			rest = segments.subList(2, segments.size());
		}
		else if (segments.size() >= 2 && segments.get(0).equals("apis")) {
			group = segments.get(1);
			if (segments.size() == 2) {
				return orNotFound(this.discovery.groupOrNull(group));
			}
			version = segments.get(2);
			rest = segments.subList(3, segments.size());
		}
		else {
			throw notFound();
		}
		if (rest.isEmpty()) {
			return orNotFound(this.discovery.resources(group, version));
		}
		boolean watch = query.flag("watch");
		if (rest.get(0).equals("watch")) {
			watch = true;
			rest = rest.subList(1, rest.size());
		}
		Target target = target(group, version, rest);
		HttpMethod method = request.method();
		if ("exec".equals(target.subresource()) && target.type().kind().equals("Pod") && target.type().builtIn()) {
			return exec(request, response, target, query);
		}
		if (method.equals(HttpMethod.GET)) {
			if (target.name() == null) {
				return watch ? watch(target, query, accept(request)) : list(target, query, accept(request));
			}
			if (watch) {
				return watch(target, query, accept(request));
			}
			return get(target, query, accept(request));
		}
		if (method.equals(HttpMethod.POST)) {
			if ("eviction".equals(target.subresource())) {
				return evict(target, query, body);
			}
			if (target.name() != null) {
				throw ApiError.methodNotAllowed("POST is not supported on " + path);
			}
			return create(target, query, body, request);
		}
		if (method.equals(HttpMethod.PUT)) {
			return replace(requireName(target, "PUT"), query, body, request);
		}
		if (method.equals(HttpMethod.PATCH)) {
			return patch(requireName(target, "PATCH"), query, body, request);
		}
		if (method.equals(HttpMethod.DELETE)) {
			if (target.name() == null) {
				return deleteCollection(target, query, body);
			}
			return delete(target, query, body);
		}
		throw ApiError.methodNotAllowed("the server does not allow this method on the requested resource");
	}

	private static String accept(HttpServerRequest request) {
		String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT);
		return (accept != null) ? accept : "";
	}

	private static Target requireName(Target target, String method) {
		if (target.name() == null) {
			throw ApiError.methodNotAllowed(method + " needs an object name in the path");
		}
		return target;
	}

	private static ApiError notFound() {
		return ApiError.notFound("the server could not find the requested resource");
	}

	private static Reply orNotFound(@Nullable JsonNode document) {
		if (document == null) {
			throw notFound();
		}
		return Reply.json(200, document);
	}

	private Reply openApi(List<String> rest) {
		if (rest.size() == 2 && rest.get(0).equals("api")) {
			return orNotFound(this.discovery.openApi("", rest.get(1)));
		}
		if (rest.size() == 3 && rest.get(0).equals("apis")) {
			return orNotFound(this.discovery.openApi(rest.get(1), rest.get(2)));
		}
		throw notFound();
	}

	/** The object or collection a request addresses. */
	private record Target(ResourceType type, String version, @Nullable String namespace, @Nullable String name,
			@Nullable String subresource) {

		String apiVersion() {
			return this.type.apiVersion(this.version);
		}

	}

	private Target target(String group, String version, List<String> rest) {
		String namespace = null;
		List<String> remaining = rest;
		if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
			ResourceType inner = this.registry.find(group, version, rest.get(2));
			if (inner != null && inner.namespaced()) {
				namespace = rest.get(1);
				remaining = rest.subList(2, rest.size());
			}
		}
		ResourceType type = this.registry.find(group, version, remaining.get(0));
		if (type == null || remaining.size() > 3) {
			throw notFound();
		}
		if (namespace != null && !type.namespaced()) {
			throw notFound();
		}
		String name = (remaining.size() > 1) ? remaining.get(1) : null;
		String subresource = (remaining.size() > 2) ? remaining.get(2) : null;
		if (name != null && type.namespaced() && namespace == null) {
			throw notFound();
		}
		if (subresource != null && !isSubresource(type, subresource)) {
			throw notFound();
		}
		return new Target(type, version, namespace, name, subresource);
	}

	private static boolean isSubresource(ResourceType type, String subresource) {
		return switch (subresource) {
			case "status" -> type.status();
			case "scale" -> type.scale() != null;
			case "log", "exec", "eviction" -> type.builtIn() && type.kind().equals("Pod");
			default -> false;
		};
	}

	// ---------------------------------------------------------------- read

	private Reply get(Target target, Query query, String accept) {
		ObjectNode object = existing(target);
		if ("log".equals(target.subresource())) {
			return log(target, object, query);
		}
		if ("scale".equals(target.subresource())) {
			return Reply.json(200, Lifecycle.scale(target.type(), object));
		}
		ObjectNode rendered = render(object, target.type(), target.version());
		if (Discovery.wantsTable(accept)) {
			return Reply.json(200, Discovery.table(List.of(rendered), Long.toString(this.store.currentVersion())));
		}
		return Reply.json(200, rendered);
	}

	private ObjectNode existing(Target target) {
		ObjectNode object = this.store.get(target.type(), target.namespace(), Objects.requireNonNull(target.name()));
		if (object == null) {
			throw ApiError.notFound(target.type(), target.name());
		}
		return object;
	}

	private static ObjectNode render(ObjectNode object, ResourceType type, String version) {
		ObjectNode copy = Json.object();
		copy.put("apiVersion", type.apiVersion(version));
		copy.put("kind", type.kind());
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			if (!entry.getKey().equals("apiVersion") && !entry.getKey().equals("kind")) {
				copy.set(entry.getKey(), entry.getValue().deepCopy());
			}
		}
		return copy;
	}

	private Reply list(Target target, Query query, String accept) {
		Predicate<ObjectNode> filter = Selectors.parse(target.type(), query.get("labelSelector"),
				query.get("fieldSelector"));
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
			rendered.add(render(item, target.type(), target.version()));
		}
		if (Discovery.wantsTable(accept)) {
			ObjectNode table = Discovery.table(rendered, Long.toString(page.resourceVersion()));
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

	private Reply watch(Target target, Query query, String accept) {
		Predicate<ObjectNode> selected = Selectors.parse(target.type(), query.get("labelSelector"),
				query.get("fieldSelector"));
		if (target.name() != null) {
			String name = target.name();
			Predicate<ObjectNode> bySelector = selected;
			selected = (o) -> name.equals(o.path("metadata").path("name").asString()) && bySelector.test(o);
		}
		Predicate<ObjectNode> filter = selected;
		String resourceVersion = query.get("resourceVersion");
		Long from = null;
		if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
			try {
				from = Long.valueOf(resourceVersion);
			}
			catch (NumberFormatException ex) {
				throw ApiError.badRequest("invalid resource version: \"" + resourceVersion + "\"");
			}
		}
		Integer timeoutSeconds = query.integer("timeoutSeconds");
		boolean table = Discovery.wantsTable(accept);
		Store.Watcher watcher = this.store.watch(target.type(), target.namespace(), filter, from);
		if (watcher == null) {
			ObjectNode event = Json.object().put("type", "ERROR");
			event.set("object", ApiError.status(410, "Expired", "too old resource version: " + resourceVersion + " ("
					+ this.store.compactedVersion() + ")"));
			return Reply.stream(JSON, Flux.just(Json.write(event) + "\n"));
		}
		Flux<String> events = watcher.sink.asFlux()
			.concatMap((event) -> Mono.justOrEmpty(watchLine(event, filter, target, table)));
		AtomicReference<Disposable> ticker = new AtomicReference<>(Disposables.disposed());
		if (query.flag("allowWatchBookmarks")) {
			events = events.doOnSubscribe((subscription) -> ticker.set(Flux.interval(this.bookmarkInterval)
				.subscribe((tick) -> this.store.bookmark(watcher))));
		}
		if (timeoutSeconds != null && timeoutSeconds > 0) {
			events = events.take(Duration.ofSeconds(timeoutSeconds));
		}
		return Reply.stream(JSON, events.doFinally((signal) -> {
			ticker.get().dispose();
			this.store.unregister(watcher);
		}));
	}

	private @Nullable String watchLine(Store.Event event, Predicate<ObjectNode> filter, Target target,
			boolean table) {
		String type = event.type();
		JsonNode object;
		if (type.equals("BOOKMARK")) {
			ObjectNode bookmark = Json.object().put("kind", target.type().kind())
				.put("apiVersion", target.apiVersion());
			bookmark.putObject("metadata").put("resourceVersion", Long.toString(event.resourceVersion()));
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
			ObjectNode rendered = render(event.object(), target.type(), target.version());
			object = table ? Discovery.table(List.of(rendered), Long.toString(event.resourceVersion())) : rendered;
		}
		ObjectNode line = Json.object().put("type", type);
		line.set("object", object);
		return Json.write(line) + "\n";
	}

	// ---------------------------------------------------------------- write

	private static String fieldManager(Query query, HttpServerRequest request) {
		String manager = query.get("fieldManager");
		if (manager != null && !manager.isEmpty()) {
			return manager;
		}
		String agent = request.requestHeaders().get(HttpHeaderNames.USER_AGENT);
		if (agent == null || agent.isBlank()) {
			return "unknown";
		}
		int slash = agent.indexOf('/');
		return (slash > 0) ? agent.substring(0, slash) : agent;
	}

	private static ObjectNode parseObject(String body) {
		if (body.isBlank()) {
			throw ApiError.badRequest("the request body is empty");
		}
		JsonNode node = Json.parse(body);
		if (!(node instanceof ObjectNode object)) {
			throw ApiError.badRequest("the request body must be a JSON object");
		}
		return object;
	}

	private static void checkKind(ObjectNode object, Target target) {
		String apiVersion = Json.text(object, "apiVersion");
		String kind = Json.text(object, "kind");
		if (apiVersion != null && !apiVersion.equals(target.apiVersion())) {
			throw ApiError.badRequest("the API version in the data (" + apiVersion
					+ ") does not match the expected API version (" + target.apiVersion() + ")");
		}
		if (kind != null && !kind.equals(target.type().kind())) {
			throw ApiError.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
					+ target.type().kind() + ")");
		}
		object.put("apiVersion", target.apiVersion());
		object.put("kind", target.type().kind());
	}

	private void checkNamespace(ObjectNode object, Target target) {
		ObjectNode metadata = Json.metadata(object);
		if (!target.type().namespaced()) {
			metadata.remove("namespace");
			return;
		}
		String namespace = Json.text(metadata, "namespace");
		if (namespace != null && !namespace.isEmpty() && !namespace.equals(target.namespace())) {
			throw ApiError.badRequest(
					"the namespace of the provided object does not match the namespace sent on the request");
		}
		metadata.put("namespace", target.namespace());
	}

	/** Kind, namespace and name of a written object must match the path. */
	private void checkIdentity(ObjectNode object, Target target) {
		checkKind(object, target);
		checkNamespace(object, target);
		String name = Json.text(object.path("metadata"), "name");
		if (name != null && !name.equals(target.name())) {
			throw ApiError.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
					+ target.name() + ")");
		}
		Json.metadata(object).put("name", target.name());
	}

	/** Optimistic concurrency: a resource version in the written object must be the current one. */
	private static void checkResourceVersion(JsonNode written, ObjectNode old, Target target) {
		String resourceVersion = Json.text(written.path("metadata"), "resourceVersion");
		if (resourceVersion != null && !resourceVersion.isEmpty()
				&& !resourceVersion.equals(Json.text(old.path("metadata"), "resourceVersion"))) {
			throw ApiError.conflict(target.type(), Objects.requireNonNull(target.name()));
		}
	}

	private void requireNamespace(Target target) {
		if (target.type().namespaced() && this.store.get(type("", "v1", "namespaces"), null,
				Objects.requireNonNull(target.namespace())) == null) {
			throw ApiError.namespaceNotFound(target.namespace());
		}
	}

	private ResourceType type(String group, String version, String plural) {
		return Objects.requireNonNull(this.registry.find(group, version, plural), plural);
	}

	private Reply create(Target target, Query query, String body, HttpServerRequest request) {
		if (target.type().namespaced() && target.namespace() == null) {
			throw ApiError.methodNotAllowed("create needs a namespace in the path for " + target.type().plural());
		}
		ObjectNode object = parseObject(body);
		checkKind(object, target);
		checkNamespace(object, target);
		boolean dryRun = query.dryRun();
		synchronized (this.store) {
			requireNamespace(target);
			ObjectNode created = this.lifecycle.create(target.type(), target.version(), target.namespace(), object,
					fieldManager(query, request), dryRun);
			return Reply.json(201, render(created, target.type(), target.version()));
		}
	}

	private Reply replace(Target target, Query query, String body, HttpServerRequest request) {
		ObjectNode object = parseObject(body);
		boolean dryRun = query.dryRun();
		synchronized (this.store) {
			ObjectNode old = existing(target);
			if ("scale".equals(target.subresource())) {
				return Reply.json(200, writeScale(target, old, object, fieldManager(query, request), dryRun));
			}
			checkIdentity(object, target);
			checkResourceVersion(object, old, target);
			ObjectNode updated = splitStatus(target, old, object);
			ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated,
					fieldManager(query, request), false, dryRun);
			return Reply.json(200, render(result, target.type(), target.version()));
		}
	}

	/** Writes through {@code status} change only status; writes to the main resource keep the old status. */
	private static ObjectNode splitStatus(Target target, ObjectNode old, ObjectNode updated) {
		if ("status".equals(target.subresource())) {
			ObjectNode result = old.deepCopy();
			JsonNode status = updated.get("status");
			if (status == null) {
				result.remove("status");
			}
			else {
				result.set("status", status);
			}
			return result;
		}
		if (target.type().status()) {
			JsonNode status = old.get("status");
			if (status == null) {
				updated.remove("status");
			}
			else {
				updated.set("status", status.deepCopy());
			}
		}
		return updated;
	}

	private Reply patch(Target target, Query query, String body, HttpServerRequest request) {
		String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
		String mediaType = contentType.split(";", 2)[0].trim();
		boolean dryRun = query.dryRun();
		String manager = fieldManager(query, request);
		if (mediaType.equals("application/apply-patch+yaml")) {
			return apply(target, query, body, dryRun);
		}
		if (!PATCH_TYPES.contains(mediaType) || (mediaType.equals(STRATEGIC) && !target.type().builtIn())) {
			throw unsupportedPatch();
		}
		JsonNode patch = Json.parse(body);
		synchronized (this.store) {
			ObjectNode old = existing(target);
			boolean scale = "scale".equals(target.subresource());
			JsonNode base = scale ? Lifecycle.scale(target.type(), old) : render(old, target.type(), target.version());
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
				return Reply.json(200, writeScale(target, old, object, manager, dryRun));
			}
			checkResourceVersion(object, old, target);
			checkKind(object, target);
			ObjectNode updated = splitStatus(target, old, object);
			ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated, manager,
					false, dryRun);
			return Reply.json(200, render(result, target.type(), target.version()));
		}
	}

	private static ApiError unsupportedPatch() {
		return ApiError.unsupportedMediaType("the body of the request was in an unknown format - accepted media types "
				+ "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
	}

	private Reply apply(Target target, Query query, String body, boolean dryRun) {
		String manager = query.get("fieldManager");
		if (manager == null || manager.isEmpty()) {
			throw ApiError.badRequest("PATCH " + target.type().plural()
					+ ": fieldManager is required for apply requests");
		}
		if ("scale".equals(target.subresource())) {
			throw unsupportedPatch();
		}
		JsonNode parsed = Json.YAML.readTree(body);
		if (!(parsed instanceof ObjectNode config)) {
			throw ApiError.badRequest("an apply configuration must be an object");
		}
		if (Json.text(config, "apiVersion") == null || Json.text(config, "kind") == null) {
			throw ApiError.badRequest("apiVersion and kind must be set in an apply configuration");
		}
		checkIdentity(config, target);
		boolean force = query.flag("force");
		synchronized (this.store) {
			ObjectNode old = this.store.get(target.type(), target.namespace(), Objects.requireNonNull(target.name()));
			if (old == null) {
				if (target.subresource() != null) {
					throw ApiError.notFound(target.type(), target.name());
				}
				requireNamespace(target);
				ObjectNode created = ManagedFields.apply(null, config, manager, force, target.type(),
						target.apiVersion(), target.name());
				this.lifecycle.prepareCreate(target.type(), target.version(), created);
				if (!dryRun) {
					Json.metadata(created).put("resourceVersion", Long.toString(this.store.nextVersion()));
					this.store.put(target.type(), created, null);
					this.lifecycle.afterWrite(target.type(), created);
				}
				return Reply.json(201, render(created, target.type(), target.version()));
			}
			ObjectNode merged = ManagedFields.apply(render(old, target.type(), target.version()), config, manager,
					force, target.type(), target.apiVersion(), target.name());
			ObjectNode updated = splitStatus(target, old, merged);
			if (updated != merged) {
				updated.set("metadata", merged.get("metadata"));
			}
			ObjectNode result = this.lifecycle.commit(target.type(), target.apiVersion(), old, updated, manager,
					true, dryRun);
			return Reply.json(200, render(result, target.type(), target.version()));
		}
	}

	// ---------------------------------------------------------------- scale

	private ObjectNode writeScale(Target target, ObjectNode old, ObjectNode scale, String manager, boolean dryRun) {
		checkResourceVersion(scale, old, target);
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

	// ---------------------------------------------------------------- delete

	private Reply delete(Target target, Query query, String body) {
		JsonNode options = body.isBlank() ? Json.object() : Json.parse(body);
		boolean dryRun = query.dryRun() || Json.strings(options.get("dryRun")).contains("All");
		String policy = propagationPolicy(query, options);
		Integer grace = query.integer("gracePeriodSeconds");
		if (grace == null && options.has("gracePeriodSeconds")) {
			grace = options.get("gracePeriodSeconds").asInt();
		}
		synchronized (this.store) {
			ObjectNode old = existing(target);
			JsonNode preconditions = options.path("preconditions");
			String uid = Json.text(preconditions, "uid");
			String version = Json.text(preconditions, "resourceVersion");
			if ((uid != null && !uid.equals(Json.text(old.path("metadata"), "uid")))
					|| (version != null && !version.equals(Json.text(old.path("metadata"), "resourceVersion")))) {
				throw ApiError.conflict(target.type(), Objects.requireNonNull(target.name()));
			}
			ObjectNode result = this.lifecycle.deleteObject(target.type(), old, policy, grace, dryRun);
			return Reply.json(200, render(result, target.type(), target.version()));
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
	private Reply evict(Target target, Query query, String body) {
		ObjectNode eviction = parseObject(body);
		String name = Json.text(eviction.path("metadata"), "name");
		if (name != null && !name.equals(target.name())) {
			throw ApiError.badRequest("name in URL does not match name in Eviction object");
		}
		JsonNode options = eviction.path("deleteOptions");
		boolean dryRun = query.dryRun() || Json.strings(options.get("dryRun")).contains("All");
		synchronized (this.store) {
			ObjectNode pod = existing(target);
			JsonNode grace = options.get("gracePeriodSeconds");
			this.lifecycle.deleteObject(target.type(), pod, propagationPolicy(query, options),
					(grace != null) ? Integer.valueOf(grace.asInt()) : null, dryRun);
		}
		ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1");
		status.putObject("metadata");
		status.put("status", "Success").put("code", 201);
		return Reply.json(201, status);
	}

	private Reply deleteCollection(Target target, Query query, String body) {
		JsonNode options = body.isBlank() ? Json.object() : Json.parse(body);
		boolean dryRun = query.dryRun() || Json.strings(options.get("dryRun")).contains("All");
		String policy = propagationPolicy(query, options);
		Integer grace = query.integer("gracePeriodSeconds");
		Predicate<ObjectNode> filter = Selectors.parse(target.type(), query.get("labelSelector"),
				query.get("fieldSelector"));
		synchronized (this.store) {
			ObjectNode list = Json.object().put("kind", target.type().listKind())
				.put("apiVersion", target.apiVersion());
			ArrayNode items = list.putArray("items");
			for (ObjectNode object : this.store.list(target.type(), target.namespace())) {
				if (filter.test(object)) {
					ObjectNode deleted = this.lifecycle.deleteObject(target.type(), object, policy, grace, dryRun);
					items.add(render(deleted, target.type(), target.version()));
				}
			}
			list.putObject("metadata").put("resourceVersion", Long.toString(this.store.currentVersion()));
			return Reply.json(200, list);
		}
	}

	// ---------------------------------------------------------------- log and exec

	private static String container(ObjectNode pod, @Nullable String requested) {
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

	private Reply log(Target target, ObjectNode pod, Query query) {
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

	private Reply exec(HttpServerRequest request, HttpServerResponse response, Target target, Query query) {
		ObjectNode pod = existing(target);
		String container = container(pod, query.get("container"));
		List<String> command = query.all("command");
		if (command.isEmpty()) {
			throw ApiError.badRequest("you must specify at least one command for the container");
		}
		if (!query.flag("stdin") && !query.flag("stdout") && !query.flag("stderr")) {
			throw ApiError.badRequest("you must specify at least 1 of stdin, stdout, stderr");
		}
		String upgrade = request.requestHeaders().get(HttpHeaderNames.UPGRADE, "");
		String protocols = request.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
		if (!upgrade.equalsIgnoreCase("websocket")) {
			throw ApiError.badRequest("Upgrade request required");
		}
		if (!protocols.contains(Exec.V5) && !protocols.contains(Exec.V4)) {
			throw ApiError.badRequest("exec needs a WebSocket subprotocol " + Exec.V5 + " or " + Exec.V4
					+ ", the client offered: " + protocols);
		}
		boolean tty = query.flag("tty");
		boolean stdin = query.flag("stdin");
		String namespace = Objects.requireNonNull(target.namespace());
		String name = Objects.requireNonNull(target.name());
		return Reply.upgrade(response.sendWebsocket(
				(in, out) -> this.exec.session(in, out, namespace, name, container, command, tty, stdin),
				WebsocketServerSpec.builder().protocols(Exec.V5 + "," + Exec.V4).build()));
	}

}
