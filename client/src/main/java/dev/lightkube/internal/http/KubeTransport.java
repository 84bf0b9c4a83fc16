package dev.lightkube.internal.http;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.AuthProvider;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.Timeouts;
import dev.lightkube.config.User;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;

/**
 * The connection to one cluster: a {@link WebClient} whose base URL is the cluster's server, with TLS, proxy,
 * timeouts and credentials applied. Owns two connection pools, one for ordinary requests ({@link #webClient()}) and
 * one for long-lived streams ({@link #streamWebClient()}, {@link #httpClient()}), so that open watches, logs and
 * exec sessions never starve requests; over TLS both offer HTTP/2 through ALPN when asked (the default).
 * {@link #close()} closes every connection, busy ones included. The configuration is
 * checked when the transport is created (server URL, certificates, keys, proxy); each pool, with its Reactor Netty
 * clients and WebClient, is built on its first use (the request pool on the first ordinary request, the stream pool on
 * the first stream).
 *
 * <p>Credentials are resolved per request: a bearer token, a token file re-read as it rotates, basic auth, a
 * client certificate, or an exec plugin whose output is cached until it expires. After a 401 a rotating
 * credential is refreshed once and the request is sent again with it.
 *
 * <p>The read timeout is the default {@code responseTimeout} of every request (Reactor Netty's longest silence
 * between two reads). A streaming request (watch, log with follow, exec) turns it off or replaces it for itself,
 * with Reactor Netty's {@code HttpClientRequest.responseTimeout} reached through WebClient's
 * {@code httpRequest(...)}:
 * <pre>{@code
 * transport.webClient().get().uri(path).httpRequest(KubeTransport.withoutReadTimeout()).retrieve()...
 * }</pre>
 *
 * <p>Requests are logged at debug level on {@code dev.lightkube.http} with the {@code Authorization} header
 * masked; Reactor Netty's wiretap is never enabled.
 */
public final class KubeTransport implements AutoCloseable {

	/** The name of the pool of ordinary requests (Reactor Netty's pool name, also in its metrics). */
	public static final String REQUEST_POOL = "lightkube";

	/** The name of the pool of long-lived streams. */
	public static final String STREAM_POOL = "lightkube-streams";

	/**
	 * The largest piece of an HTTP/1.1 response body that Netty's decoder hands on ({@code maxChunkSize}; Reactor
	 * Netty's default is 8 KiB), on both pools (lists are read from the stream pool). A socket read is up to 64 KiB:
	 * with 8 KiB pieces a 46 MB list reached its reader as 5,658 buffers, each paid through the operators and the
	 * hand-over to the reading thread; with 64 KiB, one per socket read (708). A piece never spans two chunks of a
	 * chunked body, so a watch whose server writes an event per chunk gets the same buffers as before unless an event
	 * is larger than 8 KiB. Readers that bound what they hold ahead in bytes count with it.
	 */
	public static final int MAX_BODY_PIECE_BYTES = 64 * 1024;

	private static final long CLOSE_WAIT_MILLIS = 5000;

	private final SingleConfig config;

	private final TransportSettings settings;

	private final URI baseUri;

	private final CredentialSource credentials;

	private final Cluster cluster;

	private final @Nullable TlsSettings tls;

	private final @Nullable ProxySettings proxy;

	// Netty, Reactor Netty and the WebClients are built on first use, not with the client: an application that
	// starts with a client bean and calls the cluster later does not pay for them at start-up. Each side on its own
	// first use: a first get does not build the stream pool, its clients and (over TLS) their SSL contexts, and a
	// first watch does not build the request side.
	private volatile @Nullable RequestSide requestSide;

	private volatile @Nullable StreamSide streamSide;

	// Only for WebSocket upgrades (exec); over TLS with HTTP/2 offered, a client of the stream pool of its own.
	private volatile @Nullable HttpClient http11;

	// Every connection of both pools, to close busy ones too; created with the first side. Guarded by this.
	private @Nullable ChannelGroup channels;

	private boolean closed;

	private KubeTransport(SingleConfig config, TransportSettings settings, Map<String, String> environment,
			BooleanSupplier hasConsole) {
		this.config = config;
		this.settings = settings;
		String where = where(config);
		String clusterName = "cluster '" + config.context().cluster() + "'" + where;
		String userName = ((config.context().user() != null) ? "user '" + config.context().user() + "'"
				: "the anonymous user") + where;
		Cluster cluster = config.cluster();
		User user = config.user();
		this.baseUri = serverUri(cluster.server(), clusterName);
		boolean https = "https".equals(this.baseUri.getScheme());

		ClientKeyManager keyManager = new ClientKeyManager();
		boolean clientCertificates = clientCertificate(user, userName, keyManager) || user.exec() != null;
		this.credentials = credentials(config, userName, keyManager, hasConsole);
		this.cluster = cluster;
		this.tls = https ? new TlsSettings(cluster, clusterName, clientCertificates ? keyManager : null) : null;
		this.proxy = ProxySettings.select(this.baseUri, cluster.proxyUrl(), "proxy-url of " + clusterName,
				settings.proxy(), settings.trustEnv(), environment);
		// Like client-go, close every connection when an exec plugin replaces the client certificate, so that
		// no request goes out over a connection authenticated with the old one.
		keyManager.onChange(() -> {
			ChannelGroup open;
			synchronized (this) {
				open = this.channels;
			}
			if (open != null) {
				open.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
			}
		});
	}

	private RequestSide requestSide() {
		RequestSide open = this.requestSide;
		if (open != null) {
			return open;
		}
		synchronized (this) {
			checkOpen();
			if (this.requestSide == null) {
				this.requestSide = Connections.requestSide(this.cluster, this.settings, this.tls, this.proxy,
						this.credentials, channels());
			}
			return this.requestSide;
		}
	}

	private StreamSide streamSide() {
		StreamSide open = this.streamSide;
		if (open != null) {
			return open;
		}
		synchronized (this) {
			checkOpen();
			if (this.streamSide == null) {
				this.streamSide = Connections.streamSide(this.cluster, this.settings, this.tls, this.proxy,
						this.credentials, channels());
			}
			return this.streamSide;
		}
	}

	// Called holding the lock.
	private void checkOpen() {
		if (this.closed) {
			throw new ClientClosedException("this client is closed", null);
		}
	}

	// Called holding the lock.
	private ChannelGroup channels() {
		if (this.channels == null) {
			this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
		}
		return this.channels;
	}

	/** The pool of ordinary requests and the WebClient over it. */
	private record RequestSide(ConnectionProvider pool, WebClient webClient) {
	}

	/** The pool of long-lived streams, its Reactor Netty client and the WebClient over it. */
	private record StreamSide(ConnectionProvider pool, HttpClient httpClient, WebClient webClient) {
	}

	/**
	 * Builds the connection pools, the Reactor Netty clients and the WebClients over them. Ordinary requests and
	 * long-lived streams have a pool each, so that streams holding HTTP/1.1 connections never starve requests.
	 */
	private static final class Connections {

		private Connections() {
		}

		static RequestSide requestSide(Cluster cluster, TransportSettings settings, @Nullable TlsSettings tls,
				@Nullable ProxySettings proxy, CredentialSource credentials, ChannelGroup channels) {
			ConnectionPools pools = settings.pools();
			ConnectionProvider pool = pool(REQUEST_POOL, pools.requests(), pools.maxPending(), settings);
			HttpClient client = client(pool, cluster, settings, tls, proxy, channels, settings.http2());
			return new RequestSide(pool, webClient(client, cluster, settings, credentials));
		}

		static StreamSide streamSide(Cluster cluster, TransportSettings settings, @Nullable TlsSettings tls,
				@Nullable ProxySettings proxy, CredentialSource credentials, ChannelGroup channels) {
			ConnectionPools pools = settings.pools();
			ConnectionProvider pool = pool(STREAM_POOL, pools.streams(), pools.maxPending(), settings);
			HttpClient client = client(pool, cluster, settings, tls, proxy, channels, settings.http2());
			return new StreamSide(pool, client, webClient(client, cluster, settings, credentials));
		}

		private static ConnectionProvider pool(String name, int size, int maxPending, TransportSettings settings) {
			// Http2AllocationStrategy with minConnections 1 rather than maxConnections: over HTTP/2 a burst of acquires
			// then shares the connections there are (opening more only when their streams run out) instead of opening
			// one per acquire while the first handshakes run (300 watches opened at once: 3 connections instead of
			// 100 to 300). Over HTTP/1.1 it caps connections as maxConnections would.
			return ConnectionProvider.builder(name)
				.allocationStrategy(Http2AllocationStrategy.builder().maxConnections(size).minConnections(1).build())
				.pendingAcquireMaxCount(maxPending)
				.pendingAcquireTimeout(settings.timeouts().pool())
				.build();
		}

		private static HttpClient client(ConnectionProvider pool, Cluster cluster, TransportSettings settings,
				@Nullable TlsSettings tls, @Nullable ProxySettings proxy, ChannelGroup channels, boolean http2) {
			HttpClient client = baseClient(pool, settings.timeouts(), cluster.disableCompression(), channels);
			if (proxy != null) {
				client = withProxy(client, proxy, tls);
			}
			if (tls != null) {
				// ALPN offers h2 and http/1.1; the server picks (client-go's default over TLS).
				client = http2 ? secure(client.protocol(HttpProtocol.H2, HttpProtocol.HTTP11), tls,
						cluster.tlsServerName(), true) : secure(client, tls, cluster.tlsServerName(), false);
			}
			return settings.httpClientCustomizer().apply(client);
		}

		private static WebClient webClient(HttpClient httpClient, Cluster cluster, TransportSettings settings,
				CredentialSource credentials) {
			WebClient.Builder builder = WebClient.builder()
				.baseUrl(UrlMasking.withoutUserInfo(URI.create(cluster.server())).toString())
				.clientConnector(new ReactorClientHttpConnector(httpClient))
				// Bytes out, buffers in, and no default codec ever built (see ByteCodecs).
				.exchangeStrategies(ByteCodecs.INSTANCE)
				// Outer filter adds credentials; the inner one logs exactly what is sent, retries included.
				.filter(new AuthenticationFilter(credentials))
				.filter(new RequestLogging());
			settings.webClientCustomizer().accept(builder);
			return builder.build();
		}

	}

	/** Connects to the cluster of {@code config} with the given settings. Nothing is sent until a request is made. */
	public static KubeTransport create(SingleConfig config, TransportSettings settings) {
		return create(config, settings, System.getenv(), () -> System.console() != null);
	}

	/** {@link #create(SingleConfig, TransportSettings)} with the environment and the terminal check given. */
	static KubeTransport create(SingleConfig config, TransportSettings settings, Map<String, String> environment,
			BooleanSupplier hasConsole) {
		Objects.requireNonNull(config, "config must not be null");
		Objects.requireNonNull(settings, "settings must not be null");
		return new KubeTransport(config, settings, environment, hasConsole);
	}

	/** For WebClient's {@code httpRequest(...)}: no read timeout for this request, as streaming requests need. */
	public static Consumer<ClientHttpRequest> withoutReadTimeout() {
		return withReadTimeout(null);
	}

	/**
	 * For WebClient's {@code httpRequest(...)}: this request's read timeout (longest silence between two reads)
	 * instead of the transport's; {@code null} for none.
	 */
	public static Consumer<ClientHttpRequest> withReadTimeout(@Nullable Duration timeout) {
		return (request) -> {
			Object nativeRequest = request.getNativeRequest();
			if (nativeRequest instanceof HttpClientRequest httpClientRequest) {
				httpClientRequest.responseTimeout(timeout);
			}
		};
	}

	/** The WebClient to send ordinary requests with (the request pool); paths are relative to the server URL. */
	public WebClient webClient() {
		return requestSide().webClient();
	}

	/**
	 * The WebClient for long-lived streams: watches, logs, lists read as they arrive. Its own connection pool, so
	 * that open streams never hold the connections of ordinary requests.
	 */
	public WebClient streamWebClient() {
		return streamSide().webClient();
	}

	/**
	 * A Reactor Netty client of the stream pool (TLS, client certificate, proxy, timeouts; HTTP/1.1 only) without
	 * credential headers, for WebSocket connections; add {@link #authentication()}'s headers to each.
	 */
	public HttpClient httpClient() {
		HttpClient open = this.http11;
		if (open != null) {
			return open;
		}
		StreamSide streams = streamSide();
		synchronized (this) {
			checkOpen();
			if (this.http11 == null) {
				// WebSocket upgrades exist only in HTTP/1.1: over TLS with HTTP/2 offered, exec gets a client of the
				// stream pool that offers only HTTP/1.1.
				this.http11 = (this.tls != null && this.settings.http2()) ? Connections.client(streams.pool(),
						this.cluster, this.settings, this.tls, this.proxy, channels(), false) : streams.httpClient();
			}
			return this.http11;
		}
	}

	/** Whether {@link #close()} was called. */
	public boolean isClosed() {
		synchronized (this) {
			return this.closed;
		}
	}

	/**
	 * What to tell the caller when a pool had no free connection within the pool timeout: which budget ran out and
	 * how to raise it.
	 * @param pool the name of the pool, {@link #REQUEST_POOL} or {@link #STREAM_POOL}
	 */
	public String exhausted(String pool) {
		ConnectionPools pools = this.settings.pools();
		boolean streams = STREAM_POOL.equals(pool);
		return "no free connection in the " + (streams ? "stream" : "request") + " pool (" 
				+ (streams ? pools.streams() + " connections, for watches, logs, exec and lists in progress"
						: pools.requests() + " connections")
				+ ") within " + this.settings.timeouts().pool().toMillis() + " ms; raise "
				+ (streams ? "lightkube.connections.stream-pool-size (KubeClientBuilder.streamPoolSize)"
						: "lightkube.connections.request-pool-size (KubeClientBuilder.requestPoolSize)")
				+ " or lightkube.timeout.pool, or close streams that are no longer needed";
	}

	/**
	 * The credential headers to send now ({@code Authorization}, or none), reading a token file or running an exec
	 * plugin when needed, with what to do when the server answers 401 to them: a connection that does not go
	 * through the WebClient (a WebSocket) asks {@link Authentication#refreshed(String)} and, when it gives a
	 * credential, tries once more with it. The decision is {@link CredentialRefresh}'s, the same as for the
	 * WebClient's requests. A client certificate handed out by an exec plugin is presented by {@link #httpClient()}
	 * once this has completed.
	 */
	public Mono<Authentication> authentication() {
		return this.credentials.credential().map(this::authentication);
	}

	private Authentication authentication(Credential credential) {
		HttpHeaders headers = new HttpHeaders();
		if (credential.authorization() != null) {
			headers.set(HttpHeaders.AUTHORIZATION, credential.authorization());
		}
		return new Authentication(headers, (what) -> CredentialRefresh
			.afterUnauthorized(this.credentials, credential, what)
			.map(this::authentication));
	}

	/**
	 * Credential headers for one connection.
	 * @param headers the headers to send
	 * @param onRejected after a 401 to {@code headers}, given the request (masked) for the log: the credential to try
	 *     once more with, or empty
	 */
	public record Authentication(HttpHeaders headers, Function<String, Mono<Authentication>> onRejected) {

		/**
		 * The server answered 401 to {@link #headers()}: the credential to send the request once more with, or
		 * empty when no fresh one differs.
		 * @param what the request, such as {@code GET wss://host/api/v1/.../exec} with secrets masked, for the log
		 */
		public Mono<Authentication> refreshed(String what) {
			return this.onRejected.apply(what);
		}

	}

	/** The server URL. */
	public URI baseUri() {
		return this.baseUri;
	}

	/** The configuration this transport was built from. */
	public SingleConfig config() {
		return this.config;
	}

	/** The settings this transport was built with (timeouts, HTTP/2, connection pools, ...). */
	public TransportSettings settings() {
		return this.settings;
	}

	/** The read timeout of ordinary requests. */
	public Duration readTimeout() {
		return this.settings.timeouts().read();
	}

	@Override
	public void close() {
		RequestSide requests;
		StreamSide streams;
		ChannelGroup open;
		synchronized (this) {
			this.closed = true;
			requests = this.requestSide;
			streams = this.streamSide;
			open = this.channels;
			this.requestSide = null;
			this.streamSide = null;
			this.http11 = null;
		}
		if (open != null) {
			// Disposing a pool closes only its idle connections: close the busy ones too, so that watches, logs and
			// exec sessions in flight end now (with ClientClosedException) instead of running on.
			open.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
		}
		if (requests != null) {
			requests.pool().dispose();
		}
		if (streams != null) {
			streams.pool().dispose();
		}
	}

	private static String where(SingleConfig config) {
		return " (context '" + config.contextName() + "'"
				+ ((config.source() != null) ? ", " + config.source() : "") + ")";
	}

	private static URI serverUri(String server, String clusterName) {
		try {
			URI uri = new URI(server);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
				throw new ConfigException("The server of " + clusterName + " must be an http or https URL, got '"
						+ UrlMasking.mask(server) + "'");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new ConfigException("The server of " + clusterName + " is not a valid URL: '" + UrlMasking.mask(server) + "'");
		}
	}

	/** Loads a kubeconfig client certificate into the key manager; whether there is one. */
	private static boolean clientCertificate(User user, String userName, ClientKeyManager keyManager) {
		byte[] certificate = Pem.bytes(user.clientCertificateData(), user.clientCertificate(),
				"client-certificate of " + userName);
		byte[] key = Pem.bytes(user.clientKeyData(), user.clientKey(), "client-key of " + userName);
		if (certificate == null && key == null) {
			return false;
		}
		if (certificate == null || key == null) {
			throw new ConfigException(userName + " sets " + ((certificate == null) ? "client-key without client-certificate"
					: "client-certificate without client-key"));
		}
		keyManager.use(new Credential(null, Pem.certificates(certificate, "client-certificate of " + userName),
				Pem.privateKey(key, "client-key of " + userName), null));
		return true;
	}

	// client-go's order: a token file (it rotates) or token, then basic auth, then an exec plugin.
	private static CredentialSource credentials(SingleConfig config, String userName, ClientKeyManager keyManager,
			BooleanSupplier hasConsole) {
		User user = config.user();
		if (user.authProvider() != null) {
			if (!AuthProvider.OIDC.equals(user.authProvider().name())) {
				throw new ConfigException(userName + " uses auth-provider '" + user.authProvider().name()
						+ "', which is not supported (only oidc is): configure an exec credential plugin instead");
			}
			return new OidcCredentialSource(user.authProvider(), config.context().user(), userName, Clock.systemUTC());
		}
		if (user.tokenFile() != null) {
			return new TokenFileCredentialSource(user.tokenFile(), user.token(), userName, Clock.systemUTC());
		}
		if (user.token() != null && !user.token().isEmpty()) {
			return CredentialSource.fixed(Credential.authorization("Bearer " + user.token()));
		}
		if (user.username() != null && user.password() != null) {
			String pair = user.username() + ":" + user.password();
			return CredentialSource.fixed(Credential
				.authorization("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
		}
		if (user.exec() != null) {
			return new ExecCredentialSource(user.exec(), config, userName, keyManager, Clock.systemUTC(), hasConsole);
		}
		return CredentialSource.fixed(Credential.NONE);
	}

	private static HttpClient baseClient(ConnectionProvider connectionProvider, Timeouts timeouts,
			boolean disableCompression, ChannelGroup connections) {
		int writeTimeoutMillis = (int) timeouts.write().toMillis();
		return HttpClient.create(connectionProvider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connect().toMillis())
			.responseTimeout(timeouts.read())
			.doOnConnected((connection) -> {
				connections.add(connection.channel());
				if (connection.channel().parent() != null) {
					// An HTTP/2 stream: its connection is closed on close() too.
					connections.add(connection.channel().parent());
				}
				connection.addHandlerLast(new WriteTimeoutHandler(writeTimeoutMillis, TimeUnit.MILLISECONDS));
			})
			.followRedirect(false)
			.httpResponseDecoder((spec) -> spec.maxChunkSize(MAX_BODY_PIECE_BYTES))
			// Before Reactor Netty's bridge, after the HTTP decoder (and decompressor): one piece per read, not per chunk.
			.doOnChannelInit((observer, channel, address) -> {
				if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
					channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, BodyPieceCoalescer.NAME,
							new BodyPieceCoalescer());
				}
			})
			.compress(!disableCompression)
			// Replaces Reactor Netty's own "ReactorNetty/<version>"; a customizer or a request may set another.
			.headers((headers) -> headers.set("User-Agent", UserAgent.VALUE));
	}

	private static HttpClient secure(HttpClient client, TlsSettings tls, @Nullable String tlsServerName,
			boolean http2) {
		SslProvider.ProtocolSslContextSpec context = http2 ? Http2SslContextSpec.forClient().configure(tls::configure)
				: Http11SslContextSpec.forClient().configure(tls::configure);
		return client.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.SslHandler) != null
					&& channel.pipeline().get(PlainTextAnswerHandler.NAME) == null) {
				channel.pipeline()
					.addAfter(NettyPipeline.SslHandler, PlainTextAnswerHandler.NAME, PlainTextAnswerHandler.INSTANCE);
			}
		}).secure((spec) -> {
			SslProvider.Builder builder = spec.sslContext(context);
			if (tlsServerName != null && !tlsServerName.isEmpty()) {
				// The JDK verifies the certificate against the SNI name first.
				builder.serverNames(new SNIHostName(tlsServerName));
			}
			if (tls.insecure()) {
				builder.handlerConfigurator((handler) -> TlsSettings.verifyHostName(handler, false));
			}
		});
	}

	private static HttpClient withProxy(HttpClient client, ProxySettings proxy, @Nullable TlsSettings tls) {
		HttpClient proxied = client.proxy((spec) -> {
			var builder = spec.type(proxy.type()).host(proxy.host()).port(proxy.port());
			if (proxy.username() != null) {
				String password = proxy.password();
				builder.username(proxy.username()).password((name) -> password);
			}
		});
		if (!proxy.tls()) {
			return proxied;
		}
		SslContext proxyContext = TlsSettings.proxyContext(tls);
		// TLS to the proxy sits below the proxy handler, nearest the socket.
		return proxied.doOnChannelInit((observer, channel, address) -> {
			SslHandler handler = proxyContext.newHandler(channel.alloc(), proxy.host(), proxy.port());
			TlsSettings.verifyHostName(handler, true);
			channel.pipeline().addFirst("lightkube.proxyTls", handler);
		});
	}

	@Override
	public String toString() {
		return "KubeTransport[server=" + UrlMasking.mask(this.config.cluster().server()) + ", context=" + this.config.contextName() + "]";
	}

}
