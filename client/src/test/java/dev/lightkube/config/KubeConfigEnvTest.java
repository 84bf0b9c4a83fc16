package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.User.CredentialKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto-detection: in-cluster service account, then {@code KUBECONFIG}, then {@code ~/.kube/config}. */
class KubeConfigEnvTest {

	private static final Map<String, String> IN_CLUSTER = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
			"KUBERNETES_SERVICE_PORT", "443");

	@TempDir
	Path temp;

	private Path home;

	private Path serviceAccount;

	@BeforeEach
	void setUp() throws IOException {
		this.home = Files.createDirectories(this.temp.resolve("home"));
		this.serviceAccount = Files.createDirectories(this.temp.resolve("serviceaccount"));
	}

	@Test
	void serviceAccountWithTokenFileCaAndNamespace() throws IOException {
		writeServiceAccount();
		SingleConfig config = KubeConfig.fromServiceAccount(this.serviceAccount, IN_CLUSTER).get();
		assertThat(config.cluster().server()).isEqualTo("https://10.96.0.1:443");
		assertThat(config.cluster().certificateAuthority()).isEqualTo(this.serviceAccount.resolve("ca.crt"));
		// A token file, not the token, so a rotated token is picked up.
		assertThat(config.user().tokenFile()).isEqualTo(this.serviceAccount.resolve("token"));
		assertThat(config.user().token()).isNull();
		assertThat(config.namespace()).isEqualTo("team-ns");
		assertThat(config.source()).isEqualTo(this.serviceAccount);
	}

	@Test
	void serviceAccountBracketsAnIpv6Host() throws IOException {
		writeServiceAccount();
		SingleConfig config = KubeConfig.fromServiceAccount(this.serviceAccount,
				Map.of("KUBERNETES_SERVICE_HOST", "fd00:10:96::1", "KUBERNETES_SERVICE_PORT", "6443")).get();
		assertThat(config.cluster().server()).isEqualTo("https://[fd00:10:96::1]:6443");
	}

	@Test
	void serviceAccountWithoutNamespaceOrCaUsesDefaults() throws IOException {
		Files.writeString(this.serviceAccount.resolve("token"), "SECRET-SA-TOKEN");
		SingleConfig config = KubeConfig.fromServiceAccount(this.serviceAccount, IN_CLUSTER).get();
		assertThat(config.namespace()).isEqualTo("default");
		assertThat(config.cluster().certificateAuthority()).isNull();
	}

	@Test
	void serviceAccountOutsideAPod() throws IOException {
		writeServiceAccount();
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeConfig.fromServiceAccount(this.serviceAccount, Map.of()))
			.withMessageContainingAll(this.serviceAccount.toString(), "KUBERNETES_SERVICE_HOST");
	}

	@Test
	void inClusterComesFirst() throws IOException {
		writeServiceAccount();
		writeHomeConfig();
		KubeConfig config = KubeConfig.fromEnv(true, withKubeconfig(IN_CLUSTER, Fixtures.full().toString()),
				this.home, this.serviceAccount);
		assertThat(config.sources()).containsExactly(this.serviceAccount);
		assertThat(config.get().user().credentialKinds()).containsExactly(CredentialKind.TOKEN_FILE);
	}

	@Test
	void kubeconfigListIsMergedAndHomeIgnored() throws IOException {
		writeHomeConfig();
		Path first = Fixtures.path("merged/first.yaml");
		Path second = Fixtures.path("merged/second.yaml");
		Path third = Fixtures.path("merged/other/third.yaml");
		String list = String.join(File.pathSeparator, first.toString(), "", this.temp.resolve("missing").toString(),
				second.toString(), third.toString());
		KubeConfig config = KubeConfig.fromEnv(true, Map.of("KUBECONFIG", list), this.home, this.serviceAccount);
		assertThat(config.sources()).containsExactly(first, second, third);
		assertThat(config.currentContext()).isEqualTo("prod");
	}

	@Test
	void homeConfigWhenNothingElse() throws IOException {
		Path file = writeHomeConfig();
		KubeConfig config = KubeConfig.fromEnv(true, Map.of("KUBECONFIG", ""), this.home, this.serviceAccount);
		assertThat(config.sources()).containsExactly(file);
	}

	@Test
	void withoutTrustEnvOnlyHomeConfigIsRead() throws IOException {
		writeServiceAccount();
		Path file = writeHomeConfig();
		KubeConfig config = KubeConfig.fromEnv(false, withKubeconfig(IN_CLUSTER, Fixtures.full().toString()),
				this.home, this.serviceAccount);
		assertThat(config.sources()).containsExactly(file);
	}

	@Test
	void nothingFoundListsEveryPlaceTried() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeConfig.fromEnv(true, Map.of(), this.home, this.serviceAccount))
			.withMessageContainingAll("No Kubernetes configuration found", this.serviceAccount.toString(),
					"KUBERNETES_SERVICE_HOST", "KUBECONFIG: not set",
					this.home.resolve(".kube/config").toString());
	}

	@Test
	void kubeconfigFilesAllMissingIsAnErrorWithoutFallingBackToHome() throws IOException {
		writeHomeConfig();
		Path missing = this.temp.resolve("gone.yaml");
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeConfig.fromEnv(true, Map.of("KUBECONFIG", missing.toString()), this.home,
					this.serviceAccount))
			.withMessageContainingAll(this.serviceAccount.toString(), "KUBECONFIG: none of", missing.toString());
	}

	@Test
	void nothingFoundWithoutTrustEnvSaysTheEnvironmentWasNotUsed() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeConfig.fromEnv(false, IN_CLUSTER, this.home, this.serviceAccount))
			.withMessageContainingAll("trustEnv is false", this.home.resolve(".kube/config").toString());
	}

	private void writeServiceAccount() throws IOException {
		Files.writeString(this.serviceAccount.resolve("token"), "SECRET-SA-TOKEN");
		Files.writeString(this.serviceAccount.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
		Files.writeString(this.serviceAccount.resolve("namespace"), "team-ns\n");
	}

	private Path writeHomeConfig() throws IOException {
		Path dir = Files.createDirectories(this.home.resolve(".kube"));
		return Files.copy(Fixtures.path("merged/second.yaml"), dir.resolve("config"));
	}

	private static Map<String, String> withKubeconfig(Map<String, String> env, String kubeconfig) {
		Map<String, String> all = new HashMap<>(env);
		all.put("KUBECONFIG", kubeconfig);
		return all;
	}

}
