package dev.lightkube.internal.http;

import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The connection to one cluster: a {@link WebClient} whose base URL is the cluster's server, with TLS, proxy and
 * credentials applied. Owns its connection pool; {@link #close()} releases it.
 *
 * <p>The read timeout is the default {@code responseTimeout} of every request (Reactor Netty's
 * "longest silence between two reads"). Streaming requests override it per request with
 * {@code .httpRequest(r -> r.<HttpClientRequest>getNativeRequest().responseTimeout(...))}.
 */
public final class KubeTransport implements AutoCloseable {

	private final SingleConfig config;

	private final TransportSettings settings;

	private final ConnectionProvider connectionProvider;

	private final WebClient webClient;

	private KubeTransport(SingleConfig config, TransportSettings settings) {
		this.config = config;
		this.settings = settings;
		this.connectionProvider = ConnectionProvider.builder("lightkube")
			.pendingAcquireTimeout(settings.timeouts().pool())
			.build();
		HttpClient httpClient = HttpClient.create(this.connectionProvider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timeouts().connect().toMillis())
			.responseTimeout(settings.timeouts().read());
		httpClient = settings.httpClientCustomizer().apply(httpClient);
		WebClient.Builder builder = WebClient.builder()
			.baseUrl(config.cluster().server())
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.filter(credentials(config.user()));
		settings.webClientCustomizer().accept(builder);
		this.webClient = builder.build();
	}

	/** Connects to the cluster of {@code config} with the given settings. Nothing is sent until a request is made. */
	public static KubeTransport create(SingleConfig config, TransportSettings settings) {
		Objects.requireNonNull(config, "config must not be null");
		Objects.requireNonNull(settings, "settings must not be null");
		return new KubeTransport(config, settings);
	}

	/** The WebClient to send requests with; paths are relative to the server URL. */
	public WebClient webClient() {
		return this.webClient;
	}

	public URI baseUri() {
		return URI.create(this.config.cluster().server());
	}

	public SingleConfig config() {
		return this.config;
	}

	/** The read timeout of ordinary requests. */
	public Duration readTimeout() {
		return this.settings.timeouts().read();
	}

	@Override
	public void close() {
		this.connectionProvider.dispose();
	}

	private static ExchangeFilterFunction credentials(User user) {
		return (request, next) -> {
			String authorization = authorization(user);
			if (authorization == null) {
				return next.exchange(request);
			}
			ClientRequest authorized = ClientRequest.from(request)
				.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, authorization))
				.build();
			return next.exchange(authorized);
		};
	}

	private static @Nullable String authorization(User user) {
		if (user.token() != null) {
			return "Bearer " + user.token();
		}
		if (user.username() != null && user.password() != null) {
			String pair = user.username() + ":" + user.password();
			return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
		}
		return null;
	}

	@Override
	public String toString() {
		return "KubeTransport[server=" + this.config.cluster().server() + ", context=" + this.config.contextName() + "]";
	}

}
