package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing what to talk to without the process environment: a context by name, kubeconfig files from explicit paths
 * or a {@code KUBECONFIG}-style list, kubeconfig YAML text; and users with removed auth providers that fail only when
 * used, with kubectl's advice.
 */
class KubeConfigSelectionTests {

	private static final String YAML = """
			current-context: token
			clusters:
			- name: c
			  cluster: {server: "https://c.example.com"}
			- name: d
			  cluster: {server: "https://d.example.com"}
			contexts:
			- name: token
			  context: {cluster: c, user: token, namespace: shop}
			- name: gke
			  context: {cluster: d, user: gcp}
			- name: aks
			  context: {cluster: d, user: azure}
			users:
			- name: token
			  user: {token: SECRET-TOKEN}
			- name: gcp
			  user:
			    auth-provider: {name: gcp, config: {access-token: SECRET-GCP}}
			- name: azure
			  user:
			    auth-provider: {name: azure, config: {access-token: SECRET-AZURE}}
			""";

	@TempDir
	Path dir;

	@Test
	void theBuilderReadsYamlTextAndSelectsAContext() {
		try (KubeClient client = KubeClient.builder().kubeconfigYaml(YAML).build()) {
			assertThat(client.config().contextName()).isEqualTo("token");
			assertThat(client.namespace()).isEqualTo("shop");
		}
		try (KubeClient client = KubeClient.builder().kubeconfigYaml(YAML.replace("user: {token: SECRET-TOKEN}",
				"user: {token: SECRET-TOKEN}\n- name: t2\n  user: {token: SECRET-2}")).context("token").build()) {
			assertThat(client.config().cluster().server()).isEqualTo("https://c.example.com");
		}
	}

	@Test
	void removedAuthProvidersFailOnlyWhenUsedWithKubectlsAdvice() {
		KubeConfig config = KubeConfig.fromYaml(YAML);
		assertThat(config.get("token").user().token()).isEqualTo("SECRET-TOKEN");
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> config.get("gke"))
			.withMessageContainingAll("context 'gke'", "user 'gcp'", "the gcp auth plugin has been removed",
					"gke-gcloud-auth-plugin", "https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke")
			.withMessageNotContaining("SECRET");
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> config.get("aks"))
			.withMessageContainingAll("the azure auth plugin has been removed", "kubelogin",
					"https://azure.github.io/kubelogin/")
			.withMessageNotContaining("SECRET");
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeClient.builder().kubeconfigYaml(YAML).context("gke").build())
			.withMessageContaining("gke-gcloud-auth-plugin");
	}

	@Test
	void explicitFilesAndAPathListAreMergedAsKubectlDoes() throws Exception {
		Path first = this.dir.resolve("first");
		Files.writeString(first, """
				current-context: a
				clusters:
				- name: c
				  cluster: {server: "https://first.example.com"}
				contexts:
				- name: a
				  context: {cluster: c}
				""");
		Path second = this.dir.resolve("second");
		Files.writeString(second, """
				current-context: b
				clusters:
				- name: c
				  cluster: {server: "https://second.example.com"}
				- name: e
				  cluster: {server: "https://e.example.com"}
				contexts:
				- name: b
				  context: {cluster: e}
				""");
		try (KubeClient client = KubeClient.builder().kubeconfig(first, second).build()) {
			assertThat(client.config().contextName()).isEqualTo("a");
			assertThat(client.config().cluster().server()).isEqualTo("https://first.example.com");
		}
		String list = second + File.pathSeparator + this.dir.resolve("missing") + File.pathSeparator + first;
		try (KubeClient client = KubeClient.builder().kubeconfigPathList(list).context("a").build()) {
			// the first file that defines a name wins: cluster c comes from the second file here
			assertThat(client.config().cluster().server()).isEqualTo("https://second.example.com");
		}
		assertThat(KubeConfig.fromPathList(list).currentContext()).isEqualTo("b");
	}

	@Test
	void badYamlTextIsNamedWithoutQuotingIt() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeConfig.fromYaml("users: [ {name: u, user: {token: SECRET-X}"))
			.withMessageStartingWith("kubeconfig: YAML syntax error")
			.withMessageNotContaining("SECRET");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> KubeClient.builder().config(KubeConfig.fromYaml(YAML).get()).context("gke").build())
			.withMessageContaining("give a KubeConfig instead");
	}

}
