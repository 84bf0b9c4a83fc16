package dev.lightkube.internal.http;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Logs each request sent (method, URL, status, duration) at debug level on {@value #LOGGER_NAME}, and its
 * headers at trace level with {@code Authorization} masked. Used instead of Reactor Netty's wiretap, which would
 * print the credentials.
 */
final class RequestLogging implements ExchangeFilterFunction {

	static final String LOGGER_NAME = "dev.lightkube.http";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!logger.isDebugEnabled()) {
			return next.exchange(request);
		}
		return Mono.defer(() -> {
			long start = System.nanoTime();
			if (logger.isTraceEnabled()) {
				logger.trace("{} {} headers {}", request.method(), UrlMasking.mask(request.url()), masked(request.headers()));
			}
			return next.exchange(request)
				.doOnNext((response) -> logger.debug("{} {} -> {} ({} ms)", request.method(), UrlMasking.mask(request.url()),
						response.statusCode().value(), millisSince(start)))
				.doOnError((ex) -> logger.debug("{} {} failed after {} ms: {}", request.method(), UrlMasking.mask(request.url()),
						millisSince(start), ex.toString()));
		});
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
