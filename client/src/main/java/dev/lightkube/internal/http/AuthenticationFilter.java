package dev.lightkube.internal.http;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Adds the current credential to each request. After a 401, sends the request once more when
 * {@link CredentialRefresh} (the rule WebSocket handshakes follow too) gives a fresh credential; otherwise the 401
 * goes to the caller. The request is rebuilt from its body inserter, which
 * suits the value bodies Kubernetes requests carry; a one-shot body publisher cannot be sent twice.
 */
final class AuthenticationFilter implements ExchangeFilterFunction {

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
		if (response.statusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return Mono.just(response);
		}
		return CredentialRefresh
			.afterUnauthorized(this.source, used, request.method() + " " + UrlMasking.mask(request.url()))
			.flatMap((fresh) -> response.releaseBody().then(next.exchange(authorize(request, fresh))))
			.switchIfEmpty(Mono.just(response));
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
