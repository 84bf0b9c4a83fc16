package dev.lightkube.benchmarks.clients;

import java.net.URI;
import java.util.Map;

import dev.lightkube.KubeClientBuilder;
import dev.lightkube.ListOptions;
import dev.lightkube.PatchOptions;
import dev.lightkube.PatchType;
import dev.lightkube.WatchOptions;
import dev.lightkube.WriteOptions;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Lightkube's two clients as the harness drives them: {@link LightkubeClient} ({@code KubeClient}) and
 * {@link ReactiveLightkubeClient} ({@code ReactiveKubeClient}), built the same way for the loopback server.
 */
final class LightkubeClients {

	static final ListOptions LIST = ListOptions.inNamespace(PodFixtures.NAMESPACE);

	static final WatchOptions WATCH = WatchOptions.inNamespace(PodFixtures.NAMESPACE);

	static final WriteOptions CREATE = WriteOptions.inNamespace(PodFixtures.NAMESPACE);

	static final WriteOptions APPLY = CREATE.withFieldManager(PodFixtures.FIELD_MANAGER).withForce(true);

	static final PatchOptions MERGE = PatchOptions.of(PatchType.MERGE).withNamespace(PodFixtures.NAMESPACE);

	private LightkubeClients() {
	}

	/** The blocking {@code KubeClient} for {@code server}, with no kubeconfig. */
	static ClientUnderTest blocking(URI server, PodFixtures fixtures) {
		return new LightkubeClient(builder(server).build(), fixtures);
	}

	/** The {@code ReactiveKubeClient} for {@code server}; each operation ends in one {@code block()}. */
	static ClientUnderTest reactive(URI server, PodFixtures fixtures) {
		return new ReactiveLightkubeClient(builder(server).buildReactive(), fixtures);
	}

	// No kubeconfig, no environment: only the server, as Config.empty() for fabric8. Lazy lists are the default.
	private static KubeClientBuilder builder(URI server) {
		return dev.lightkube.KubeClient.builder()
			.config(KubeConfig.fromServer(server.toString()))
			.namespace(PodFixtures.NAMESPACE)
			.fieldManager(PodFixtures.FIELD_MANAGER)
			.trustEnv(false);
	}

	/** The fixture pod, decoded from the bytes the server serves. */
	static Pod pod(PodFixtures fixtures) {
		return PodFixtures.mapper().readValue(fixtures.podJson(), Pod.class);
	}

	/**
	 * {@link PodFixtures#MERGE_PATCH} as a map: lightkube takes patch bodies as objects, not text, and serializes
	 * them (a few dozen bytes, once per call).
	 */
	static Map<?, ?> mergePatch() {
		return PodFixtures.mapper().readValue(PodFixtures.MERGE_PATCH, Map.class);
	}

}
