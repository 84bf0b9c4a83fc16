package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.User.CredentialKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading kubeconfig files: every field, relative paths, merging and maps. */
class KubeConfigTest {

	private final Path full = Fixtures.full();

	private final Path fullDir = this.full.getParent();

	private final KubeConfig config = KubeConfig.fromFile(this.full);

	@Test
	void currentContextWithTokenAndEveryClusterField() {
		SingleConfig single = this.config.get();
		assertThat(single.contextName()).isEqualTo("token");
		assertThat(single.namespace()).isEqualTo("team-a");
		assertThat(single.source()).isEqualTo(this.full);
		Cluster cluster = single.cluster();
		assertThat(cluster.server()).isEqualTo("https://ca-data.example.com:6443");
		assertThat(new String(cluster.certificateAuthorityData(), StandardCharsets.UTF_8))
			.startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(cluster.certificateAuthority()).isNull();
		assertThat(cluster.tlsServerName()).isEqualTo("api.internal");
		assertThat(cluster.proxyUrl()).isEqualTo("http://proxy.example.com:3128");
		assertThat(cluster.disableCompression()).isTrue();
		assertThat(cluster.insecureSkipTlsVerify()).isFalse();
		assertThat(single.user().token()).isEqualTo("SECRET-TOKEN-INLINE");
		assertThat(single.user().credentialKinds()).containsExactly(CredentialKind.TOKEN);
	}

	@Test
	void relativeCaAndTokenFileResolveAgainstTheFilesFolder() {
		SingleConfig single = this.config.get("token-file");
		assertThat(single.cluster().certificateAuthority()).isEqualTo(this.fullDir.resolve("ca.pem"));
		assertThat(single.cluster().server()).isEqualTo("https://10.0.0.1:6443/prefix");
		assertThat(single.user().tokenFile()).isEqualTo(this.fullDir.resolve("token.txt"));
		assertThat(single.user().credentialKinds()).containsExactly(CredentialKind.TOKEN_FILE);
		assertThat(single.namespace()).isEqualTo("team-b");
	}

	@Test
	void basicAuthInsecureIpv6ClusterAndSocksProxy() {
		SingleConfig single = this.config.get("basic");
		assertThat(single.user().username()).isEqualTo("admin");
		assertThat(single.user().password()).isEqualTo("SECRET-PASSWORD");
		assertThat(single.user().credentialKinds()).containsExactly(CredentialKind.BASIC);
		assertThat(single.cluster().insecureSkipTlsVerify()).isTrue();
		assertThat(single.cluster().server()).isEqualTo("https://[fd00::1]:6443");
		assertThat(single.cluster().proxyUrl()).startsWith("socks5://");
		assertThat(single.namespace()).isEqualTo(SingleConfig.DEFAULT_NAMESPACE);
	}

	@Test
	void clientCertificateAndKeyFilesResolveAgainstTheFilesFolder() {
		User user = this.config.get("cert-files").user();
		assertThat(user.clientCertificate()).isEqualTo(this.fullDir.resolve("certs/client.pem"));
		assertThat(user.clientKey()).isEqualTo(this.fullDir.resolve("certs/client-key.pem"));
		assertThat(user.credentialKinds()).containsExactly(CredentialKind.CLIENT_CERTIFICATE);
	}

	@Test
	void clientCertificateAndKeyDataAreDecoded() {
		User user = this.config.get("cert-data").user();
		assertThat(new String(user.clientCertificateData(), StandardCharsets.UTF_8))
			.startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(new String(user.clientKeyData(), StandardCharsets.UTF_8)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(user.clientCertificate()).isNull();
	}

	@Test
	void execV1WithEveryField() {
		ExecConfig exec = this.config.get("exec-v1").user().exec();
		assertThat(exec).isNotNull();
		assertThat(exec.command()).isEqualTo(this.fullDir.resolve("bin/plugin.sh").toString());
		assertThat(exec.args()).containsExactly("get-token", "--cluster", "demo", "--password=SECRET-ARG");
		assertThat(exec.env()).containsExactlyInAnyOrderEntriesOf(Map.of("PLUGIN_MODE", "SECRET-ENV-VALUE", "EMPTY", ""));
		assertThat(exec.apiVersion()).isEqualTo("client.authentication.k8s.io/v1");
		assertThat(exec.installHint()).isEqualTo("install the demo plugin");
		assertThat(exec.provideClusterInfo()).isTrue();
		assertThat(exec.interactiveMode()).isEqualTo(ExecConfig.InteractiveMode.NEVER);
	}

	@Test
	void execV1beta1DefaultsAndABareCommandStaysForThePath() {
		ExecConfig exec = this.config.get("exec-v1beta1").user().exec();
		assertThat(exec).isNotNull();
		assertThat(exec.command()).isEqualTo("kubectl-demo-plugin");
		assertThat(exec.args()).isEmpty();
		assertThat(exec.env()).isEmpty();
		assertThat(exec.interactiveMode()).isEqualTo(ExecConfig.InteractiveMode.IF_AVAILABLE);
		assertThat(exec.provideClusterInfo()).isFalse();
		assertThat(exec.installHint()).isNull();
	}

	@Test
	void contextWithoutUserIsAnonymous() {
		SingleConfig single = this.config.get("anonymous");
		assertThat(single.user()).isSameAs(User.ANONYMOUS);
		assertThat(single.user().credentialKinds()).isEmpty();
		assertThat(single.cluster().server()).isEqualTo("http://localhost:8080");
	}

	@Test
	void anOidcAuthProviderIsReadAndCheckedWhenResolved() {
		AuthProvider provider = this.config.users().get("oidc-user").authProvider();
		assertThat(provider.name()).isEqualTo("oidc");
		assertThat(provider.config()).containsKey("id-token");
		assertThat(provider.file()).isEqualTo(this.full.toAbsolutePath().normalize());
		assertThat(provider.toString()).doesNotContain(Fixtures.SECRET_MARKER);
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> this.config.get("legacy-oidc"))
			.withMessageContainingAll(this.full.toString(), "context 'legacy-oidc'", "user 'oidc-user'",
					"field 'auth-provider.config.idp-issuer-url': missing", "client-id")
			.withMessageNotContaining(Fixtures.SECRET_MARKER);
	}

	@Test
	void listsEverythingFromTheFile() {
		assertThat(this.config.sources()).containsExactly(this.full);
		assertThat(this.config.currentContext()).isEqualTo("token");
		assertThat(this.config.contextNames()).hasSize(9);
		assertThat(this.config.clusters()).containsOnlyKeys("ca-data", "ca-file", "insecure", "plain-http");
		assertThat(this.config.users()).hasSize(8);
	}

	@Test
	void mergedFilesFollowKubectlsRules() {
		Path first = Fixtures.path("merged/first.yaml");
		Path second = Fixtures.path("merged/second.yaml");
		Path third = Fixtures.path("merged/other/third.yaml");
		KubeConfig merged = KubeConfig.fromFiles(List.of(first, first.resolveSibling("missing.yaml"), second, third));
		assertThat(merged.sources()).containsExactly(first, second, third);
		// current-context from the first file that sets it (the second), not the last.
		SingleConfig prod = merged.get();
		assertThat(prod.contextName()).isEqualTo("prod");
		assertThat(prod.source()).isEqualTo(second);
		assertThat(prod.cluster().certificateAuthority()).isEqualTo(second.resolveSibling("ca-second.pem"));
		// For each name the first file wins: cluster 'shared' and context 'dev' from the first, user 'dev-user'
		// from the second.
		SingleConfig dev = merged.get("dev");
		assertThat(dev.source()).isEqualTo(first);
		assertThat(dev.namespace()).isEqualTo("dev-first");
		assertThat(dev.cluster().server()).isEqualTo("https://first.example.com:6443");
		assertThat(dev.user().token()).isEqualTo("SECRET-DEV-TOKEN-SECOND");
		assertThat(dev.user().password()).isNull();
		// Relative paths of the third file resolve against its own folder.
		SingleConfig staging = merged.get("staging");
		assertThat(staging.source()).isEqualTo(third);
		assertThat(staging.cluster().certificateAuthority()).isEqualTo(third.resolveSibling("ca.pem"));
		assertThat(staging.user().clientCertificate()).isEqualTo(third.resolveSibling("client.pem"));
		assertThat(staging.user().clientKey()).isEqualTo(third.resolveSibling("client-key.pem"));
	}

	@Test
	void brokenEntryOfAnotherFileDoesNotHideTheFirstFilesEntry() {
		Path first = Fixtures.path("merged/second.yaml");
		Path broken = Fixtures.path("bad/exec-bad-api-version.yaml");
		KubeConfig merged = KubeConfig.fromFiles(List.of(first, broken));
		assertThat(merged.get().contextName()).isEqualTo("prod");
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> merged.get("exec-alpha"))
			.withMessageContainingAll(broken.toString(), "field 'exec.apiVersion'");
	}

	@Test
	void fromMapResolvesRelativePathsAgainstTheSource() {
		Map<String, Object> map = Map.of("current-context", "m",
				"clusters", List.of(Map.of("name", "c", "cluster", Map.of("server", "https://m.example.com",
						"certificate-authority", "ca.pem"))),
				"contexts", List.of(Map.of("name", "m", "context", Map.of("cluster", "c", "namespace", "ns"))));
		SingleConfig single = KubeConfig.fromMap(map, this.full).get();
		assertThat(single.cluster().certificateAuthority()).isEqualTo(this.fullDir.resolve("ca.pem"));
		assertThat(single.namespace()).isEqualTo("ns");
		assertThat(single.source()).isEqualTo(this.full);
	}

	@Test
	void fromMapWithoutSourceRefusesRelativePaths() {
		Map<String, Object> map = Map.of("current-context", "m",
				"clusters", List.of(Map.of("name", "c", "cluster", Map.of("server", "https://m.example.com",
						"certificate-authority", "ca.pem"))),
				"contexts", List.of(Map.of("name", "m", "context", Map.of("cluster", "c"))));
		KubeConfig config = KubeConfig.fromMap(map, null);
		assertThatExceptionOfType(ConfigException.class).isThrownBy(config::get)
			.withMessageContainingAll("context 'm'", "cluster 'c'", "field 'certificate-authority'", "relative");
	}

	@Test
	void emptyFileIsAnEmptyConfiguration(@TempDir Path dir) throws Exception {
		Path empty = Files.writeString(dir.resolve("config"), "");
		KubeConfig config = KubeConfig.fromFile(empty);
		assertThat(config.contextNames()).isEmpty();
		assertThatExceptionOfType(ConfigException.class).isThrownBy(config::get)
			.withMessageContainingAll(empty.toString(), "no current-context");
	}

	@Test
	void builtInCodeConfigurationsResolve() {
		SingleConfig single = KubeConfig.fromServer("https://example.com:6443").get();
		assertThat(single.cluster().server()).isEqualTo("https://example.com:6443");
		assertThat(single.source()).isNull();
		assertThat(single.namespace()).isEqualTo("default");
	}

}
