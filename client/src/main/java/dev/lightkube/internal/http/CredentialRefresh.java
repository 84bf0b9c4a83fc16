package dev.lightkube.internal.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one rule for a 401, shared by the WebClient's requests ({@link AuthenticationFilter}) and the WebSocket
 * handshakes ({@link KubeTransport#authentication()}): the server did not process a request it refused to
 * authenticate, so when the credential can rotate (a token file, an exec plugin) and a fresh one differs from the
 * one refused, the request is sent once more with it. Otherwise the 401 goes to the caller.
 */
final class CredentialRefresh {

	private static final Logger logger = LoggerFactory.getLogger(RequestLogging.LOGGER_NAME);

	private CredentialRefresh() {
	}

	/**
	 * After a 401 to a request sent with {@code used}: the credential to send it once more with, or empty when no
	 * fresh credential differs (a fixed one, or a source that could not give one).
	 * @param source where credentials come from; told that {@code used} was refused
	 * @param used the credential the server refused
	 * @param what the request, such as {@code GET https://host/api/v1/pods} (masked), for the debug log
	 */
	static Mono<Credential> afterUnauthorized(CredentialSource source, Credential used, String what) {
		if (!source.rejected(used)) {
			return Mono.empty();
		}
		return source.credential()
			.onErrorResume((ex) -> {
				// The next request reports why no credential can be had; this one keeps its 401.
				logger.debug("No fresh credential after a 401: {}", ex.toString());
				return Mono.empty();
			})
			.filter((fresh) -> !fresh.equals(used))
			.doOnNext((fresh) -> logger.debug("{} -> 401, sending it again with a fresh credential", what));
	}

}
