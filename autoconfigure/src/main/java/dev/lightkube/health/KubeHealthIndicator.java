package dev.lightkube.health;

import dev.lightkube.ApiException;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.config.SingleConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health of the connection to the API server, checked live on every call: {@code GET /readyz}, falling back to
 * {@code GET /version} where {@code /readyz} is forbidden to the client's user. Details name the server (without
 * credentials), context, namespace, server version and round-trip time; never a secret.
 */
public class KubeHealthIndicator implements ReactiveHealthIndicator {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ReactiveKubeClient client;

	private final Duration timeout;

	private final List<KubeHealthContributor> contributors;

	/**
	 * @param client the client whose API server is checked
	 * @param timeout the longest wait for the server's answer
	 * @param contributors add details (such as the state of watch listeners) and may turn the health DOWN
	 */
	public KubeHealthIndicator(ReactiveKubeClient client, Duration timeout, List<KubeHealthContributor> contributors) {
		this.client = client;
		this.timeout = timeout;
		this.contributors = List.copyOf(contributors);
	}

	@Override
	public Mono<Health> health() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return readyOrVersion().timeout(this.timeout).map((version) -> {
				Health.Builder builder = details(Health.up());
				builder.withDetail("serverVersion", version);
				builder.withDetail("roundTripMillis", (System.nanoTime() - start) / 1_000_000);
				return contribute(builder).build();
			});
		}).onErrorResume((ex) -> unknownHost(ex).map((host) -> contribute(details(Health.down())
			.withDetail("error", "unknown host '" + host + "': the server's name does not resolve")).build())
			.switchIfEmpty(Mono.fromSupplier(() -> contribute(down(ex)).build())));
	}

	/**
	 * The server's host when the failure comes from a name that does not resolve. Reactor Netty's own resolver may
	 * still be asking when the health times out, so on a time-out the JDK's resolver is asked too (briefly).
	 */
	private Mono<String> unknownHost(Throwable ex) {
		String host = URI.create(this.client.config().cluster().server()).getHost();
		if (host == null) {
			return Mono.empty();
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownHostException) {
				return Mono.just(host);
			}
		}
		if (!(ex instanceof TimeoutException)) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> InetAddress.getByName(host))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(Duration.ofSeconds(1))
			.then(Mono.<String>empty())
			.onErrorResume(UnknownHostException.class, (unknown) -> Mono.just(host))
			.onErrorResume((other) -> Mono.empty());
	}

	/** The server's version; {@code /readyz} must answer first unless it is forbidden. */
	private Mono<String> readyOrVersion() {
		return this.client.getRaw("/readyz")
			.then(version())
			.onErrorResume(ApiException.class, (ex) -> (ex.code() == 403) ? version() : Mono.error(ex));
	}

	private Mono<String> version() {
		return this.client.getRaw("/version").map((body) -> {
			Map<?, ?> info = JSON.readValue(body, Map.class);
			Object gitVersion = info.get("gitVersion");
			return (gitVersion != null) ? gitVersion.toString() : "unknown";
		});
	}

	private Health.Builder down(Throwable ex) {
		Health.Builder builder = details(Health.down());
		if (ex instanceof ApiException api) {
			builder.withDetail("status", api.code());
			builder.withDetail("error", api.getMessage());
		}
		else if (ex instanceof TimeoutException) {
			builder.withDetail("error", "no answer within " + this.timeout);
		}
		else {
			builder.withDetail("error", ex.getClass().getName() + ": " + ex.getMessage());
		}
		return builder;
	}

	private Health.Builder details(Health.Builder builder) {
		SingleConfig config = this.client.config();
		builder.withDetail("server", withoutCredentials(config.cluster().server()));
		builder.withDetail("context", config.contextName());
		builder.withDetail("namespace", this.client.namespace());
		return builder;
	}

	private Health.Builder contribute(Health.Builder builder) {
		for (KubeHealthContributor contributor : this.contributors) {
			contributor.contribute(builder);
		}
		return builder;
	}

	/** A server URL may carry user info; health details must not. */
	static String withoutCredentials(String server) {
		try {
			URI uri = URI.create(server);
			if (uri.getUserInfo() == null) {
				return server;
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (Exception ex) {
			return "<unparseable server URL>";
		}
	}

}
