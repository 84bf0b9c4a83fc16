package dev.lightkube.internal.exec;

import dev.lightkube.ExecException;
import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import dev.lightkube.KubeException;
import dev.lightkube.internal.http.KubeTransport.Authentication;
import dev.lightkube.internal.http.RequestLogging;
import dev.lightkube.internal.http.UrlMasking;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.IntConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Runs a command in a pod: opens {@code <pod>/exec} as a WebSocket, streams stdin and output over the channel
 * protocol, and returns the exit code.
 *
 * <p>Spring's {@link ReactorNettyWebSocketClient} is used: it sends the handler's {@code getSubProtocols()} as the
 * {@code Sec-WebSocket-Protocol} list and reports the server's choice in the {@code HandshakeInfo}, which is all
 * the v5/v4 negotiation needs, and it is built on the given {@link HttpClient}, so TLS and proxy settings carry over.
 */
public final class ExecEngine {

	/** Largest frame accepted; Reactor Netty's 64 KiB default is below what a chatty command can produce. */
	private static final int MAX_FRAME_PAYLOAD = 4 * 1024 * 1024;

	private ExecEngine() {
	}

	/**
	 * Runs {@code options.command()} in the pod at {@code podPath}. Nothing is sent until the result is subscribed to;
	 * cancelling closes the socket.
	 * @param httpClient the client to connect with, TLS and proxy configured
	 * @param baseUri the API server's URL ({@code https} becomes {@code wss}); a path in it is kept as a prefix
	 * @param authentication headers to send with the handshake, such as {@code Authorization}, resolved per call;
	 *     after a 401 the handshake is tried once more when {@link Authentication#refreshed(String)} gives a fresh
	 *     credential
	 * @param podPath the pod's path, such as {@code /api/v1/namespaces/default/pods/web}
	 * @param options the command and its streams
	 * @return the outcome; fails with {@link ExecException} (non-zero exit with {@code raiseOnError}, a failure
	 * reported by the server, timeout, connection failure) or {@link dev.lightkube.ApiException} (handshake refused)
	 */
	public static Mono<ExecResponse> exec(HttpClient httpClient, URI baseUri, Mono<Authentication> authentication,
			String podPath, ExecOptions options) {
		return exec(httpClient, baseUri, authentication, podPath, options, Map.of(), (status) -> {
		});
	}

	/**
	 * {@link #exec(HttpClient, URI, Mono, String, ExecOptions)} as one observed request: {@code propagation} (trace
	 * context such as {@code traceparent}) is sent with each handshake, and {@code status} is told the status of
	 * each handshake's answer as it arrives (101 when the server switched to WebSocket), before the command's
	 * output.
	 */
	public static Mono<ExecResponse> exec(HttpClient httpClient, URI baseUri, Mono<Authentication> authentication,
			String podPath, ExecOptions options, Map<String, String> propagation, IntConsumer status) {
		Objects.requireNonNull(propagation, "propagation must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(httpClient, "httpClient must not be null");
		Objects.requireNonNull(baseUri, "baseUri must not be null");
		Objects.requireNonNull(authentication, "authentication must not be null");
		Objects.requireNonNull(podPath, "podPath must not be null");
		Objects.requireNonNull(options, "options must not be null");
		if (!podPath.startsWith("/")) {
			throw new IllegalArgumentException("podPath must start with '/', was '" + podPath + "'");
		}
		String path = podPath + "/exec";
		URI uri = uri(baseUri, path, options);
		String description = "exec of '" + options.command().get(0) + "' in " + podPath;
		Handshake handshake = new Handshake(uri, path, description, propagation, status);
		Mono<ExecResponse> call = Mono.defer(() -> run(httpClient, authentication, handshake, options, true));
		Duration timeout = options.timeout();
		if (timeout == null) {
			return call;
		}
		// Mono.timeout cancels the call, and cancelling closes the socket.
		return call.timeout(timeout, Mono.error(() -> new ExecException(
				description + " did not finish within the timeout of " + timeout + "; the connection was closed")));
	}

	private static Mono<ExecResponse> run(HttpClient httpClient, Mono<Authentication> authentication,
			Handshake handshake, ExecOptions options, boolean firstTry) {
		Mono<Authentication> credentials = authentication
			.defaultIfEmpty(new Authentication(new HttpHeaders(), (what) -> Mono.empty()))
			.onErrorMap((error) -> (error instanceof KubeException) ? error
					: new ExecException(handshake.description() + " failed: " + error, error));
		return credentials.flatMap((auth) -> attempt(httpClient, auth, handshake, options, firstTry));
	}

	private static Mono<ExecResponse> attempt(HttpClient httpClient, Authentication auth, Handshake handshake,
			ExecOptions options, boolean firstTry) {
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(auth.headers());
		// Trace context (W3C traceparent and the like) written by a tracing handler, as other requests send it.
		handshake.propagation().forEach(headers::set);
		// Logged as every other request is: one debug line with the status, headers at trace level, masked.
		long start = RequestLogging.sent(HttpMethod.GET, handshake.uri(), headers);
		HandshakeCapture capture = new HandshakeCapture((code) -> {
			RequestLogging.answered(HttpMethod.GET, handshake.uri(), code, start);
			handshake.status().accept(code);
		});
		ExecSession session = new ExecSession(options, handshake.description());
		ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(webSocketCapable(httpClient)
			.doOnConnected(capture::attach),
				() -> WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME_PAYLOAD));
		return client.execute(handshake.uri(), headers, session)
			.then(Mono.fromCallable(session::result))
			.onErrorResume((error) -> {
				if (!capture.isAnswered()) {
					RequestLogging.failed(HttpMethod.GET, handshake.uri(), start, error);
				}
				Mono<ExecResponse> failure = Mono.error(() -> translate(error, capture, handshake.path(),
						handshake.description()));
				// A 401 means the command never ran: one more handshake if the one rule for a 401 gives a credential.
				if (firstTry && capture.isRefusedWith(401)) {
					return auth.refreshed("GET " + UrlMasking.mask(handshake.uri()))
						.flatMap((fresh) -> attempt(httpClient, fresh, handshake, options, false))
						.switchIfEmpty(failure);
				}
				return failure;
			});
	}

	/** WebSocket upgrades exist only in HTTP/1.1: a client configured for HTTP/2 alone must not be used as is. */
	private static HttpClient webSocketCapable(HttpClient httpClient) {
		HttpProtocol[] protocols = httpClient.configuration().protocols();
		if (Arrays.asList(protocols).equals(List.of(HttpProtocol.HTTP11))) {
			return httpClient;
		}
		return httpClient.protocol(HttpProtocol.HTTP11);
	}

	private static Throwable translate(Throwable error, HandshakeCapture handshake, String path, String description) {
		if (handshake.isRefused()) {
			return handshake.toException(path, error);
		}
		if (error instanceof KubeException) {
			return error;
		}
		return new ExecException(description + " failed: " + error, error);
	}

	/** The WebSocket URL with the exec query: one {@code command} per argument, then the streams to attach. */
	static URI uri(URI baseUri, String path, ExecOptions options) {
		StringJoiner query = new StringJoiner("&");
		for (String argument : options.command()) {
			query.add("command=" + encode(argument));
		}
		if (options.container() != null) {
			query.add("container=" + encode(options.container()));
		}
		if (options.hasStdin()) {
			query.add("stdin=true");
		}
		query.add("stdout=true");
		query.add("stderr=true");
		String scheme = switch (String.valueOf(baseUri.getScheme()).toLowerCase(Locale.ROOT)) {
			case "https", "wss" -> "wss";
			case "http", "ws" -> "ws";
			default -> throw new IllegalArgumentException("baseUri must be an http or https URL, was " + baseUri);
		};
		String prefix = (baseUri.getRawPath() != null) ? baseUri.getRawPath().replaceAll("/+$", "") : "";
		return URI.create(scheme + "://" + baseUri.getRawAuthority() + prefix + path + "?" + query);
	}

	/** Form encoding: a literal {@code +} becomes {@code %2B} (the server reads {@code +} as a space), a space {@code %20}. */
	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** What every handshake of one exec shares: where it goes and what to report. */
	private record Handshake(URI uri, String path, String description, Map<String, String> propagation,
			IntConsumer status) {
	}

}
