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
 * @param http2 negotiate HTTP/2 (ALPN over TLS)
 * @param httpClientCustomizer last change to the Reactor Netty client before it is used
 * @param webClientCustomizer last change to the WebClient builder before it is built
 */
public record TransportSettings(Timeouts timeouts, boolean trustEnv, @Nullable String proxy, boolean http2,
		UnaryOperator<HttpClient> httpClientCustomizer, Consumer<WebClient.Builder> webClientCustomizer) {

	public static final TransportSettings DEFAULT = new TransportSettings(Timeouts.DEFAULT, true, null, false,
			UnaryOperator.identity(), (builder) -> {
			});

	public TransportSettings {
		Objects.requireNonNull(timeouts, "timeouts must not be null");
		Objects.requireNonNull(httpClientCustomizer, "httpClientCustomizer must not be null");
		Objects.requireNonNull(webClientCustomizer, "webClientCustomizer must not be null");
	}

}
