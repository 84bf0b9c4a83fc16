package dev.lightkube.test.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;

import dev.lightkube.test.ExecHandler;
import dev.lightkube.test.Faults;
import dev.lightkube.test.PodLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;

/**
 * The in-memory API server behind {@code KubeApiServer}: owns the store and the other parts, and turns one HTTP
 * exchange into a {@link Reply} (faults first, then {@link Router}), mapping failures to {@code Status} answers.
 * Each verb lives in its own class: {@link ReadVerbs}, {@link WatchVerb}, {@link WriteVerbs}, {@link PatchVerbs},
 * {@link DeleteVerbs}, {@link PodLogVerb}, {@link PodExecVerb}.
 */
public final class ApiHandler {

	/** Whether the protobuf schemas (an optional dependency of lightkube-test, about 10 MB) are on the class path. */
	private static final boolean PROTOBUF_SCHEMAS = isPresent("io.kubernetes.client.proto.V1");

	private final Registry registry = new Registry();

	private final Store store;

	private final FaultState faults;

	private final Logs logs = new Logs();

	private final Exec exec = new Exec();

	private final Lifecycle lifecycle;

	private final Router router;

	private final Access access = new Access();

	private volatile String serverAddress = "127.0.0.1:0";

	/**
	 * Creates the handler with an empty store (plus the initial namespaces).
	 *
	 * @param retainedHistory how many changes are kept for watches to resume from
	 * @param continueTokenTtl how long a continue token stays valid
	 * @param bookmarkInterval how often watches that ask for bookmarks get one
	 * @param watchList whether watches may ask for initial events ({@code sendInitialEvents}, WatchList)
	 */
	public ApiHandler(int retainedHistory, Duration continueTokenTtl, Duration bookmarkInterval, boolean watchList) {
		this.store = new Store(retainedHistory, continueTokenTtl);
		this.faults = new FaultState(this.store);
		this.lifecycle = new Lifecycle(this.registry, this.store);
		StoredObjects objects = new StoredObjects(this.registry, this.store);
		WriteVerbs writes = new WriteVerbs(this.store, objects, this.lifecycle);
		this.router = new Router(this.registry, new Discovery(this.registry), () -> this.serverAddress,
				new ReadVerbs(this.store, objects), new WatchVerb(this.store, bookmarkInterval, watchList,
						this.faults::takeExpireDuringInitialEvents), writes,
				new PatchVerbs(this.store, objects, this.lifecycle, writes),
				new DeleteVerbs(this.store, objects, this.lifecycle), new PodLogVerb(objects, this.logs),
				new PodExecVerb(objects, this.exec), new ReviewVerbs(this.access), this.access);
		this.lifecycle.createInitialNamespaces();
	}

	/** Where clients reach the server, for discovery documents. */
	public void serverAddress(String hostAndPort) {
		this.serverAddress = hostAndPort;
	}

	/** How many watch streams are open now. */
	public int openWatches() {
		return this.store.openWatches();
	}

	/** The fault injection controls. */
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

	/** Denies a verb on a resource, optionally in one namespace ({@code null}: everywhere). */
	public void deny(String verb, String resource, @Nullable String namespace) {
		this.access.deny(verb, resource, namespace);
	}

	/** Forgets every object, custom kind, log, exec handler, fault and denial; the initial namespaces come back. */
	public void reset() {
		synchronized (this.store) {
			this.access.clear();
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
				reply = this.router.route(request, response, path, query, bodyText(request, body));
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

	/** The body as JSON text: kubectl's typed clients send built-in kinds as protobuf. */
	private static String bodyText(HttpServerRequest request, byte[] body) {
		String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
		if (body.length > 0 && contentType.startsWith(ProtobufBodies.MEDIA_TYPE)) {
			if (!PROTOBUF_SCHEMAS) {
				throw new ApiError(415, "UnsupportedMediaType", "the in-memory API server reads protobuf bodies "
						+ "(kubectl create ...) only with io.kubernetes:client-java-proto on the class path: add it "
						+ "as a test dependency next to lightkube-test", null, null, null, List.of());
			}
			return ProtobufBodies.toJson(body);
		}
		return new String(body, StandardCharsets.UTF_8);
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
		for (Reply.Header header : reply.headers()) {
			response.addHeader(header.name(), header.value());
		}
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

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, ApiHandler.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
