package dev.lightkube.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.Selector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache's keys, indexes and label lookups, kept up to date on add, update and delete. */
class InformerCacheTests {

	private final InformerCache<Pod> cache = new InformerCache<>();

	@Test
	void keysAreNamespaceSlashNameOrNameAlone() {
		assertThat(InformerCache.keyOf(pod("ns", "a", "n1", Map.of()))).isEqualTo("ns/a");
		assertThat(InformerCache.keyOf(new PodBuilder().withNewMetadata().withName("a").endMetadata().build()))
			.isEqualTo("a");
	}

	@Test
	void aCustomIndexFollowsUpdatesAndDeletes() {
		this.cache.addIndex("byNode", (pod) -> List.of(pod.getSpec().getNodeName()));
		this.cache.put(pod("ns", "a", "n1", Map.of()));
		this.cache.put(pod("ns", "b", "n1", Map.of()));
		this.cache.put(pod("other", "c", "n2", Map.of()));
		assertThat(names(this.cache.byIndex("byNode", "n1"))).containsExactlyInAnyOrder("a", "b");
		this.cache.put(pod("ns", "a", "n2", Map.of()));
		assertThat(names(this.cache.byIndex("byNode", "n1"))).containsExactly("b");
		assertThat(this.cache.indexKeys("byNode", "n2")).containsExactlyInAnyOrder("ns/a", "other/c");
		this.cache.remove("other/c");
		assertThat(this.cache.indexKeys("byNode", "n2")).containsExactly("ns/a");
		assertThat(names(this.cache.listInNamespace("ns"))).containsExactlyInAnyOrder("a", "b");
		assertThat(this.cache.listInNamespace("other")).isEmpty();
	}

	@Test
	void anIndexAddedLaterIndexesTheCachedObjects() {
		this.cache.put(pod("ns", "a", "n1", Map.of()));
		this.cache.addIndex("byNode", (pod) -> List.of(pod.getSpec().getNodeName()));
		assertThat(names(this.cache.byIndex("byNode", "n1"))).containsExactly("a");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.addIndex("byNode", (pod) -> List.of()))
			.withMessageContaining("byNode");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.byIndex("missing", "x"))
			.withMessageContaining("addIndex");
	}

	@Test
	void labelSelectorsFollowKubernetesSemantics() {
		this.cache.put(pod("ns", "web1", "n", Map.of("app", "web", "env", "prod")));
		this.cache.put(pod("ns", "web2", "n", Map.of("app", "web", "env", "dev")));
		this.cache.put(pod("ns", "db", "n", Map.of("app", "db")));
		this.cache.put(pod("ns", "none", "n", Map.of()));
		assertThat(names(this.cache.list(Selector.of("app", "web")))).containsExactlyInAnyOrder("web1", "web2");
		assertThat(names(this.cache.list(Selector.of("app", "web").notEqual("env", "dev")))).containsExactly("web1");
		assertThat(names(this.cache.list(Selector.none().in("app", "web", "db").notIn("env", "prod"))))
			.containsExactlyInAnyOrder("web2", "db");
		assertThat(names(this.cache.list(Selector.none().notEqual("app", "web")))).containsExactlyInAnyOrder("db",
				"none");
		assertThat(names(this.cache.list(Selector.none().exists("env")))).containsExactlyInAnyOrder("web1", "web2");
		assertThat(names(this.cache.list(Selector.none().notExists("app")))).containsExactly("none");
		assertThat(this.cache.list(Selector.none())).hasSize(4);
		this.cache.put(pod("ns", "web1", "n", Map.of("app", "db")));
		assertThat(names(this.cache.list(Selector.of("app", "web")))).containsExactly("web2");
		this.cache.remove("ns/web2");
		assertThat(this.cache.list(Selector.of("app", "web"))).isEmpty();
	}

	private static Pod pod(String namespace, String name, String node, Map<String, String> labels) {
		return new PodBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.withLabels(labels)
			.endMetadata()
			.withNewSpec()
			.withNodeName(node)
			.endSpec()
			.build();
	}

	private static List<String> names(List<Pod> pods) {
		return pods.stream().map((pod) -> pod.getMetadata().getName()).toList();
	}

}
