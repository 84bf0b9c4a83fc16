package dev.lightkube.benchmarks.clients;

import java.net.URI;

import dev.lightkube.benchmarks.fixture.PodFixtures;

/**
 * Builds one {@link ClientUnderTest} for a server; registered by name in {@link Clients}.
 */
@FunctionalInterface
public interface ClientFactory {

	/** A client for the loopback server at {@code server}; {@code fixtures} holds the bytes the server serves. */
	ClientUnderTest create(URI server, PodFixtures fixtures) throws Exception;

}
