package dev.lightkube.benchmarks.clients;

import java.util.Map;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Lightkube's {@link ReactiveKubeClient}, each operation ending in one {@code block()}: the full list with
 * {@code listAll}, the lazy list and the watch counted from their {@code Flux}.
 */
final class ReactiveLightkubeClient implements ClientUnderTest {

	private final ReactiveKubeClient client;

	private final Pod pod;

	private final Map<?, ?> mergePatch;

	ReactiveLightkubeClient(ReactiveKubeClient client, PodFixtures fixtures) {
		this.client = client;
		this.pod = LightkubeClients.pod(fixtures);
		this.mergePatch = LightkubeClients.mergePatch();
	}

	@Override
	public String name() {
		return Clients.LIGHTKUBE_REACTIVE;
	}

	@Override
	public String transport() {
		return "Reactor Netty";
	}

	@Override
	public int list() {
		return this.client.listAll(Pod.class, LightkubeClients.LIST).block().items().size();
	}

	@Override
	public int iterate() {
		return this.client.list(Pod.class, LightkubeClients.LIST).count().block().intValue();
	}

	@Override
	public Object get(String name) {
		return this.client.get(Pod.class, name, PodFixtures.NAMESPACE).block();
	}

	@Override
	public int watch(int events) {
		// take(events) cancels the watch: lightkube would otherwise resume after the server ends the stream.
		return this.client.watch(Pod.class, LightkubeClients.WATCH).take(events).count().block().intValue();
	}

	@Override
	public Object create() {
		return this.client.create(this.pod, LightkubeClients.CREATE).block();
	}

	@Override
	public Object patch() {
		return this.client.patch(Pod.class, this.pod.getMetadata().getName(), this.mergePatch, LightkubeClients.MERGE)
			.block();
	}

	@Override
	public Object apply() {
		return this.client.apply(this.pod, LightkubeClients.APPLY).block();
	}

	@Override
	public void close() {
		this.client.close();
	}

}
