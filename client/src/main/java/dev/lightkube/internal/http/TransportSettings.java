package dev.lightkube.internal.http;

import dev.lightkube.config.Timeouts;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Client-level transport options (lightkube's constructor arguments that shape the connection).
 *
 * @param timeouts connect, read, write and pool timeouts
 * @param trustEnv read {@code HTTPS_PROXY}/{@code NO_PROXY} from the environment
 * @param proxy an explicit proxy URL; a kubeconfig {@code proxy-url} takes precedence
 * @param http2 offer HTTP/2 through ALPN over TLS (used when the server accepts it; plain http stays HTTP/1.1)
 * @param httpClientCustomizer last change to the Reactor Netty client before it is used
 * @param webClientCustomizer last change to the WebClient builder before it is built
 * @param pools the connection budgets of requests and streams
 */
public record TransportSettings(Timeouts timeouts, boolean trustEnv, @Nullable String proxy, boolean http2,
		UnaryOperator<HttpClient> httpClientCustomizer, Consumer<WebClient.Builder> webClientCustomizer,
		ConnectionPools pools) {

	public static final TransportSettings DEFAULT = new TransportSettings(Timeouts.DEFAULT, true, null, true,
			UnaryOperator.identity(), (builder) -> {
			});

	/** Settings with the default connection pools. */
	public TransportSettings(Timeouts timeouts, boolean trustEnv, @Nullable String proxy, boolean http2,
			UnaryOperator<HttpClient> httpClientCustomizer, Consumer<WebClient.Builder> webClientCustomizer) {
		this(timeouts, trustEnv, proxy, http2, httpClientCustomizer, webClientCustomizer, ConnectionPools.DEFAULT);
	}

	public TransportSettings {
		Objects.requireNonNull(timeouts, "timeouts must not be null");
		Objects.requireNonNull(pools, "pools must not be null");
		Objects.requireNonNull(httpClientCustomizer, "httpClientCustomizer must not be null");
		Objects.requireNonNull(webClientCustomizer, "webClientCustomizer must not be null");
	}

}
