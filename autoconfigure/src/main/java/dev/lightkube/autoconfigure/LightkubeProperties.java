package dev.lightkube.autoconfigure;

import dev.lightkube.annotation.KubeWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for the lightkube client ({@code lightkube.*}).
 */
@ConfigurationProperties("lightkube")
public class LightkubeProperties implements Validator {

	/** API server URL; when set, the cluster is configured from these properties instead of a kubeconfig. */
	private @Nullable String server;

	/** Bearer token for the API server. */
	private @Nullable String token;

	/** File holding the bearer token; re-read as it rotates. */
	private @Nullable Path tokenFile;

	/** PEM file of the certificate authorities that sign the API server's certificate. */
	private @Nullable Path certificateAuthority;

	/** PEM text, or its base64 encoding, of the certificate authorities that sign the API server's certificate. */
	private @Nullable String certificateAuthorityData;

	/** PEM file of the client certificate. */
	private @Nullable Path clientCertificate;

	/** PEM text, or its base64 encoding, of the client certificate. */
	private @Nullable String clientCertificateData;

	/** PEM file of the client key (RSA in PKCS#1 or PKCS#8, or EC). */
	private @Nullable Path clientKey;

	/** PEM text, or its base64 encoding, of the client key. */
	private @Nullable String clientKeyData;

	/** Whether to skip verification of the API server's certificate (never together with a certificate authority). */
	private boolean insecureSkipTlsVerify;

	/** Name used for SNI and to verify the API server's certificate instead of the URL's host. */
	private @Nullable String tlsServerName;

	/** Kubeconfig files to read, merged as kubectl merges KUBECONFIG; default: auto-detection. */
	private List<Path> kubeconfig = new ArrayList<>();

	/** Kubeconfig context to use; default: the current context. */
	private @Nullable String context;

	/** Default namespace of the client; default: the context's namespace, else "default". */
	private @Nullable String namespace;

	/** Field manager for every write; default: spring.application.name when set. */
	private @Nullable String fieldManager;

	/** Whether every create, replace, patch, apply and set is sent with dryRun=All (not deletes, as lightkube). */
	private boolean dryRun;

	/** Whether to read the environment (in-cluster, KUBECONFIG, HTTPS_PROXY, NO_PROXY). */
	private boolean trustEnv = true;

	/** Proxy URL for every request (http, https or socks5); a kubeconfig proxy-url takes precedence. */
	private @Nullable String proxy;

	/** Whether to offer HTTP/2 (ALPN) to an API server on https; it then carries many requests per connection. */
	private boolean http2 = true;

	/** Whether lists hand out items as they are decoded instead of after the whole response. */
	private boolean lazy = true;

	/** Network timeouts. */
	private final Timeout timeout = new Timeout();

	/** Retries of requests answered with 429 or 5xx and Retry-After. */
	private final Retry retry = new Retry();

	/** Defaults of watches and of {@code @KubeWatch} listeners. */
	private final Watch watch = new Watch();

	/** The "kube" health indicator. */
	private final Health health = new Health();

	/** Kubeconfig YAML as text (such as a test container hands out); used instead of kubeconfig files. */
	private @Nullable String kubeconfigData;

	/** TLS from a Spring SSL bundle. */
	private final Ssl ssl = new Ssl();

	public @Nullable String getServer() {
		return this.server;
	}

	public void setServer(@Nullable String server) {
		this.server = server;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable Path getTokenFile() {
		return this.tokenFile;
	}

	public void setTokenFile(@Nullable Path tokenFile) {
		this.tokenFile = tokenFile;
	}

	public @Nullable Path getCertificateAuthority() {
		return this.certificateAuthority;
	}

	public void setCertificateAuthority(@Nullable Path certificateAuthority) {
		this.certificateAuthority = certificateAuthority;
	}

	public @Nullable String getCertificateAuthorityData() {
		return this.certificateAuthorityData;
	}

	public void setCertificateAuthorityData(@Nullable String certificateAuthorityData) {
		this.certificateAuthorityData = certificateAuthorityData;
	}

	public @Nullable Path getClientCertificate() {
		return this.clientCertificate;
	}

	public void setClientCertificate(@Nullable Path clientCertificate) {
		this.clientCertificate = clientCertificate;
	}

	public @Nullable String getClientCertificateData() {
		return this.clientCertificateData;
	}

	public void setClientCertificateData(@Nullable String clientCertificateData) {
		this.clientCertificateData = clientCertificateData;
	}

	public @Nullable Path getClientKey() {
		return this.clientKey;
	}

	public void setClientKey(@Nullable Path clientKey) {
		this.clientKey = clientKey;
	}

	public @Nullable String getClientKeyData() {
		return this.clientKeyData;
	}

	public void setClientKeyData(@Nullable String clientKeyData) {
		this.clientKeyData = clientKeyData;
	}

	public boolean isInsecureSkipTlsVerify() {
		return this.insecureSkipTlsVerify;
	}

	public void setInsecureSkipTlsVerify(boolean insecureSkipTlsVerify) {
		this.insecureSkipTlsVerify = insecureSkipTlsVerify;
	}

	public @Nullable String getTlsServerName() {
		return this.tlsServerName;
	}

	public void setTlsServerName(@Nullable String tlsServerName) {
		this.tlsServerName = tlsServerName;
	}

	public List<Path> getKubeconfig() {
		return this.kubeconfig;
	}

	public void setKubeconfig(List<Path> kubeconfig) {
		this.kubeconfig = kubeconfig;
	}

	public @Nullable String getContext() {
		return this.context;
	}

	public void setContext(@Nullable String context) {
		this.context = context;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getFieldManager() {
		return this.fieldManager;
	}

	public void setFieldManager(@Nullable String fieldManager) {
		this.fieldManager = fieldManager;
	}

	public boolean isDryRun() {
		return this.dryRun;
	}

	public void setDryRun(boolean dryRun) {
		this.dryRun = dryRun;
	}

	public boolean isTrustEnv() {
		return this.trustEnv;
	}

	public void setTrustEnv(boolean trustEnv) {
		this.trustEnv = trustEnv;
	}

	public @Nullable String getProxy() {
		return this.proxy;
	}

	public void setProxy(@Nullable String proxy) {
		this.proxy = proxy;
	}

	public boolean isHttp2() {
		return this.http2;
	}

	public void setHttp2(boolean http2) {
		this.http2 = http2;
	}

	public boolean isLazy() {
		return this.lazy;
	}

	public void setLazy(boolean lazy) {
		this.lazy = lazy;
	}

	public Timeout getTimeout() {
		return this.timeout;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Watch getWatch() {
		return this.watch;
	}

	public Health getHealth() {
		return this.health;
	}

	public @Nullable String getKubeconfigData() {
		return this.kubeconfigData;
	}

	public void setKubeconfigData(@Nullable String kubeconfigData) {
		this.kubeconfigData = kubeconfigData;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	@Override
	public boolean supports(Class<?> type) {
		return LightkubeProperties.class.isAssignableFrom(type);
	}

	/** Checked when bound: a bad value fails the start-up, naming the property and the fix. */
	@Override
	public void validate(Object target, Errors errors) {
		LightkubePropertiesValidator.validate((LightkubeProperties) target, errors);
	}

	/** Network timeouts, like lightkube's httpx.Timeout. */
	public static class Timeout {

		/** Time to establish a connection. */
		private Duration connect = Duration.ofSeconds(10);

		/** Longest silence while reading a response (streaming requests follow their own rules). */
		private Duration read = Duration.ofSeconds(10);

		/** Longest time to write a request. */
		private Duration write = Duration.ofSeconds(10);

		/** Longest wait for a free connection from the pool. */
		private Duration pool = Duration.ofSeconds(10);

		public Duration getConnect() {
			return this.connect;
		}

		public void setConnect(Duration connect) {
			this.connect = connect;
		}

		public Duration getRead() {
			return this.read;
		}

		public void setRead(Duration read) {
			this.read = read;
		}

		public Duration getWrite() {
			return this.write;
		}

		public void setWrite(Duration write) {
			this.write = write;
		}

		public Duration getPool() {
			return this.pool;
		}

		public void setPool(Duration pool) {
			this.pool = pool;
		}

	}

	/** Retries of requests the server asked to retry later. */
	public static class Retry {

		/** Whether 429 and 5xx answers with Retry-After are retried. */
		private boolean enabled = true;

		/** Most retries of one request, after its first attempt (0 for none). */
		private int maxRetries = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		/**
		 * Most retries of one request.
		 * @deprecated since 0.2.0: it counted retries, not attempts; use {@code lightkube.retry.max-retries}
		 */
		@Deprecated(since = "0.2.0")
		@DeprecatedConfigurationProperty(replacement = "lightkube.retry.max-retries", since = "0.2.0",
				reason = "It counts retries after the first attempt, not attempts")
		public int getMaxAttempts() {
			return this.maxRetries;
		}

		/** @deprecated since 0.2.0: use {@link #setMaxRetries(int)} */
		@Deprecated(since = "0.2.0")
		public void setMaxAttempts(int maxAttempts) {
			this.maxRetries = maxAttempts;
		}

	}

	/** Defaults of watches and of {@code @KubeWatch} listeners. */
	public static class Watch {

		/** Whether @KubeWatch methods are run. */
		private boolean enabled = true;

		/** Changes queued for one listener method; a full queue makes its shared informer wait, pausing the watch. */
		private int queueCapacity = 256;

		/** How long a listener may fail to reconnect before the health turns DOWN. */
		private Duration unhealthyAfter = Duration.ofMinutes(2);

		/** Longest wait, on shutdown, for a listener method to finish its current event. */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getUnhealthyAfter() {
			return this.unhealthyAfter;
		}

		public void setUnhealthyAfter(Duration unhealthyAfter) {
			this.unhealthyAfter = unhealthyAfter;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		/** First delay before a watch is retried; doubled (with jitter) on each further failure. */
		private Duration initialBackoff = Duration.ofMillis(800);

		/** Longest delay between two attempts of a watch. */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/** timeoutSeconds sent with each watch request; default: random between 5 and 10 minutes. */
		private @Nullable Duration serverTimeout;

		/** What @KubeWatch informers keep of each object unless the annotation says: none or drop-managed-fields. */
		private KubeWatch.Transform transform = KubeWatch.Transform.NONE;

		/**
		 * Whether @KubeWatch informers start with one WatchList watch (falling back to LIST then WATCH where the server
		 * does not speak it) instead of LIST then WATCH.
		 */
		private boolean watchList = true;

		public boolean isWatchList() {
			return this.watchList;
		}

		public void setWatchList(boolean watchList) {
			this.watchList = watchList;
		}

		public KubeWatch.Transform getTransform() {
			return this.transform;
		}

		public void setTransform(KubeWatch.Transform transform) {
			this.transform = transform;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Duration getServerTimeout() {
			return this.serverTimeout;
		}

		public void setServerTimeout(@Nullable Duration serverTimeout) {
			this.serverTimeout = serverTimeout;
		}

	}

	/** The "kube" health indicator. */
	public static class Health {

		/** Longest wait for the API server's answer before the indicator reports DOWN. */
		private Duration timeout = Duration.ofSeconds(5);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	// Leader election (lightkube.leader-election.*): kept together at the end of the class.

	private final LeaderElection leaderElection = new LeaderElection();

	public LeaderElection getLeaderElection() {
		return this.leaderElection;
	}

	/** Lease-based leader election among the application's replicas, for leader-only {@code @KubeWatch} listeners. */
	public static class LeaderElection {

		/** Whether this application takes part in leader election over a Lease. */
		private boolean enabled;

		/** Name of the Lease; defaults to spring.application.name. */
		private @Nullable String leaseName;

		/** Namespace of the Lease; defaults to the client's namespace. */
		private @Nullable String namespace;

		/** How long other replicas wait, after they last saw the Lease change, before they take it over. */
		private Duration leaseDuration = Duration.ofSeconds(15);

		/** How long the leader keeps leading without a successful renewal; shorter than the lease duration. */
		private Duration renewDeadline = Duration.ofSeconds(10);

		/** Wait between attempts to acquire or renew the Lease. */
		private Duration retryPeriod = Duration.ofSeconds(2);

		/** This replica's identity in the Lease; defaults to HOSTNAME (the pod name) plus a unique suffix. */
		private @Nullable String identity;

		/** Whether @KubeWatch listeners without a leaderOnly attribute run only on the leader. */
		private boolean leaderOnlyByDefault;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getLeaseName() {
			return this.leaseName;
		}

		public void setLeaseName(@Nullable String leaseName) {
			this.leaseName = leaseName;
		}

		public @Nullable String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(@Nullable String namespace) {
			this.namespace = namespace;
		}

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public Duration getRenewDeadline() {
			return this.renewDeadline;
		}

		public void setRenewDeadline(Duration renewDeadline) {
			this.renewDeadline = renewDeadline;
		}

		public Duration getRetryPeriod() {
			return this.retryPeriod;
		}

		public void setRetryPeriod(Duration retryPeriod) {
			this.retryPeriod = retryPeriod;
		}

		public @Nullable String getIdentity() {
			return this.identity;
		}

		public void setIdentity(@Nullable String identity) {
			this.identity = identity;
		}

		public boolean isLeaderOnlyByDefault() {
			return this.leaderOnlyByDefault;
		}

		public void setLeaderOnlyByDefault(boolean leaderOnlyByDefault) {
			this.leaderOnlyByDefault = leaderOnlyByDefault;
		}

	}

	/** Connection pools of ordinary requests and of long-lived streams. */
	private final Connections connections = new Connections();

	public Connections getConnections() {
		return this.connections;
	}

	/** Connection pools: streams (watches, followed logs, exec, lazy lists) never take the connections of requests. */
	public static class Connections {

		/** Most connections for ordinary requests (over HTTP/2, each carries many). */
		private int requestPoolSize = 64;

		/** Most connections for long-lived streams: watches, followed logs, exec sessions, lists in progress. */
		private int streamPoolSize = 1024;

		/** Most requests waiting for a connection of one pool, -1 for no limit (each waits at most timeout.pool). */
		private int maxPendingAcquires = -1;

		public int getRequestPoolSize() {
			return this.requestPoolSize;
		}

		public void setRequestPoolSize(int requestPoolSize) {
			this.requestPoolSize = requestPoolSize;
		}

		public int getStreamPoolSize() {
			return this.streamPoolSize;
		}

		public void setStreamPoolSize(int streamPoolSize) {
			this.streamPoolSize = streamPoolSize;
		}

		public int getMaxPendingAcquires() {
			return this.maxPendingAcquires;
		}

		public void setMaxPendingAcquires(int maxPendingAcquires) {
			this.maxPendingAcquires = maxPendingAcquires;
		}

	}

	/** TLS from a Spring SSL bundle ({@code spring.ssl.bundle.*}). */
	public static class Ssl {

		/**
		 * Name of the SSL bundle whose trust and key material replace the kubeconfig's or the properties' certificate
		 * data for https servers.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/** Limits on the answers of the API server. */
	private final Response response = new Response();

	public Response getResponse() {
		return this.response;
	}

	/** Limits on the answers of the API server: how large, and how long one may take. */
	public static class Response {

		/** Largest answer read into memory: a whole answer, one list item, one watch event or one log line. */
		private DataSize maxSize = DataSize.ofMegabytes(64);

		/** Longest time one attempt of a non-streaming request (get, create, patch, ...) may take in all. */
		private Duration deadline = Duration.ofMinutes(2);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

	}

}
