package dev.lightkube.test;

import dev.lightkube.ApiException;
import dev.lightkube.KubeClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the client sees of the server's validation, defaults and permissions: the {@code Status} with its causes
 * in {@link ApiException}, defaulted objects, 403.
 */
@KubeApiServerTest(resetAfterEach = true)
class ClientValidationTests {

	@Test
	void anInvalidObjectIsAnApiExceptionWithTheCauses(KubeClient client) {
		Deployment broken = new DeploymentBuilder().withNewMetadata().withName("broken").endMetadata()
			.withNewSpec().withNewTemplate().withNewMetadata().addToLabels("app", "x").endMetadata()
			.withNewSpec().addNewContainer().withName("a").withImage("nginx").endContainer().endSpec()
			.endTemplate().endSpec().build();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> client.create(broken)).satisfies((ex) -> {
			assertThat(ex.code()).isEqualTo(422);
			assertThat(ex.reason()).isEqualTo("Invalid");
			assertThat(ex.status().getMessage())
				.isEqualTo("Deployment.apps \"broken\" is invalid: spec.selector: Required value");
			assertThat(ex.causes()).singleElement().satisfies((cause) -> {
				assertThat(cause.getField()).isEqualTo("spec.selector");
				assertThat(cause.getReason()).isEqualTo("FieldValueRequired");
			});
		});
	}

	@Test
	void createdObjectsComeBackDefaulted(KubeClient client) {
		Deployment created = client.create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
			.withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate()
			.withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("a")
			.withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec().build());
		assertThat(created.getSpec().getReplicas()).isEqualTo(1);
		assertThat(created.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
		assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
			.isEqualTo("IfNotPresent");
	}

	@Test
	void aDeniedVerbIsForbidden(KubeClient client, KubeApiServer server) {
		server.deny("list", "pods");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> client.list(Pod.class).stream().count())
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(403);
				assertThat(ex.reason()).isEqualTo("Forbidden");
			});
		ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("allowed").endMetadata().build();
		assertThat(client.create(configMap).getMetadata().getName()).isEqualTo("allowed");
	}

}
