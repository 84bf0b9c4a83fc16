package dev.lightkube.benchmarks.informers;

import java.time.Duration;
import java.util.List;

import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WriteOptions;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.resource.SubResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loads the {@link PodFixtures} pods into an API server as a cluster would have written them: the pod created by
 * the ReplicaSet controller, its status written by the kubelet. The server then keeps two {@code managedFields}
 * entries per pod that it computed itself (one per field manager), as a real API server does.
 */
final class PodLoad {

	/** Writes in flight at once while loading. */
	private static final int CONCURRENCY = 8;

	private PodLoad() {
	}

	/** Creates the namespace and {@code count} pods; returns the name of the first pod. */
	static String load(String url, int count) {
		PodList fixtures = PodFixtures.mapper().readValue(new PodFixtures(count, 0).podListJson(), PodList.class);
		List<Pod> pods = fixtures.getItems();
		try (ReactiveKubeClient client = KubeClient.builder()
			.config(KubeConfig.fromServer(url))
			.namespace(PodFixtures.NAMESPACE)
			.trustEnv(false)
			.buildReactive()) {
			Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(PodFixtures.NAMESPACE).endMetadata()
				.build();
			client.create(namespace, WriteOptions.defaults().withFieldManager("kubectl-create"))
				.block(Duration.ofSeconds(60));
			WriteOptions controller = WriteOptions.inNamespace(PodFixtures.NAMESPACE)
				.withFieldManager("kube-controller-manager");
			WriteOptions kubelet = WriteOptions.inNamespace(PodFixtures.NAMESPACE).withFieldManager("kubelet");
			Flux.fromIterable(pods).flatMap((pod) -> {
				PodStatus status = pod.getStatus();
				// What a client sends on create: no server-set identity, version, bookkeeping or status.
				pod.setStatus(null);
				pod.getMetadata().setResourceVersion(null);
				pod.getMetadata().setUid(null);
				pod.getMetadata().setCreationTimestamp(null);
				pod.getMetadata().setManagedFields(null);
				return client.create(pod, controller).flatMap((created) -> {
					created.setStatus(status);
					return client.replace(SubResource.status(Pod.class), created.getMetadata().getName(), created,
							kubelet);
				});
			}, CONCURRENCY).then().block(Duration.ofMinutes(30));
			return pods.get(0).getMetadata().getName();
		}
	}

	/** One pod as the server answers it, and the size of its {@code managedFields}, in bytes of JSON. */
	static String describe(String url, String name) {
		try (ReactiveKubeClient client = KubeClient.builder()
			.config(KubeConfig.fromServer(url))
			.namespace(PodFixtures.NAMESPACE)
			.trustEnv(false)
			.buildReactive()) {
			Pod pod = client.get(Pod.class, name, PodFixtures.NAMESPACE)
				.switchIfEmpty(Mono.error(new IllegalStateException("pod " + name + " not found")))
				.block(Duration.ofSeconds(60));
			int whole = PodFixtures.mapper().writeValueAsBytes(pod).length;
			int managed = PodFixtures.mapper().writeValueAsBytes(pod.getMetadata().getManagedFields()).length;
			return String.format("one pod as served: %,d bytes of JSON, of which managedFields %,d bytes (%d entries)",
					whole, managed, pod.getMetadata().getManagedFields().size());
		}
	}

}
