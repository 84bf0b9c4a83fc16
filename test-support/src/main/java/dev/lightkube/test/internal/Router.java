package dev.lightkube.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/**
 * Maps a request to its answer: health and discovery paths, then the addressed resource ({@link Target}) and the
 * verb class for its method and sub-resource. The verb classes do the work.
 */
final class Router {

	private final Registry registry;

	private final Discovery discovery;

	private final Supplier<String> serverAddress;

	private final ReadVerbs reads;

	private final WatchVerb watches;

	private final WriteVerbs writes;

	private final PatchVerbs patches;

	private final DeleteVerbs deletes;

	private final PodLogVerb logs;

	private final PodExecVerb exec;

	private final ReviewVerbs reviews;

	private final Access access;

	Router(Registry registry, Discovery discovery, Supplier<String> serverAddress, ReadVerbs reads,
			WatchVerb watches, WriteVerbs writes, PatchVerbs patches, DeleteVerbs deletes, PodLogVerb logs,
			PodExecVerb exec, ReviewVerbs reviews, Access access) {
		this.registry = registry;
		this.discovery = discovery;
		this.serverAddress = serverAddress;
		this.reads = reads;
		this.watches = watches;
		this.writes = writes;
		this.patches = patches;
		this.deletes = deletes;
		this.logs = logs;
		this.exec = exec;
		this.reviews = reviews;
		this.access = access;
	}

	Reply route(HttpServerRequest request, HttpServerResponse response, String path, Query query, String body) {
		switch (path) {
			case "/healthz", "/livez", "/readyz" -> {
				return Reply.text(200, "ok");
			}
			case "/version" -> {
				return Reply.json(200, Discovery.version());
			}
			case "/api" -> {
				return Reply.json(200, Discovery.coreVersions(this.serverAddress.get()));
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
		ApiRequest call = new ApiRequest(target, query, body, request, response);
		return dispatch(call, request.method(), watch, path);
	}

	private Reply dispatch(ApiRequest call, HttpMethod method, boolean watch, String path) {
		Target target = call.target();
		if (ReviewVerbs.isReview(target.type())) {
			// Every user may review its own access (the system:basic-user role): reviews are never denied.
			if (!method.equals(HttpMethod.POST) || target.name() != null) {
				throw ApiError.methodNotAllowed("the server does not allow this method on the requested resource");
			}
			return this.reviews.create(call);
		}
		this.access.check(verb(method, target, watch), target);
		if (target.is("exec")) {
			return this.exec.exec(call);
		}
		if (method.equals(HttpMethod.GET)) {
			if (watch) {
				return this.watches.watch(call);
			}
			if (target.name() == null) {
				return this.reads.list(call);
			}
			if (target.is("log")) {
				return this.logs.log(call);
			}
			return this.reads.get(call);
		}
		if (method.equals(HttpMethod.POST)) {
			if (target.is("eviction")) {
				return this.deletes.evict(call);
			}
			if (target.name() != null) {
				throw ApiError.methodNotAllowed("POST is not supported on " + path);
			}
			return this.writes.create(call);
		}
		if (method.equals(HttpMethod.PUT)) {
			requireName(target, "PUT");
			return this.writes.replace(call);
		}
		if (method.equals(HttpMethod.PATCH)) {
			requireName(target, "PATCH");
			return this.patches.patch(call);
		}
		if (method.equals(HttpMethod.DELETE)) {
			return (target.name() == null) ? this.deletes.deleteCollection(call) : this.deletes.delete(call);
		}
		throw ApiError.methodNotAllowed("the server does not allow this method on the requested resource");
	}

	/** The authorization verb of a request, as the API server names it. */
	private static String verb(HttpMethod method, Target target, boolean watch) {
		if (target.is("exec")) {
			// The WebSocket upgrade is a GET, but exec is authorized as create, as on a 1.32 server.
			return "create";
		}
		if (watch) {
			return "watch";
		}
		if (method.equals(HttpMethod.GET)) {
			return (target.name() == null) ? "list" : "get";
		}
		if (method.equals(HttpMethod.POST)) {
			return "create";
		}
		if (method.equals(HttpMethod.PUT)) {
			return "update";
		}
		if (method.equals(HttpMethod.PATCH)) {
			return "patch";
		}
		if (method.equals(HttpMethod.DELETE)) {
			return (target.name() == null) ? "deletecollection" : "delete";
		}
		return method.name().toLowerCase();
	}

	private static void requireName(Target target, String method) {
		if (target.name() == null) {
			throw ApiError.methodNotAllowed(method + " needs an object name in the path");
		}
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

}
