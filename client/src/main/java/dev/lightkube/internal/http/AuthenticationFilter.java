package dev.lightkube.internal.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Adds the current credential to each request. After a 401, asks the source for a fresh credential once and,
 * when it differs, sends the request again with it: the server did not process a request it refused to
 * authenticate. Otherwise the 401 goes to the caller. The request is rebuilt from its body inserter, which
 * suits the value bodies Kubernetes requests carry; a one-shot body publisher cannot be sent twice.
 */
final class AuthenticationFilter implements ExchangeFilterFunction {

	private static final Logger logger = LoggerFactory.getLogger(RequestLogging.LOGGER_NAME);

	private final CredentialSource source;

	AuthenticationFilter(CredentialSource source) {
		this.source = source;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return this.source.credential()
			.flatMap((credential) -> next.exchange(authorize(request, credential))
				.flatMap((response) -> afterResponse(request, next, credential, response)));
	}

	private Mono<ClientResponse> afterResponse(ClientRequest request, ExchangeFunction next, Credential used,
			ClientResponse response) {
		if (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value() || !this.source.rejected(used)) {
			return Mono.just(response);
		}
		return this.source.credential()
			.onErrorResume((ex) -> {
				// The next request reports why no credential can be had; this one keeps its 401.
				logger.debug("No fresh credential after a 401: {}", ex.toString());
				return Mono.just(used);
			})
			.flatMap((fresh) -> {
				if (fresh.equals(used)) {
					return Mono.just(response);
				}
				logger.debug("{} {} -> 401, sending it again with a fresh credential", request.method(),
						UrlMasking.mask(request.url()));
				return response.releaseBody().then(next.exchange(authorize(request, fresh)));
			});
	}

	private static ClientRequest authorize(ClientRequest request, Credential credential) {
		String authorization = credential.authorization();
		if (authorization == null) {
			return request;
		}
		return ClientRequest.from(request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, authorization))
			.build();
	}

	@Override
	public String toString() {
		return "AuthenticationFilter[" + this.source + "]";
	}

}
