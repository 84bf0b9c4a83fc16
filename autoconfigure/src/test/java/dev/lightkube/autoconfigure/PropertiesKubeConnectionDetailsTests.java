package dev.lightkube.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.ConfigException;
import dev.lightkube.config.SingleConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesKubeConnectionDetailsTests {

	private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

	@TempDir
	Path dir;

	private final LightkubeProperties properties = new LightkubeProperties();

	@Test
	void getConfigWhenServerIsSetShouldUseTheServerProperties() {
		this.properties.setServer("https://kube.example:6443");
		this.properties.setToken("s3cr3t-token");
		this.properties.setCertificateAuthorityData(PEM);
		this.properties.setTlsServerName("kubernetes");
		SingleConfig config = new PropertiesKubeConnectionDetails(this.properties).getConfig();
		assertThat(config.cluster().server()).isEqualTo("https://kube.example:6443");
		assertThat(config.cluster().tlsServerName()).isEqualTo("kubernetes");
		assertThat(new String(config.cluster().certificateAuthorityData(), StandardCharsets.US_ASCII))
			.isEqualTo(PEM + "\n");
		assertThat(config.user().token()).isEqualTo("s3cr3t-token");
		assertThat(config.namespace()).isEqualTo("default");
	}

	@Test
	void getConfigShouldTakeEveryServerProperty() throws Exception {
		Path token = Files.writeString(this.dir.resolve("token"), "from-file");
		Path ca = Files.writeString(this.dir.resolve("ca.crt"), PEM);
		Path cert = Files.writeString(this.dir.resolve("tls.crt"), PEM);
		Path key = Files.writeString(this.dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
		this.properties.setServer("https://kube.example:6443");
		this.properties.setTokenFile(token);
		this.properties.setCertificateAuthority(ca);
		this.properties.setClientCertificate(cert);
		this.properties.setClientKey(key);
		SingleConfig config = new PropertiesKubeConnectionDetails(this.properties).getConfig();
		assertThat(config.user().tokenFile()).isEqualTo(token);
		assertThat(config.cluster().certificateAuthority()).isEqualTo(ca);
		assertThat(config.user().clientCertificate()).isEqualTo(cert);
		assertThat(config.user().clientKey()).isEqualTo(key);
		this.properties.setCertificateAuthority(null);
		this.properties.setInsecureSkipTlsVerify(true);
		assertThat(new PropertiesKubeConnectionDetails(this.properties).getConfig().cluster().insecureSkipTlsVerify())
			.isTrue();
		this.properties.setCertificateAuthority(ca);
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> new PropertiesKubeConnectionDetails(this.properties).getConfig())
			.withMessageContaining("insecure");
	}

	@Test
	void getConfigWhenTrustEnvIsOffShouldNotReadTheEnvironment() {
		// With trust-env off only ~/.kube/config counts; KUBECONFIG and the in-cluster account are ignored.
		this.properties.setTrustEnv(false);
		String home = System.getProperty("user.home");
		try {
			System.setProperty("user.home", this.dir.toString());
			assertThatExceptionOfType(ConfigException.class)
				.isThrownBy(() -> new PropertiesKubeConnectionDetails(this.properties).getConfig())
				.withMessageContaining(this.dir.resolve(".kube").resolve("config").toString())
				.withMessageNotContaining("KUBECONFIG=");
		}
		finally {
			System.setProperty("user.home", home);
		}
	}

	@Test
	void getConfigWhenDataIsBase64ShouldDecodeIt() {
		this.properties.setServer("https://kube.example:6443");
		this.properties.setCertificateAuthorityData(Base64.getEncoder().encodeToString(PEM.getBytes(StandardCharsets.US_ASCII)));
		SingleConfig config = new PropertiesKubeConnectionDetails(this.properties).getConfig();
		assertThat(new String(config.cluster().certificateAuthorityData(), StandardCharsets.US_ASCII)).isEqualTo(PEM);
	}

	@Test
	void getConfigWhenDataIsNeitherPemNorBase64ShouldNameThePropertyButNotTheValue() {
		this.properties.setServer("https://kube.example:6443");
		this.properties.setClientKeyData("not*base64*secret");
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> new PropertiesKubeConnectionDetails(this.properties).getConfig())
			.withMessageContaining("lightkube.client-key-data")
			.withMessageNotContaining("not*base64*secret");
	}

	@Test
	void getConfigWhenKubeconfigAndContextAreSetShouldUseThatContext() throws Exception {
		Path kubeconfig = this.dir.resolve("config");
		Files.writeString(kubeconfig, """
				apiVersion: v1
				kind: Config
				current-context: one
				clusters:
				- name: one
				  cluster: {server: "https://one.example"}
				- name: two
				  cluster: {server: "https://two.example"}
				users:
				- name: u
				  user: {token: abc}
				contexts:
				- name: one
				  context: {cluster: one, user: u}
				- name: two
				  context: {cluster: two, user: u, namespace: team}
				""");
		this.properties.setKubeconfig(List.of(kubeconfig));
		assertThat(new PropertiesKubeConnectionDetails(this.properties).getConfig().cluster().server())
			.isEqualTo("https://one.example");
		this.properties.setContext("two");
		SingleConfig config = new PropertiesKubeConnectionDetails(this.properties).getConfig();
		assertThat(config.cluster().server()).isEqualTo("https://two.example");
		assertThat(config.namespace()).isEqualTo("team");
	}

	@Test
	void getConfigWhenContextIsUnknownShouldFailNamingIt() throws Exception {
		Path kubeconfig = this.dir.resolve("config");
		Files.writeString(kubeconfig, """
				apiVersion: v1
				kind: Config
				clusters: [{name: one, cluster: {server: "https://one.example"}}]
				contexts: [{name: one, context: {cluster: one}}]
				""");
		this.properties.setKubeconfig(List.of(kubeconfig));
		this.properties.setContext("missing");
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> new PropertiesKubeConnectionDetails(this.properties).getConfig())
			.withMessageContaining("missing")
			.withMessageContaining(kubeconfig.toString());
	}

}
