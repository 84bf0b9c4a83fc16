package dev.lightkube.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTypeTests {

	@Test
	void modelClassesGiveGroupVersionKindPluralAndScope() {
		ResourceType<Deployment> deployments = ResourceType.of(Deployment.class);
		assertThat(deployments.group()).isEqualTo("apps");
		assertThat(deployments.apiVersion()).isEqualTo("apps/v1");
		assertThat(deployments.plural()).isEqualTo("deployments");
		assertThat(deployments.namespaced()).isTrue();
		assertThat(ResourceType.of(Pod.class).apiVersion()).isEqualTo("v1");
		assertThat(ResourceType.of(Namespace.class).namespaced()).isFalse();
		assertThat(ResourceType.of(ClusterRoleBinding.class).namespaced()).isFalse();
		assertThat(ResourceType.of(Endpoints.class).plural()).isEqualTo("endpoints");
		assertThat(ResourceType.of(Ingress.class).plural()).isEqualTo("ingresses");
		assertThat(ResourceType.of(NetworkPolicy.class).plural()).isEqualTo("networkpolicies");
		assertThat(ResourceType.of(Pod.class)).isSameAs(ResourceType.of(Pod.class));
	}

	@Test
	void genericResourcesNeedADescriptor() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResourceType.of(GenericKubernetesResource.class))
			.withMessageContaining("GenericResources.of");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GenericResources.of("example.com", "v1", "Thing", "Things", true))
			.withMessageContaining("lower-case");
	}

	@Test
	void crdGivesOneKindPerServedVersionAndRegistersThem() {
		CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
			.withName("crontabs.stable.example.com").endMetadata().withNewSpec().withGroup("stable.example.com")
			.withScope("Cluster").withNewNames().withKind("CronTab").withPlural("crontabs").endNames()
			.addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
			.addNewVersion().withName("v2").withServed(true).withStorage(false).endVersion()
			.addNewVersion().withName("v0").withServed(false).withStorage(false).endVersion()
			.endSpec().build();
		List<ResourceType<GenericKubernetesResource>> types = GenericResources.fromCrd(crd);
		assertThat(types).extracting(ResourceType::apiVersion).containsExactly("stable.example.com/v1",
				"stable.example.com/v2");
		assertThat(types).allSatisfy((type) -> {
			assertThat(type.namespaced()).isFalse();
			assertThat(type.plural()).isEqualTo("crontabs");
		});
		assertThat(ResourceRegistry.shared().find("stable.example.com/v2", "CronTab")).isEqualTo(types.get(1));
	}

	@Test
	void registryFindsModelClassesAndRegisteredKinds() {
		ResourceRegistry registry = new ResourceRegistry();
		assertThat(registry.find("apps/v1", "Deployment")).isEqualTo(ResourceType.of(Deployment.class));
		assertThat(registry.find("v1", "Pod")).isEqualTo(ResourceType.of(Pod.class));
		assertThat(registry.find("example.com/v1", "Widget")).isNull();
		ResourceType<GenericKubernetesResource> widget = registry
			.register(ResourceType.of(GenericKubernetesResource.class, "example.com", "v1", "Widget", "widgets", true));
		assertThat(registry.find("example.com/v1", "Widget")).isSameAs(widget);
		assertThatIllegalArgumentException().isThrownBy(() -> registry.require("example.com/v1", "Gadget"))
			.withMessageContaining("Unknown kind Gadget");
	}

}
