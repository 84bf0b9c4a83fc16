package dev.lightkube.internal.http;

import reactor.core.publisher.Mono;

/** Where the credential of each request comes from: fixed, a rotating token file, or an exec plugin. */
interface CredentialSource {

	/** The credential to send now; fails with a {@code ConfigException} when it cannot be obtained. */
	Mono<Credential> credential();

	/**
	 * The server answered 401 to a request sent with {@code credential}: forget it, so that the next
	 * {@link #credential()} obtains a fresh one.
	 * @return whether a fresh credential may differ (false for fixed credentials)
	 */
	default boolean rejected(Credential credential) {
		return false;
	}

	/** Always the same credential. */
	static CredentialSource fixed(Credential credential) {
		// Mono.just per call, not one kept: creating a client then loads no Reactor class (start-up time).
		return () -> Mono.just(credential);
	}

}
