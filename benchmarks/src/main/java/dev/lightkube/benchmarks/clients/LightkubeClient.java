package dev.lightkube.benchmarks.clients;

import java.util.Iterator;
import java.util.Map;

import dev.lightkube.KubeClient;
import dev.lightkube.ListIterable;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchStream;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Lightkube's blocking {@link KubeClient}: the full list with {@code listAll}, the lazy list with {@code list}, the
 * watch as a {@link WatchStream} closed after the counted events.
 */
final class LightkubeClient implements ClientUnderTest {

	private final KubeClient client;

	private final Pod pod;

	private final Map<?, ?> mergePatch;

	LightkubeClient(KubeClient client, PodFixtures fixtures) {
		this.client = client;
		this.pod = LightkubeClients.pod(fixtures);
		this.mergePatch = LightkubeClients.mergePatch();
	}

	@Override
	public String name() {
		return Clients.LIGHTKUBE;
	}

	@Override
	public String transport() {
		return "Reactor Netty";
	}

	@Override
	public int list() {
		return this.client.listAll(Pod.class, LightkubeClients.LIST).items().size();
	}

	@Override
	public int iterate() {
		int count = 0;
		try (ListIterable<Pod> pods = this.client.list(Pod.class, LightkubeClients.LIST)) {
			for (Pod pod : pods) {
				if (pod.getMetadata() != null) {
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public Object get(String name) {
		return this.client.get(Pod.class, name, PodFixtures.NAMESPACE);
	}

	@Override
	public int watch(int events) {
		int count = 0;
		// Closing the stream cancels the watch: lightkube would otherwise resume after the server ends the stream.
		try (WatchStream<Pod> watch = this.client.watch(Pod.class, LightkubeClients.WATCH)) {
			Iterator<WatchEvent<Pod>> iterator = watch.iterator();
			while (count < events && iterator.hasNext()) {
				if (iterator.next().object().getMetadata() != null) {
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public Object create() {
		return this.client.create(this.pod, LightkubeClients.CREATE);
	}

	@Override
	public Object patch() {
		return this.client.patch(Pod.class, this.pod.getMetadata().getName(), this.mergePatch, LightkubeClients.MERGE);
	}

	@Override
	public Object apply() {
		return this.client.apply(this.pod, LightkubeClients.APPLY);
	}

	@Override
	public void close() {
		this.client.close();
	}

}
