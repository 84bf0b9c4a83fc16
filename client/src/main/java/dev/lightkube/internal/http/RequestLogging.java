package dev.lightkube.internal.http;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Logs each request sent (method, URL, status, duration) at debug level on {@value #LOGGER_NAME}, and its
 * headers at trace level with {@code Authorization} masked. Used instead of Reactor Netty's wiretap, which would
 * print the credentials. A WebClient filter for ordinary requests; connections made without the WebClient (the
 * exec WebSocket handshake) log through {@link #sent}, {@link #answered} and {@link #failed}, so every request is
 * logged the same way.
 */
public final class RequestLogging implements ExchangeFilterFunction {

	/** The logger every request is logged on. */
	public static final String LOGGER_NAME = "dev.lightkube.http";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	RequestLogging() {
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!logger.isDebugEnabled()) {
			return next.exchange(request);
		}
		return Mono.defer(() -> {
			long start = sent(request.method(), request.url(), request.headers());
			return next.exchange(request)
				.doOnNext((response) -> answered(request.method(), request.url(), response.statusCode().value(), start))
				.doOnError((ex) -> failed(request.method(), request.url(), start, ex));
		});
	}

	/**
	 * A request is about to be sent: its headers at trace level, masked.
	 * @return the start, for {@link #answered} and {@link #failed}
	 */
	public static long sent(HttpMethod method, URI url, HttpHeaders headers) {
		if (logger.isTraceEnabled()) {
			logger.trace("{} {} headers {}", method, UrlMasking.mask(url), masked(headers));
		}
		return System.nanoTime();
	}

	/** The request sent at {@code start} was answered with {@code status}: one debug line. */
	public static void answered(HttpMethod method, URI url, int status, long start) {
		logger.debug("{} {} -> {} ({} ms)", method, UrlMasking.mask(url), status, millisSince(start));
	}

	/** The request sent at {@code start} got no answer: one debug line. */
	public static void failed(HttpMethod method, URI url, long start, Throwable ex) {
		logger.debug("{} {} failed after {} ms: {}", method, UrlMasking.mask(url), millisSince(start), ex.toString());
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	static HttpHeaders masked(HttpHeaders headers) {
		HttpHeaders copy = new HttpHeaders();
		headers.forEach((name, values) -> {
			boolean secret = HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
					|| HttpHeaders.PROXY_AUTHORIZATION.equalsIgnoreCase(name);
			copy.put(name, secret ? values.stream().map(Credential::mask).toList() : values);
		});
		return copy;
	}

}
