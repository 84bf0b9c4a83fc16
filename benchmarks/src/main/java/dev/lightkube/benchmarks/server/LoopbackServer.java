package dev.lightkube.benchmarks.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A loopback Kubernetes API stand-in: serves the pre-generated fixture bytes from memory, the same bytes and the same
 * framing for every client, so the server costs everyone alike.
 * <p>
 * A server is of one {@link ServerKind}. {@link ServerKind#CHUNKED}: the list and the watch stream go out chunked
 * (no Content-Length), the list in 64 KiB slices of one shared array, the watch one line per chunk, the pod as one
 * chunk; a watch asked for over WebSocket (fabric8's default) gets one text frame per event.
 * {@link ServerKind#CONTENT_LENGTH}: every body has a Content-Length and is written from a pre-built direct buffer,
 * so Netty hands the socket as many bytes as it takes in each write (as nginx with sendfile); the watch is one body
 * of all events, over WebSocket all frames pre-encoded in one buffer. Creates, patches and applies drain the request
 * body and answer with the one pod.
 */
public final class LoopbackServer implements AutoCloseable {

	/** Prefix of the server's event-loop threads (the harness leaves them out of allocation counts). */
	public static final String THREAD_PREFIX = "bench-server";

	private static final String PODS_PATH = "/api/v1/namespaces/" + PodFixtures.NAMESPACE + "/pods";

	private static final int SLICE = 64 * 1024;

	private final PodFixtures fixtures;

	private final ServerKind kind;

	// CONTENT_LENGTH only: the bodies, pre-built once in direct memory and never released while serving (each
	// response writes an unreleasable duplicate), so no copy is made per request.
	private final ByteBuf listBody;

	private final ByteBuf watchBody;

	private final ByteBuf watchFrames;

	private final ByteBuf podBody;

	private final LoopResources loops;

	private final DisposableServer server;

	private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

	private LoopbackServer(PodFixtures fixtures, ServerKind kind, int port) {
		this.fixtures = fixtures;
		this.kind = kind;
		boolean whole = kind == ServerKind.CONTENT_LENGTH;
		this.listBody = whole ? direct(List.of(fixtures.podListJson())) : Unpooled.EMPTY_BUFFER;
		this.watchBody = whole ? direct(fixtures.watchEventLines()) : Unpooled.EMPTY_BUFFER;
		this.watchFrames = whole ? direct(textFrames(fixtures.watchEventLines())) : Unpooled.EMPTY_BUFFER;
		this.podBody = whole ? direct(List.of(fixtures.podJson())) : Unpooled.EMPTY_BUFFER;
		// Own event loops: Reactor Netty's default loops would be shared with lightkube's client.
		this.loops = LoopResources.create(THREAD_PREFIX, 2, true);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.runOn(this.loops)
			.handle(this::handle)
			.bindNow();
	}

	/** Start a {@link ServerKind#CHUNKED} server on an ephemeral loopback port. */
	public static LoopbackServer start(PodFixtures fixtures) {
		return new LoopbackServer(fixtures, ServerKind.CHUNKED, 0);
	}

	/** Start a {@link ServerKind#CHUNKED} server on the given loopback port (0 for an ephemeral one). */
	public static LoopbackServer start(PodFixtures fixtures, int port) {
		return new LoopbackServer(fixtures, ServerKind.CHUNKED, port);
	}

	/** Start a server of the given kind on an ephemeral loopback port. */
	public static LoopbackServer start(PodFixtures fixtures, ServerKind kind) {
		return new LoopbackServer(fixtures, kind, 0);
	}

	/** How this server frames its bodies. */
	public ServerKind kind() {
		return this.kind;
	}

	/** The base URL, e.g. {@code http://127.0.0.1:41234}. */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	/** Requests served so far, keyed by a short label such as {@code "GET list"} or {@code "PATCH apply"}. */
	public Map<String, Long> requestCounts() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.requests.forEach((key, value) -> counts.put(key, value.sum()));
		return counts;
	}

	/** Total requests served so far. */
	public long totalRequests() {
		return this.requests.values().stream().mapToLong(LongAdder::sum).sum();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		String path = uri.path();
		HttpMethod method = request.method();
		boolean watch = uri.parameters().containsKey("watch")
				&& !"false".equals(uri.parameters().get("watch").get(0));
		if (method.equals(HttpMethod.GET) && path.equals(PODS_PATH) && watch) {
			if (request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
				count("GET watch (websocket)");
				if (this.kind == ServerKind.CONTENT_LENGTH) {
					// Raw bytes pass the WebSocket frame encoder untouched: all frames, encoded once, in one write.
					return response
						.sendWebsocket((in, out) -> out.sendObject(Mono.fromSupplier(() -> whole(this.watchFrames))));
				}
				return response.sendWebsocket((in, out) -> out
					.sendObject(Flux.fromIterable(this.fixtures.watchEventLines())
						.map((line) -> new TextWebSocketFrame(Unpooled.wrappedBuffer(line, 0, line.length - 1)))));
			}
			count("GET watch");
			if (this.kind == ServerKind.CONTENT_LENGTH) {
				return sendWhole(response, HttpResponseStatus.OK, this.watchBody);
			}
			return chunked(json(response, HttpResponseStatus.OK))
				.send(Flux.fromIterable(this.fixtures.watchEventLines()).map(Unpooled::wrappedBuffer));
		}
		if (method.equals(HttpMethod.GET) && path.equals(PODS_PATH)) {
			count("GET list");
			if (this.kind == ServerKind.CONTENT_LENGTH) {
				return sendWhole(response, HttpResponseStatus.OK, this.listBody);
			}
			return chunked(json(response, HttpResponseStatus.OK)).send(slices(this.fixtures.podListJson()));
		}
		if (method.equals(HttpMethod.GET) && isPodPath(path)) {
			count("GET pod");
			return drainAndSendPod(request, response, HttpResponseStatus.OK);
		}
		if (method.equals(HttpMethod.POST) && path.equals(PODS_PATH)) {
			count("POST create");
			return drainAndSendPod(request, response, HttpResponseStatus.CREATED);
		}
		if (method.equals(HttpMethod.PATCH) && isPodPath(path)) {
			String contentType = String.valueOf(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
			count(contentType.startsWith("application/apply-patch") ? "PATCH apply" : "PATCH " + contentType);
			return drainAndSendPod(request, response, HttpResponseStatus.OK);
		}
		count("unmatched " + method + " " + path);
		byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
				+ "\"code\":404,\"message\":\"the benchmark server does not serve " + path + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		return json(response, HttpResponseStatus.NOT_FOUND)
			.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(status.length))
			.sendByteArray(Mono.just(status));
	}

	private static boolean isPodPath(String path) {
		return path.startsWith(PODS_PATH + "/") && path.indexOf('/', PODS_PATH.length() + 1) < 0;
	}

	private Publisher<Void> drainAndSendPod(HttpServerRequest request, HttpServerResponse response,
			HttpResponseStatus status) {
		byte[] pod = this.fixtures.podJson();
		if (this.kind == ServerKind.CONTENT_LENGTH) {
			return request.receive().then(Mono.defer(() -> Mono.from(sendWhole(response, status, this.podBody))));
		}
		// A Flux, not a Mono: Reactor Netty would give a Mono body a Content-Length.
		return request.receive()
			.then(Mono.defer(() -> chunked(json(response, status)).send(Flux.just(Unpooled.wrappedBuffer(pod)))
				.then()));
	}

	private static HttpServerResponse json(HttpServerResponse response, HttpResponseStatus status) {
		return response.status(status).header(HttpHeaderNames.CONTENT_TYPE, "application/json");
	}

	private static HttpServerResponse chunked(HttpServerResponse response) {
		return response.header(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
	}

	private static Publisher<Void> sendWhole(HttpServerResponse response, HttpResponseStatus status, ByteBuf body) {
		return json(response, status).header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.readableBytes()))
			.send(Mono.fromSupplier(() -> whole(body)));
	}

	// A view of the whole body that the write may release without freeing the shared memory.
	private static ByteBuf whole(ByteBuf body) {
		return Unpooled.unreleasableBuffer(body.duplicate());
	}

	private static ByteBuf direct(List<byte[]> parts) {
		int length = parts.stream().mapToInt((part) -> part.length).sum();
		ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(length, length);
		parts.forEach(buffer::writeBytes);
		return buffer;
	}

	// RFC 6455 text frames from server to client (unmasked), one per event line without its newline.
	private static List<byte[]> textFrames(List<byte[]> lines) {
		List<byte[]> frames = new ArrayList<>(lines.size());
		for (byte[] line : lines) {
			int length = line.length - 1;
			ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 10);
			frame.write(0x81);
			if (length < 126) {
				frame.write(length);
			}
			else if (length <= 0xFFFF) {
				frame.write(126);
				frame.write(length >>> 8);
				frame.write(length);
			}
			else {
				frame.write(127);
				for (int shift = 56; shift >= 0; shift -= 8) {
					frame.write((int) ((long) length >>> shift));
				}
			}
			frame.write(line, 0, length);
			frames.add(frame.toByteArray());
		}
		return frames;
	}

	private static Flux<ByteBuf> slices(byte[] bytes) {
		int count = (bytes.length + SLICE - 1) / SLICE;
		return Flux.range(0, count).map((i) -> {
			int offset = i * SLICE;
			return Unpooled.wrappedBuffer(bytes, offset, Math.min(SLICE, bytes.length - offset));
		});
	}

	private void count(String label) {
		this.requests.computeIfAbsent(label, (key) -> new LongAdder()).increment();
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater().block();
		for (ByteBuf body : List.of(this.listBody, this.watchBody, this.watchFrames, this.podBody)) {
			if (body.refCnt() > 0 && body != Unpooled.EMPTY_BUFFER) {
				body.release();
			}
		}
	}

}
