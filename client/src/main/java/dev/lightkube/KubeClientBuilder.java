package dev.lightkube;

import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.Timeouts;
import dev.lightkube.internal.core.RequestObservations;
import dev.lightkube.internal.http.ConnectionPools;
import dev.lightkube.internal.core.ResponseLimits;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.http.TransportSettings;
import dev.lightkube.internal.retry.Backoff;
import dev.lightkube.observation.DefaultKubeRequestObservationConvention;
import dev.lightkube.observation.KubeRequestObservationConvention;
import dev.lightkube.observation.WatchObserver;
import dev.lightkube.resource.ResourceRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Builds a {@link KubeClient} or {@link ReactiveKubeClient}; the parameters of lightkube's {@code Client(...)}.
 * Without a configuration the client auto-detects one as lightkube does (in-cluster, {@code KUBECONFIG},
 * {@code ~/.kube/config}).
 *
 * <pre>{@code
 * KubeClient client = KubeClient.builder().namespace("apps").fieldManager("my-operator").build();
 * }</pre>
 */
public final class KubeClientBuilder {

	private @Nullable SingleConfig config;

	private @Nullable KubeConfig kubeConfig;

	private @Nullable String context;

	private @Nullable String namespace;

	private Timeouts timeouts = Timeouts.DEFAULT;

	private boolean lazy = true;

	private @Nullable String fieldManager;

	private boolean trustEnv = true;

	private boolean dryRun;

	private @Nullable String proxy;

	private boolean http2 = true;

	private ConnectionPools pools = ConnectionPools.DEFAULT;

	private UnaryOperator<HttpClient> httpClientCustomizer = UnaryOperator.identity();

	private Consumer<WebClient.Builder> webClientCustomizer = (builder) -> {
	};

	private int maxRetries = 10;

	private ResourceRegistry registry = ResourceRegistry.shared();

	private @Nullable Duration watchServerTimeout;

	private Backoff watchBackoff = Backoff.DEFAULT;

	private WatchObserver watchObserver = WatchObserver.NOOP;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable KubeRequestObservationConvention observationConvention;

	private ResponseLimits responseLimits = ResponseLimits.DEFAULT;

	KubeClientBuilder() {
	}

	/** Talk to the cluster of this resolved context. */
	public KubeClientBuilder config(SingleConfig config) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.kubeConfig = null;
		return this;
	}

	/** Talk to the current context of this kubeconfig. */
	public KubeClientBuilder config(KubeConfig config) {
		this.kubeConfig = Objects.requireNonNull(config, "config must not be null");
		this.config = null;
		return this;
	}

	/**
	 * Read and merge these kubeconfig files as kubectl merges {@code KUBECONFIG} (the first file that defines a name
	 * wins), instead of auto-detecting; the process environment is not read.
	 */
	public KubeClientBuilder kubeconfig(Path... files) {
		Objects.requireNonNull(files, "files must not be null");
		return kubeconfig(Arrays.asList(files));
	}

	/** See {@link #kubeconfig(Path...)}. */
	public KubeClientBuilder kubeconfig(List<Path> files) {
		return config(KubeConfig.fromFiles(files));
	}

	/**
	 * Read and merge the files of a {@code KUBECONFIG}-style list ({@code /a/config:/b/config}) instead of
	 * auto-detecting; the process environment is not read.
	 */
	public KubeClientBuilder kubeconfigPathList(String pathList) {
		return config(KubeConfig.fromPathList(pathList));
	}

	/** Use this kubeconfig YAML text (such as a mounted secret's content) instead of auto-detecting. */
	public KubeClientBuilder kubeconfigYaml(String yaml) {
		return config(KubeConfig.fromYaml(yaml));
	}

	/**
	 * The kubeconfig context to use instead of the current one (kubectl's {@code --context}); applies to the
	 * kubeconfig given here or auto-detected, not to a resolved {@link SingleConfig}.
	 */
	public KubeClientBuilder context(@Nullable String context) {
		if (context != null && context.isBlank()) {
			throw new IllegalArgumentException("context must not be empty (use null for the current context)");
		}
		this.context = context;
		return this;
	}

	/** Default namespace of namespaced calls; else the configuration's context namespace, else {@code default}. */
	public KubeClientBuilder namespace(@Nullable String namespace) {
		if (namespace != null && (namespace.isBlank() || ReactiveKubeClient.ALL_NAMESPACES.equals(namespace))) {
			throw new IllegalArgumentException("namespace must be a namespace name, got '" + namespace + "'");
		}
		this.namespace = namespace;
		return this;
	}

	/** Connect, read, write and pool timeouts; 10 seconds each by default. Watches and followed logs ignore read. */
	public KubeClientBuilder timeouts(Timeouts timeouts) {
		this.timeouts = Objects.requireNonNull(timeouts, "timeouts must not be null");
		return this;
	}

	/**
	 * {@code true} (default): list items are decoded and handed out one by one while the body streams in;
	 * {@code false}: a list is fully decoded before its first item is handed out.
	 */
	public KubeClientBuilder lazy(boolean lazy) {
		this.lazy = lazy;
		return this;
	}

	/** Field manager of every write unless a call names another; required for apply. */
	public KubeClientBuilder fieldManager(@Nullable String fieldManager) {
		this.fieldManager = fieldManager;
		return this;
	}

	/** Read proxy variables and auto-detect configuration from the environment (default {@code true}). */
	public KubeClientBuilder trustEnv(boolean trustEnv) {
		this.trustEnv = trustEnv;
		return this;
	}

	/**
	 * Server-side dry run for every create, replace, patch, apply and set; a call cannot turn it off. Deletes are not
	 * dry-run by it (as lightkube): use {@code DeleteOptions.withDryRun(true)}.
	 */
	public KubeClientBuilder dryRun(boolean dryRun) {
		this.dryRun = dryRun;
		return this;
	}

	/** HTTP proxy URL (a kubeconfig {@code proxy-url} takes precedence). */
	public KubeClientBuilder proxy(@Nullable String proxy) {
		this.proxy = proxy;
		return this;
	}

	/**
	 * Offer HTTP/2 through ALPN when the server speaks TLS (default {@code true}, as client-go): one connection then
	 * carries many requests and streams. A server that declines gets HTTP/1.1; plain {@code http} is always HTTP/1.1,
	 * and exec always upgrades an HTTP/1.1 connection to WebSocket.
	 */
	public KubeClientBuilder http2(boolean http2) {
		this.http2 = http2;
		return this;
	}

	/**
	 * Most connections for ordinary requests (get, list pages read at once, writes); default 64. A request that finds
	 * them all busy waits up to the pool timeout for one, then fails with a message naming this budget.
	 */
	public KubeClientBuilder requestPoolSize(int connections) {
		this.pools = new ConnectionPools(connections, this.pools.streams(), this.pools.maxPending());
		return this;
	}

	/**
	 * Most connections for long-lived streams (watches, followed logs, exec sessions, lists read as they arrive);
	 * default 1024. Streams have their own pool so that they never starve ordinary requests; over HTTP/1.1 each open
	 * stream holds one connection, over HTTP/2 one connection carries many.
	 */
	public KubeClientBuilder streamPoolSize(int connections) {
		this.pools = new ConnectionPools(this.pools.requests(), connections, this.pools.maxPending());
		return this;
	}

	/**
	 * Most requests waiting for a connection of one pool; {@code -1} (the default) for no limit, each request then
	 * waiting at most the pool timeout. A request over the limit fails at once.
	 */
	public KubeClientBuilder maxPendingAcquires(int maxPending) {
		this.pools = new ConnectionPools(this.pools.requests(), this.pools.streams(), maxPending);
		return this;
	}

	/**
	 * A change to the Reactor Netty {@link HttpClient} (lightkube's {@code transport}), applied after the
	 * client's own settings. Calls compose: each function is applied, in the order given, to the result of the
	 * previous one, so several customizers can each add their part.
	 */
	public KubeClientBuilder httpClient(UnaryOperator<HttpClient> customizer) {
		Objects.requireNonNull(customizer, "customizer must not be null");
		UnaryOperator<HttpClient> before = this.httpClientCustomizer;
		this.httpClientCustomizer = (client) -> customizer.apply(before.apply(client));
		return this;
	}

	/**
	 * A change to the {@link WebClient.Builder}, such as filters for metrics, applied after the client's own
	 * settings. Calls compose: each consumer sees the builder in the order given.
	 */
	public KubeClientBuilder webClient(Consumer<WebClient.Builder> customizer) {
		this.webClientCustomizer = this.webClientCustomizer
			.andThen(Objects.requireNonNull(customizer, "customizer must not be null"));
		return this;
	}

	/** How often a 429/5xx answer with {@code Retry-After} (or a broken GET) is retried; 10 by default, 0 for never. */
	public KubeClientBuilder maxRetries(int maxRetries) {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
		}
		this.maxRetries = maxRetries;
		return this;
	}

	/** Where {@code apiVersion} + {@code kind} of generic objects are looked up; {@link ResourceRegistry#shared()} by default. */
	public KubeClientBuilder registry(ResourceRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		return this;
	}

	/**
	 * The {@code timeoutSeconds} of watches that name none ({@code null}: a random value between 5 and 10 minutes
	 * per request, as client-go).
	 */
	public KubeClientBuilder watchServerTimeout(@Nullable Duration serverTimeout) {
		if (serverTimeout != null && serverTimeout.getSeconds() < 1) {
			throw new IllegalArgumentException("watchServerTimeout must be at least one second, got " + serverTimeout);
		}
		this.watchServerTimeout = serverTimeout;
		return this;
	}

	/** The back-off of retrying watches: exponential with jitter from {@code initial} to {@code max}. */
	public KubeClientBuilder watchBackoff(Duration initial, Duration max) {
		this.watchBackoff = Backoff.DEFAULT.withBounds(initial, max);
		return this;
	}

	/** Told about watch events, restarts and open watches (for metrics); nothing by default. */
	public KubeClientBuilder watchObserver(WatchObserver watchObserver) {
		this.watchObserver = Objects.requireNonNull(watchObserver, "watchObserver must not be null");
		return this;
	}

	/** Observes every request as {@code kube.client.requests} (metrics and traces); none by default. */
	public KubeClientBuilder observationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry,
				"observationRegistry must not be null");
		return this;
	}

	/** Names and tags request observations; {@link DefaultKubeRequestObservationConvention} by default. */
	public KubeClientBuilder observationConvention(KubeRequestObservationConvention convention) {
		this.observationConvention = Objects.requireNonNull(convention, "convention must not be null");
		return this;
	}

	/**
	 * The largest answer read into memory, in bytes: a whole answer of get, create, replace, patch, delete and
	 * {@code getRaw}, one item of a list, one watch event, one log line (64 MiB by default, at least 1024). A
	 * larger one fails with a {@link KubeException} naming the limit, before it fills the heap.
	 */
	public KubeClientBuilder maxResponseSize(int bytes) {
		this.responseLimits = new ResponseLimits(bytes, this.responseLimits.deadline());
		return this;
	}

	/**
	 * The longest time one attempt of a non-streaming request (get, create, replace, patch, delete,
	 * deletecollection, {@code getRaw}) may take, from sending it to the last byte of its answer (2 minutes by
	 * default). The read timeout only bounds silences; this bounds an answer that trickles in. Lists, watches, logs
	 * and exec stream and follow their own rules.
	 */
	public KubeClientBuilder responseDeadline(Duration deadline) {
		this.responseLimits = new ResponseLimits(this.responseLimits.maxBytes(),
				Objects.requireNonNull(deadline, "deadline must not be null"));
		return this;
	}

	/** A blocking client; close it to release its connections. */
	public KubeClient build() {
		return new KubeClient(buildReactive(), true);
	}

	/** A reactive client; close it to release its connections. */
	public ReactiveKubeClient buildReactive() {
		SingleConfig resolved = resolveConfig();
		TransportSettings settings = new TransportSettings(this.timeouts, this.trustEnv, this.proxy, this.http2,
				this.httpClientCustomizer, this.webClientCustomizer, this.pools);
		KubeTransport transport = KubeTransport.create(resolved, settings);
		String defaultNamespace = (this.namespace != null) ? this.namespace : resolved.namespace();
		return new ReactiveKubeClient(transport, defaultNamespace, this.fieldManager, this.dryRun, this.lazy,
				this.maxRetries, this.registry,
				new RequestObservations(this.observationRegistry, this.observationConvention),
				new StreamingVerbs.StreamingDefaults(this.watchServerTimeout, this.watchBackoff, this.watchObserver),
				this.responseLimits);
	}

	private SingleConfig resolveConfig() {
		if (this.config != null) {
			if (this.context != null && !this.context.equals(this.config.contextName())) {
				throw new IllegalStateException("context('" + this.context + "') cannot select a context of a resolved"
						+ " SingleConfig (context '" + this.config.contextName() + "'): give a KubeConfig instead");
			}
			return this.config;
		}
		KubeConfig source = (this.kubeConfig != null) ? this.kubeConfig : KubeConfig.fromEnv(this.trustEnv);
		return (this.context != null) ? source.get(this.context) : source.get();
	}

}
