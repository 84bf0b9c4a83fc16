package dev.lightkube.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.lightkube.test.internal.ApiHandler;
import dev.lightkube.test.internal.Tls;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An in-memory Kubernetes API server on loopback, for tests and demos: a real HTTP server that stores objects in
 * memory and speaks the API as clients use it (discovery, every verb, watch, patches, server-side apply, status and
 * scale, pod log and exec). Start it with {@link #start()} or {@link #builder()}, or let
 * {@link KubeApiServerExtension} inject one.
 */
public final class KubeApiServer implements AutoCloseable {

	private final ApiHandler handler;

	private final DisposableServer server;

	private final @Nullable Tls tls;

	private @Nullable Path kubeconfigFile;

	private final AtomicInteger openRequests = new AtomicInteger();

	private final AtomicInteger openConnections = new AtomicInteger();

	private final AtomicLong requests = new AtomicLong();

	private KubeApiServer(Builder builder) {
		this.handler = new ApiHandler(builder.retainedHistory, builder.continueTokenTtl, builder.bookmarkInterval,
				builder.watchList);
		this.tls = builder.tls ? Tls.generate() : null;
		HttpServer http = HttpServer.create()
			.host("127.0.0.1")
			.port(builder.port)
			.doOnChannelInit((observer, channel, address) -> {
				this.openConnections.incrementAndGet();
				channel.closeFuture().addListener((future) -> this.openConnections.decrementAndGet());
			})
			.handle(this::handle);
		if (this.tls != null) {
			Tls certificate = this.tls;
			if (builder.http2) {
				http = http.protocol(HttpProtocol.HTTP11, HttpProtocol.H2).secure((spec) -> spec
					.sslContext(Http2SslContextSpec.forServer(certificate.key(), certificate.certificate())));
			}
			else {
				http = http.secure((spec) -> spec
					.sslContext(Http11SslContextSpec.forServer(certificate.key(), certificate.certificate())));
			}
		}
		else if (builder.http2) {
			http = http.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C);
		}
		this.server = http.bindNow(Duration.ofSeconds(30));
		this.handler.serverAddress("127.0.0.1:" + this.server.port());
	}

	// Counts every request from its arrival until its answer is written or the client goes away.
	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return Flux.defer(() -> {
			this.requests.incrementAndGet();
			this.openRequests.incrementAndGet();
			return this.handler.handle(request, response);
		}).doFinally((signal) -> this.openRequests.decrementAndGet());
	}

	/** Starts a server with the defaults: plain HTTP on a random port. */
	public static KubeApiServer start() {
		return builder().start();
	}

	/** A builder for a server with non-default settings. */
	public static Builder builder() {
		return new Builder();
	}

	/** The base URL, such as {@code http://127.0.0.1:38211}. */
	public String url() {
		return ((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + port();
	}

	/** The port the server listens on. */
	public int port() {
		return this.server.port();
	}

	/** Whether the server speaks TLS. */
	public boolean isTls() {
		return this.tls != null;
	}

	/** The self-signed certificate clients must trust, or {@code null} without TLS. */
	public @Nullable X509Certificate caCertificate() {
		return (this.tls != null) ? this.tls.certificate() : null;
	}

	/** The certificate clients must trust in PEM form, or {@code null} without TLS. */
	public @Nullable String caCertificatePem() {
		return (this.tls != null) ? this.tls.certificatePem() : null;
	}

	/**
	 * A kubeconfig (YAML) whose current context points at this server, namespace {@code default}; the user has a
	 * placeholder token (the server accepts any request) so kubectl does not prompt for credentials.
	 */
	public String kubeconfig() {
		StringBuilder yaml = new StringBuilder();
		yaml.append("apiVersion: v1\nkind: Config\nclusters:\n- name: lightkube-test\n  cluster:\n    server: ")
			.append(url())
			.append('\n');
		if (this.tls != null) {
			yaml.append("    certificate-authority-data: ")
				.append(Base64.getEncoder()
					.encodeToString(this.tls.certificatePem().getBytes(StandardCharsets.US_ASCII)))
				.append('\n');
		}
		yaml.append("contexts:\n- name: lightkube-test\n  context:\n    cluster: lightkube-test\n")
			.append("    user: lightkube-test\n    namespace: default\n")
			.append("current-context: lightkube-test\nusers:\n- name: lightkube-test\n  user:\n    token: not-checked\n");
		return yaml.toString();
	}

	/** {@link #kubeconfig()} written to a temporary file (deleted on {@link #close()}), for kubectl and clients. */
	public synchronized Path kubeconfigFile() {
		if (this.kubeconfigFile == null) {
			try {
				Path file = Files.createTempFile("lightkube-test-kubeconfig-", ".yaml");
				Files.writeString(file, kubeconfig());
				this.kubeconfigFile = file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write the test server's kubeconfig", ex);
			}
		}
		return this.kubeconfigFile;
	}

	/** How many watch streams clients have open now: lets a test make a change only once its watch is listening. */
	public int openWatches() {
		return this.handler.openWatches();
	}

	/**
	 * How many requests are in flight now: received and not yet fully answered (open watches, followed logs and
	 * exec sessions included; an answer the client stopped reading stays in flight until the client hangs up).
	 */
	public int openRequests() {
		return this.openRequests.get();
	}

	/** How many TCP connections clients have open to the server now (over HTTP/2 one carries many requests). */
	public int openConnections() {
		return this.openConnections.get();
	}

	/** How many requests the server has received since it started. */
	public long requestCount() {
		return this.requests.get();
	}

	/** Fault injection: dropped watches, forgotten history, failing or cut responses, delays. */
	public Faults faults() {
		return this.handler.faults();
	}

	/** The log of a pod, served for any of its containers that has no log of its own. */
	public PodLog podLog(String namespace, String pod) {
		return podLog(namespace, pod, "");
	}

	/** The log of one container of a pod. */
	public PodLog podLog(String namespace, String pod, String container) {
		Objects.requireNonNull(namespace, "namespace must not be null");
		Objects.requireNonNull(pod, "pod must not be null");
		Objects.requireNonNull(container, "container must not be null");
		return this.handler.podLog(namespace, pod, container);
	}

	/** Runs {@code handler} when a client execs {@code command} (matched on the first word) in any pod. */
	public KubeApiServer onExec(String command, ExecHandler handler) {
		Objects.requireNonNull(command, "command must not be null");
		this.handler.onExec(command, Objects.requireNonNull(handler, "handler must not be null"));
		return this;
	}

	/** Runs {@code handler} for every exec command that has no handler of its own. */
	public KubeApiServer onExec(ExecHandler handler) {
		this.handler.onExec(null, Objects.requireNonNull(handler, "handler must not be null"));
		return this;
	}

	/**
	 * Denies a verb on a resource from now on (everything is allowed by default): requests answer 403
	 * {@code Forbidden} and access reviews ({@code kubectl auth can-i}) answer no. {@code verb} is an API verb
	 * ({@code get, list, watch, create, update, patch, delete, deletecollection}) or {@code *}; {@code resource} is
	 * a plural, qualified with its group outside the core group ({@code pods}, {@code deployments.apps},
	 * {@code pods/log}), or {@code *}. {@link #reset()} allows everything again.
	 */
	public KubeApiServer deny(String verb, String resource) {
		this.handler.deny(Objects.requireNonNull(verb, "verb must not be null"),
				Objects.requireNonNull(resource, "resource must not be null"), null);
		return this;
	}

	/** Like {@link #deny(String, String)}, in one namespace only. */
	public KubeApiServer deny(String verb, String resource, String namespace) {
		this.handler.deny(Objects.requireNonNull(verb, "verb must not be null"),
				Objects.requireNonNull(resource, "resource must not be null"),
				Objects.requireNonNull(namespace, "namespace must not be null"));
		return this;
	}

	/** Forgets all objects, custom kinds, logs, exec handlers, faults and denials; ends open watches. */
	public void reset() {
		this.handler.reset();
	}

	/** Stops the server and deletes the kubeconfig file. */
	@Override
	public void close() {
		this.handler.shutdown();
		try {
			this.server.disposeNow(Duration.ofSeconds(10));
		}
		catch (IllegalStateException ex) {
			// Connections still open after the grace time (an exec a test left running): stop without waiting.
			this.server.dispose();
		}
		Path file;
		synchronized (this) {
			file = this.kubeconfigFile;
			this.kubeconfigFile = null;
		}
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// A left-over temporary file does no harm.
			}
		}
	}

	@Override
	public String toString() {
		return "KubeApiServer[" + url() + "]";
	}

	/** Settings of a {@link KubeApiServer}; every value has a default. */
	public static final class Builder {

		private int port;

		private boolean tls;

		private boolean http2;

		private Duration bookmarkInterval = Duration.ofMinutes(1);

		private Duration continueTokenTtl = Duration.ofMinutes(5);

		private int retainedHistory = 1000;

		private boolean watchList = true;

		private Builder() {
		}

		/** The port; {@code 0} (the default) picks a free one. */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
			}
			this.port = port;
			return this;
		}

		/** Serve HTTPS with a certificate generated at start (default: plain HTTP). */
		public Builder tls(boolean tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Also speak HTTP/2: negotiated through ALPN with TLS, as cleartext upgrade ({@code h2c}) without; HTTP/1.1
		 * stays available (exec needs it for the WebSocket upgrade). Default: HTTP/1.1 only.
		 */
		public Builder http2(boolean http2) {
			this.http2 = http2;
			return this;
		}

		/** How often watches that allow bookmarks get one (default one minute, as a real server). */
		public Builder bookmarkInterval(Duration interval) {
			this.bookmarkInterval = positive(interval, "bookmarkInterval");
			return this;
		}

		/** How long a {@code continue} token of a paginated list stays valid (default five minutes). */
		public Builder continueTokenTtl(Duration ttl) {
			this.continueTokenTtl = positive(ttl, "continueTokenTtl");
			return this;
		}

		/** How many changes are kept for watches to resume from; older versions get 410 (default 1000). */
		public Builder retainedHistory(int events) {
			if (events < 1) {
				throw new IllegalArgumentException("retainedHistory must be at least 1, got " + events);
			}
			this.retainedHistory = events;
			return this;
		}

		/**
		 * Whether watches may ask for their initial state as events ({@code sendInitialEvents=true}, the WatchList
		 * protocol informers use; default {@code true}). With {@code false} the server answers such watches as one
		 * without the WatchList feature: 422 {@code Invalid}, so clients fall back to list then watch.
		 */
		public Builder watchList(boolean watchList) {
			this.watchList = watchList;
			return this;
		}

		private static Duration positive(Duration value, String name) {
			Objects.requireNonNull(value, name + " must not be null");
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, got " + value);
			}
			return value;
		}

		/** Starts the server. */
		public KubeApiServer start() {
			return new KubeApiServer(this);
		}

	}

}
