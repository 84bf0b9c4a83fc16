package dev.lightkube.internal.exec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A loopback WebSocket server that speaks Kubernetes' exec channel protocol the way a test script says, and records
 * what the client sent: the request line and headers, the chosen subprotocol, every frame, stdin and its close.
 */
final class ChannelProtocolServer implements AutoCloseable {

	static final String SUCCESS = "{\"metadata\":{},\"status\":\"Success\"}";

	/** What the server does once the WebSocket is open; the socket closes when the returned publisher completes. */
	@FunctionalInterface
	interface Script {

		Publisher<Void> run(Side side);

	}

	private final DisposableServer server;

	private final boolean secure;

	private volatile @Nullable String requestUri;

	private volatile Map<String, String> requestHeaders = Map.of();

	private volatile @Nullable String selectedProtocol;

	private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();

	private final List<byte[]> frames = new CopyOnWriteArrayList<>();

	/** The {@code Authorization} header of every handshake, in order ("null" when there was none). */
	final List<String> authorizations = new CopyOnWriteArrayList<>();

	/** Counted down when the v5 close-stdin frame ({@code 255, 0}) arrives. */
	final CountDownLatch stdinClosed = new CountDownLatch(1);

	/** Counted down when the WebSocket's connection is gone. */
	final CountDownLatch connectionClosed = new CountDownLatch(1);

	private ChannelProtocolServer(String protocols, Script script) {
		this(HttpServer.create(), protocols, script);
	}

	private ChannelProtocolServer(HttpServer httpServer, String protocols, Script script) {
		this(httpServer, protocols, null, script);
	}

	private ChannelProtocolServer(HttpServer httpServer, String protocols, @Nullable String refusedAuthorization,
			Script script) {
		this.secure = httpServer.configuration().isSecure();
		this.server = httpServer.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.route((request) -> true, (request, response) -> {
				record(request.uri(), request.requestHeaders());
				this.authorizations.add(String.valueOf(request.requestHeaders().get("Authorization")));
				if (refusedAuthorization != null
						&& refusedAuthorization.equals(request.requestHeaders().get("Authorization"))) {
					return response.status(401)
						.header("Content-Type", "application/json")
						.sendString(Mono.just("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
								+ "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}"));
				}
				return response.sendWebsocket((in, out) -> {
					this.selectedProtocol = in.selectedSubprotocol();
					in.withConnection((connection) -> connection.onDispose(this.connectionClosed::countDown));
					return script.run(new Side(in, out));
				}, WebsocketServerSpec.builder().protocols(protocols).build());
			}))
			.bindNow();
	}

	private ChannelProtocolServer(int status, String contentType, String body) {
		this.secure = false;
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.route((request) -> true, (request, response) -> {
				record(request.uri(), request.requestHeaders());
				return response.status(status).header("Content-Type", contentType).sendString(Mono.just(body));
			}))
			.bindNow();
	}

	/** A server of a current Kubernetes: offers v5 and v4, so picks v5 when the client asks for it first. */
	static ChannelProtocolServer v5(Script script) {
		return new ChannelProtocolServer(ExecSession.V5 + "," + ExecSession.V4, script);
	}

	/** A server of Kubernetes before 1.30: v4 only. */
	static ChannelProtocolServer v4Only(Script script) {
		return new ChannelProtocolServer(ExecSession.V4, script);
	}

	/** A v5 server on TLS with {@code certificate}. */
	static ChannelProtocolServer v5Secure(LoopbackCertificate certificate, Script script) {
		HttpServer httpServer = HttpServer.create().secure((spec) -> spec.sslContext(
				Http11SslContextSpec.forServer(certificate.keyPair().getPrivate(), certificate.certificate())));
		return new ChannelProtocolServer(httpServer, ExecSession.V5 + "," + ExecSession.V4, script);
	}

	/** A server that offers only {@code protocols} (comma-separated). */
	static ChannelProtocolServer offering(String protocols, Script script) {
		return new ChannelProtocolServer(protocols, script);
	}

	/** A v5 server that answers 401 to a handshake with the {@code Authorization} header {@code refused}. */
	static ChannelProtocolServer v5Refusing(String refused, Script script) {
		return new ChannelProtocolServer(HttpServer.create(), ExecSession.V5 + "," + ExecSession.V4, refused, script);
	}

	/** A server that refuses the handshake with a plain HTTP answer. */
	static ChannelProtocolServer refusing(int status, String contentType, String body) {
		return new ChannelProtocolServer(status, contentType, body);
	}

	URI baseUri() {
		return URI.create((this.secure ? "https" : "http") + "://127.0.0.1:" + this.server.port());
	}

	/** The request target as received: path and query. */
	@Nullable String requestUri() {
		return this.requestUri;
	}

	/** The request headers, names in lower case. */
	Map<String, String> requestHeaders() {
		return this.requestHeaders;
	}

	@Nullable String selectedProtocol() {
		return this.selectedProtocol;
	}

	byte[] stdin() {
		synchronized (this.stdin) {
			return this.stdin.toByteArray();
		}
	}

	/** Every frame received, channel byte included. */
	List<byte[]> frames() {
		return List.copyOf(this.frames);
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private void record(String uri, HttpHeaders headers) {
		this.requestUri = uri;
		Map<String, String> copy = new HashMap<>();
		headers.forEach((header) -> copy.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
				(first, second) -> first + ", " + second));
		this.requestHeaders = Map.copyOf(copy);
	}

	static byte[] frame(int channel, String text) {
		return frame(channel, text.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] frame(int channel, byte[] data) {
		byte[] frame = new byte[data.length + 1];
		frame[0] = (byte) channel;
		System.arraycopy(data, 0, frame, 1, data.length);
		return frame;
	}

	/** The {@code Status} a Kubernetes server sends for a command that exited with {@code code}. */
	static String exitStatus(int code) {
		return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
				+ "error executing command [secret-arguments], exit code " + code + "\",\"reason\":\"NonZeroExitCode\","
				+ "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}";
	}

	/**
	 * The server's end of one WebSocket. Frames are read and recorded for as long as the socket is open, whatever
	 * the script reads: Reactor Netty closes a WebSocket whose inbound is cancelled.
	 */
	final class Side {

		private final WebsocketOutbound out;

		private final Sinks.Many<byte[]> frames = Sinks.many().replay().all();

		Side(WebsocketInbound in, WebsocketOutbound out) {
			this.out = out;
			in.aggregateFrames().receiveFrames().map((frame) -> {
				ByteBuf content = frame.content();
				byte[] bytes = new byte[content.readableBytes()];
				content.getBytes(content.readerIndex(), bytes);
				return bytes;
			})
				.doOnNext(ChannelProtocolServer.this::received)
				.subscribe(this.frames::tryEmitNext, this.frames::tryEmitError, this.frames::tryEmitComplete);
		}

		/** The frames the client sends. */
		Flux<byte[]> frames() {
			return this.frames.asFlux();
		}

		/** Sends each of {@code frames} as a binary frame. */
		Mono<Void> send(byte[]... frames) {
			return this.out
				.sendObject(Flux.fromArray(frames).map((frame) -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame))))
				.then();
		}

	}

	private void received(byte[] frame) {
		this.frames.add(frame);
		if (frame.length > 0 && frame[0] == ExecSession.STDIN) {
			synchronized (this.stdin) {
				this.stdin.write(frame, 1, frame.length - 1);
			}
		}
		if (isStdinClose(frame)) {
			this.stdinClosed.countDown();
		}
	}

	static boolean isStdinClose(byte[] frame) {
		return Arrays.equals(frame, new byte[] { (byte) ExecSession.CLOSE, ExecSession.STDIN });
	}

	/** Echoes stdin to stdout until the v5 close-stdin frame, then reports success. */
	static Script echo() {
		return (side) -> side.frames()
			.takeUntil(ChannelProtocolServer::isStdinClose)
			.concatMap((frame) -> (frame[0] == ExecSession.STDIN)
					? side.send(frame(ExecSession.STDOUT, Arrays.copyOfRange(frame, 1, frame.length))) : Mono.empty())
			.then(side.send(frame(ExecSession.ERROR, SUCCESS)));
	}

	/** Writes {@code frames}, then ends. */
	static Script output(byte[]... frames) {
		return (side) -> side.send(frames);
	}

}
