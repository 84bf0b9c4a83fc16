package dev.lightkube.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a configured cluster (here another in-memory server standing in for it) the sample uses it as it is. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
class RealClusterTests {

	private static final KubeApiServer cluster = KubeApiServer.start();

	@Autowired
	ApplicationContext context;

	@Autowired
	KubeClient client;

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) {
		// As the start-up line advises: --lightkube.kubeconfig=<file>.
		registry.add("lightkube.kubeconfig", () -> cluster.kubeconfigFile().toString());
		registry.add("lightkube.namespace", () -> "shop");
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	@Test
	void usesTheConfiguredClusterWithoutSeedingOrSimulating() {
		assertThat(this.context.getBeanNamesForType(KubeApiServer.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ClusterSimulator.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ClusterConfigReport.class)).hasSize(1);
		assertThat(this.client.config().cluster().server()).isEqualTo(cluster.url());
		assertThat(this.client.namespace()).isEqualTo("shop");
		assertThat(this.client.list(Namespace.class)).extracting((ns) -> ns.getMetadata().getName())
			.doesNotContain(EmbeddedCluster.NAMESPACE);
		assertThat(this.client.listAll(Pod.class, ListOptions.inNamespace("*")).items()).isEmpty();
	}

	@Test
	void embeddedServerOnlyWithoutClusterConfiguration() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(EmbeddedCluster.class);
		runner.withPropertyValues("lightkube.server=https://kube.example.com")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KubeApiServer.class));
		runner.withPropertyValues("lightkube.kubeconfig=/etc/kube/config")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KubeApiServer.class));
		runner.withPropertyValues("lightkube.kubeconfig[0]=/etc/kube/config")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KubeApiServer.class));
		runner.withPropertyValues("sample.embedded=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KubeApiServer.class));
	}

}
