package dev.lightkube.benchmarks.watches;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.test.internal.Tls;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A loopback server whose watches never end: {@code GET .../pods?watch=true} gets {@code 200}, chunked, one
 * {@code ADDED} event, and then the stream stays open (over WebSocket, fabric8's default, one text frame and the
 * socket stays open). {@code GET .../pods/{name}} answers the pod. It counts open watch requests (from arrival until
 * the client goes away) and open connections (TCP, so HTTP/2 streams on one connection count once).
 * <p>
 * Over TLS it offers HTTP/2 and HTTP/1.1 through ALPN, with at most 1,000 concurrent streams per connection, the
 * kube-apiserver's default ({@code --http2-max-streams-per-connection}).
 */
final class WatchServer implements AutoCloseable {

	private static final String PODS_PATH = "/api/v1/namespaces/" + PodFixtures.NAMESPACE + "/pods";

	private final byte[] pod;

	private final byte[] event;

	private final LoopResources loops;

	private final DisposableServer server;

	private final @Nullable Tls tls;

	private final AtomicInteger openWatches = new AtomicInteger();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final AtomicInteger mostConnections = new AtomicInteger();

	private final AtomicLong watchRequests = new AtomicLong();

	private final AtomicLong getRequests = new AtomicLong();

	private volatile int target = Integer.MAX_VALUE;

	private final AtomicLong targetReachedAt = new AtomicLong();

	WatchServer(boolean tls) {
		PodFixtures fixtures = new PodFixtures(1, 1);
		this.pod = fixtures.podJson();
		this.event = ("{\"type\":\"ADDED\",\"object\":" + PodFixtures.utf8(this.pod) + "}\n")
			.getBytes(StandardCharsets.UTF_8);
		// Own event loops, two as the machine has two cores: the clients run in other JVMs.
		this.loops = LoopResources.create("watch-server", 2, true);
		HttpServer http = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(this.loops)
			.doOnChannelInit((observer, channel, address) -> {
				int open = this.openConnections.incrementAndGet();
				this.mostConnections.accumulateAndGet(open, Math::max);
				channel.closeFuture().addListener((future) -> this.openConnections.decrementAndGet());
			})
			.handle(this::handle);
		this.tls = tls ? Tls.generate() : null;
		if (this.tls != null) {
			Tls certificate = this.tls;
			http = http.protocol(HttpProtocol.HTTP11, HttpProtocol.H2)
				.http2Settings((settings) -> settings.maxConcurrentStreams(1000))
				.secure((spec) -> spec
					.sslContext(Http2SslContextSpec.forServer(certificate.key(), certificate.certificate())));
		}
		this.server = http.bindNow();
	}

	URI uri() {
		return URI.create(((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + this.server.port());
	}

	/** The server's certificate (its own CA) in PEM form, or {@code null} for plain HTTP. */
	@Nullable String certificatePem() {
		return (this.tls != null) ? this.tls.certificatePem() : null;
	}

	/** Starts a new measurement: the instant the open watches first reach {@code target} is recorded. */
	void expect(int target) {
		this.targetReachedAt.set(0);
		this.mostConnections.set(this.openConnections.get());
		this.target = target;
	}

	/** {@link System#nanoTime()} when the open watches reached the target, 0 if not yet. */
	long targetReachedAt() {
		return this.targetReachedAt.get();
	}

	int openWatches() {
		return this.openWatches.get();
	}

	int openConnections() {
		return this.openConnections.get();
	}

	int mostConnections() {
		return this.mostConnections.get();
	}

	long watchRequests() {
		return this.watchRequests.get();
	}

	long getRequests() {
		return this.getRequests.get();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		String path = uri.path();
		boolean watch = uri.parameters().containsKey("watch") && !"false".equals(uri.parameters().get("watch").get(0));
		if (request.method().equals(HttpMethod.GET) && path.equals(PODS_PATH) && watch) {
			if (request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
				// The upgrade's own publisher ends with the handshake: the socket is counted by its handler.
				return response.sendWebsocket((in, out) -> opened(out
					.sendObject(Mono.just(new TextWebSocketFrame(
							Unpooled.wrappedBuffer(this.event, 0, this.event.length - 1))).concatWith(Flux.never()))
					.then()
					.and(in.receive().then())));
			}
			return opened(json(response)
				.send(Mono.just(Unpooled.wrappedBuffer(this.event)).concatWith(Flux.never())));
		}
		if (request.method().equals(HttpMethod.GET) && path.startsWith(PODS_PATH + "/")) {
			this.getRequests.incrementAndGet();
			return json(response).header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(this.pod.length))
				.send(Mono.just(Unpooled.wrappedBuffer(this.pod)));
		}
		byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
				+ "\"code\":404,\"message\":\"the watch benchmark server does not serve " + path + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		return response.status(HttpResponseStatus.NOT_FOUND)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(status.length))
			.sendByteArray(Mono.just(status));
	}

	// Counts the watch open from its arrival until it ends or the client goes away.
	private Publisher<Void> opened(Publisher<Void> stream) {
		return Flux.defer(() -> {
			this.watchRequests.incrementAndGet();
			if (this.openWatches.incrementAndGet() >= this.target) {
				this.targetReachedAt.compareAndSet(0, System.nanoTime());
			}
			return stream;
		}).doFinally((signal) -> this.openWatches.decrementAndGet());
	}

	private static HttpServerResponse json(HttpServerResponse response) {
		return response.status(HttpResponseStatus.OK).header(HttpHeaderNames.CONTENT_TYPE, "application/json");
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.disposeLater().block();
	}

}
