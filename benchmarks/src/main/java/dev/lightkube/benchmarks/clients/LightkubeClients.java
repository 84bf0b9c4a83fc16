package dev.lightkube.benchmarks.clients;

import java.net.URI;

import dev.lightkube.benchmarks.fixture.PodFixtures;

/**
 * THE SLOT FOR LIGHTKUBE. Phase 2 replaces the two methods below with real {@link ClientUnderTest} implementations
 * once {@code dev.lightkube.KubeClient} and {@code ReactiveKubeClient} exist (see benchmarks/README.md, "Adding
 * lightkube"). Until then they throw {@link UnsupportedOperationException}, and the harness reports lightkube as
 * "not wired yet" instead of a number.
 */
final class LightkubeClients {

	static final String NOT_WIRED = "lightkube is not wired into the benchmarks yet (see benchmarks/README.md)";

	private LightkubeClients() {
	}

	/**
	 * The blocking {@code KubeClient}, built for {@code server} with no kubeconfig. To fill in: list = full list
	 * count; iterate = the lazy list, counting items; get by name; watch counting {@code events} then closing;
	 * create the fixture pod; JSON merge patch {@link PodFixtures#MERGE_PATCH}; apply the fixture pod with field
	 * manager {@link PodFixtures#FIELD_MANAGER} and force.
	 */
	static ClientUnderTest blocking(URI server, PodFixtures fixtures) {
		throw new UnsupportedOperationException(NOT_WIRED);
	}

	/**
	 * The {@code ReactiveKubeClient}, each operation ending in one {@code block()} (iterate and watch count the
	 * {@code Flux} items with {@code take(events).count()}).
	 */
	static ClientUnderTest reactive(URI server, PodFixtures fixtures) {
		throw new UnsupportedOperationException(NOT_WIRED);
	}

}
