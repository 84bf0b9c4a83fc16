package dev.lightkube.resource;

import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.ReactiveKubeClient;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Descriptors for kinds without a Java class (CRDs), whose objects are {@link GenericKubernetesResource}s.
 * Lightkube's {@code create_namespaced_resource}, {@code create_global_resource},
 * {@code create_resources_from_crd} and {@code load_in_cluster_generic_resources}. Every descriptor made here is
 * registered in {@link ResourceRegistry#shared()}, so the YAML codec and {@code apply} of generic objects find it.
 */
public final class GenericResources {

	private GenericResources() {
	}

	/**
	 * A generic kind.
	 * @param group the API group, such as {@code stable.example.com}
	 * @param version the version, such as {@code v1}
	 * @param kind the kind, such as {@code CronTab}
	 * @param plural the plural, such as {@code crontabs}
	 * @param namespaced whether objects live in a namespace
	 */
	public static ResourceType<GenericKubernetesResource> of(String group, String version, String kind, String plural,
			boolean namespaced) {
		return ResourceRegistry.shared()
			.register(ResourceType.of(GenericKubernetesResource.class, group, version, kind, plural, namespaced));
	}

	/** One generic kind per served version of a {@code CustomResourceDefinition}. */
	public static List<ResourceType<GenericKubernetesResource>> fromCrd(CustomResourceDefinition crd) {
		Objects.requireNonNull(crd, "crd must not be null");
		CustomResourceDefinitionSpec spec = crd.getSpec();
		String name = (crd.getMetadata() != null) ? crd.getMetadata().getName() : null;
		if (spec == null || spec.getNames() == null || spec.getGroup() == null) {
			throw new IllegalArgumentException("CustomResourceDefinition " + name + " has no spec.group or spec.names");
		}
		boolean namespaced = "Namespaced".equals(spec.getScope());
		List<ResourceType<GenericKubernetesResource>> types = new ArrayList<>();
		for (CustomResourceDefinitionVersion version : spec.getVersions()) {
			if (Boolean.FALSE.equals(version.getServed())) {
				continue;
			}
			types.add(of(spec.getGroup(), version.getName(), spec.getNames().getKind(), spec.getNames().getPlural(),
					namespaced));
		}
		return types;
	}

	/** Descriptors for every version of every CRD in the list (lightkube {@code load_in_cluster_generic_resources}). */
	public static List<ResourceType<GenericKubernetesResource>> fromCrds(Iterable<CustomResourceDefinition> crds) {
		List<ResourceType<GenericKubernetesResource>> types = new ArrayList<>();
		for (CustomResourceDefinition crd : crds) {
			types.addAll(fromCrd(crd));
		}
		return types;
	}

	/**
	 * Descriptors for every served version of every CRD in the cluster, registered in
	 * {@link ResourceRegistry#shared()}: lightkube's {@code load_in_cluster_generic_resources}.
	 */
	public static List<ResourceType<GenericKubernetesResource>> loadInCluster(KubeClient client) {
		Objects.requireNonNull(client, "client must not be null");
		return fromCrds(client.listAll(CustomResourceDefinition.class, ListOptions.defaults()).items());
	}

	/** The reactive form of {@link #loadInCluster(KubeClient)}. */
	public static Mono<List<ResourceType<GenericKubernetesResource>>> loadInCluster(ReactiveKubeClient client) {
		Objects.requireNonNull(client, "client must not be null");
		return client.listAll(CustomResourceDefinition.class, ListOptions.defaults())
			.map((crds) -> fromCrds(crds.items()));
	}

}
