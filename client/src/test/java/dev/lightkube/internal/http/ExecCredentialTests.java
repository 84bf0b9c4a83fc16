package dev.lightkube.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.ExecConfig;
import dev.lightkube.config.ExecConfig.InteractiveMode;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.Timeouts;
import io.netty.channel.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/** Exec credential plugins, run through {@code exec-plugin.sh}, which counts its runs. */
class ExecCredentialTests extends HttpsServerTests {

	static final String V1 = "client.authentication.k8s.io/v1";

	static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";

	@TempDir
	Path dir;

	@Test
	void oneRunServesTwentyConcurrentRequests() throws Exception {
		output(tokenCredential(V1, "exec-token-@N@", Instant.now().plus(Duration.ofHours(1))));
		Path gate = this.dir.resolve("gate");
		try (KubeTransport transport = transport(server, exec(V1, Map.of("PLUGIN_GATE", gate.toString())))) {
			CompletableFuture<List<Integer>> statuses = Flux.range(0, 20)
				.flatMap((i) -> transport.webClient()
					.get()
					.uri("/version")
					.retrieve()
					.toBodilessEntity()
					.map((entity) -> entity.getStatusCode().value()), 20)
				.collectList()
				.toFuture();
			// All 20 are subscribed, so all wait for the one run that is held at the gate.
			Files.writeString(gate, "open");
			assertThat(statuses.get(30, TimeUnit.SECONDS)).hasSize(20).containsOnly(200);
		}
		assertThat(runs()).isEqualTo(1);
		server.verify(20, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization",
				equalTo("Bearer exec-token-1")));
	}

	@Test
	void a401RunsThePluginAgainAndResendsTheRequest() throws Exception {
		output(tokenCredential(V1, "exec-token-@N@", Instant.now().plus(Duration.ofHours(1))));
		server.stubFor(get("/version").atPriority(1)
			.withHeader("Authorization", equalTo("Bearer exec-token-1"))
			.willReturn(aResponse().withStatus(401)));
		try (KubeTransport transport = transport(server, exec(V1, Map.of()))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		assertThat(runs()).isEqualTo(2);
		server.verify(1, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization",
				equalTo("Bearer exec-token-1")));
		server.verify(2, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization",
				equalTo("Bearer exec-token-2")));
	}

	@Test
	void aRepeated401ReachesTheCaller() throws Exception {
		output(tokenCredential(V1, "exec-token-@N@", null));
		server.stubFor(get("/version").atPriority(1).willReturn(aResponse().withStatus(401)));
		try (KubeTransport transport = transport(server, exec(V1, Map.of()))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(401);
		}
		assertThat(runs()).isEqualTo(2);
		assertThat(server.getAllServeEvents()).hasSize(2);
	}

	@Test
	void anExpiredCredentialRunsThePluginAgain() throws Exception {
		output(tokenCredential(V1BETA1, "exec-token-@N@", Instant.now().minus(Duration.ofMinutes(1))));
		try (KubeTransport transport = transport(server, exec(V1BETA1, Map.of()))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		assertThat(runs()).isEqualTo(2);
		server.verify(1, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization",
				equalTo("Bearer exec-token-2")));
	}

	@Test
	void anUnexpiredCredentialIsReused() throws Exception {
		output(tokenCredential(V1, "exec-token-@N@", Instant.now().plus(Duration.ofHours(1))));
		try (KubeTransport transport = transport(server, exec(V1, Map.of()))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		assertThat(runs()).isEqualTo(1);
	}

	@Test
	void clientCertificateFromThePlugin() throws Exception {
		output(certificateCredential(pki.clientEc("exec-user"), null));
		try (KubeTransport transport = transport(mutualTlsServer, exec(V1, Map.of()))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		assertThat(runs()).isEqualTo(1);
	}

	@Test
	void aNewCertificateFromThePluginClosesTheOldConnections() throws Exception {
		Instant past = Instant.now().minus(Duration.ofMinutes(1));
		for (int run = 1; run <= 2; run++) {
			TestPki.Issued client = pki.clientRsa("exec-user-" + run);
			Files.writeString(this.dir.resolve("output.json." + run), certificateCredential(client, past));
		}
		output("not used");
		List<Channel> connections = new CopyOnWriteArrayList<>();
		try (KubeTransport transport = recordingConnections(connections)) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			Channel first = connections.get(0);
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			assertThat(first.isActive()).isFalse();
		}
		assertThat(runs()).isEqualTo(2);
	}

	@Test
	void theSameCertificateKeepsTheConnection() throws Exception {
		output(certificateCredential(pki.clientRsa("exec-user"), Instant.now().minus(Duration.ofMinutes(1))));
		List<Channel> connections = new CopyOnWriteArrayList<>();
		try (KubeTransport transport = recordingConnections(connections)) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			Channel first = connections.get(0);
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
			assertThat(first.isActive()).isTrue();
		}
		assertThat(runs()).isEqualTo(2);
	}

	private KubeTransport recordingConnections(List<Channel> connections) throws Exception {
		var settings = new TransportSettings(Timeouts.DEFAULT, false, null, false,
				(client) -> client.doOnConnected((connection) -> connections.add(connection.channel())), (builder) -> {
				});
		SingleConfig config = TestCluster.config(TestCluster.cluster(TestCluster.url(mutualTlsServer),
				TestPki.bytes(pki.ca().certificatePem())), TestCluster.exec(exec(V1, Map.of())));
		return KubeTransport.create(config, settings, Map.of(), () -> false);
	}

	@Test
	void execInfoCarriesTheClusterWhenAsked() throws Exception {
		output(tokenCredential(V1, "exec-token", null));
		Path info = this.dir.resolve("info.json");
		ExecConfig exec = new ExecConfig("sh", List.of(script().toString()), env(Map.of("PLUGIN_INFO", info.toString())),
				V1, null, true, InteractiveMode.NEVER);
		try (KubeTransport transport = transport(server, exec)) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		String json = Files.readString(info);
		assertThat(json).contains("\"apiVersion\":\"" + V1 + "\"", "\"kind\":\"ExecCredential\"",
				"\"interactive\":false", "\"server\":\"" + TestCluster.url(server) + "\"",
				"\"certificate-authority-data\":\"");
	}

	@Test
	void relativeCommandIsResolvedAgainstTheKubeconfigFolder() throws Exception {
		output(tokenCredential(V1, "exec-token-@N@", null));
		Path folder = Files.createDirectories(this.dir.resolve("kube/bin"));
		Path plugin = Files.copy(script(), folder.resolve("plugin.sh"));
		assertThat(plugin.toFile().setExecutable(true)).isTrue();
		ExecConfig exec = new ExecConfig("./bin/plugin.sh", List.of(), env(Map.of()), V1, null, false,
				InteractiveMode.NEVER);
		SingleConfig config = TestCluster.config(TestCluster.cluster(TestCluster.url(server),
				TestPki.bytes(pki.ca().certificatePem())), TestCluster.exec(exec));
		config = new SingleConfig(config.contextName(), config.context(), config.cluster(), config.user(),
				this.dir.resolve("kube/config"));
		try (KubeTransport transport = KubeTransport.create(config, TransportSettings.DEFAULT, Map.of(), () -> false)) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		assertThat(runs()).isEqualTo(1);
	}

	@Test
	void missingCommandShowsTheInstallHint() {
		ExecConfig exec = new ExecConfig("lightkube-no-such-plugin", List.of(), Map.of(), V1,
				"Install the plugin with: brew install lightkube-test-plugin", false, InteractiveMode.NEVER);
		try (KubeTransport transport = transport(server, exec)) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> TestCluster.get(transport, "/version"))
				.withMessageContaining("lightkube-no-such-plugin")
				.withMessageContaining("user 'test-user'")
				.withMessageContaining("brew install lightkube-test-plugin");
		}
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void interactiveAlwaysWithoutATerminalFails() throws Exception {
		output(tokenCredential(V1, "exec-token", null));
		ExecConfig exec = new ExecConfig("sh", List.of(script().toString()), env(Map.of()), V1, null, false,
				InteractiveMode.ALWAYS);
		try (KubeTransport transport = transport(server, exec)) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> TestCluster.get(transport, "/version"))
				.withMessageContaining("interactiveMode is Always")
				.withMessageContaining("not a terminal");
		}
		assertThat(runs()).isZero();
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "token: leaked-secret-1", "[\"leaked-secret-1\"]",
			"{\"apiVersion\":\"v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"leaked-secret-1\"}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"Secret\",\"status\":{\"token\":\"leaked-secret-1\"}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"spec\":{\"token\":\"leaked-secret-1\"}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"\"}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"leaked-secret-1\","
					+ "\"expirationTimestamp\":\"tomorrow leaked-secret-1\"}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{\"clientKeyData\":\"leaked-secret-1\"}}",
			"{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{\"clientCertificateData\":\"x\","
					+ "\"clientKeyData\":\"leaked-secret-1\"}}",
			"" })
	void badOutputIsRejectedBeforeAnyRequest(String output) throws Exception {
		output(output);
		try (KubeTransport transport = transport(server, exec(V1, Map.of()))) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> TestCluster.get(transport, "/version"))
				.withMessageContaining("exec plugin 'sh'")
				.withMessageContaining("user 'test-user'")
				.withMessageNotContaining("leaked-secret-1")
				.satisfies((ex) -> assertThat(ex.getCause()).isNull());
		}
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void failingPluginIsReportedWithItsExitCode() throws Exception {
		output(tokenCredential(V1, "exec-token", null));
		try (KubeTransport transport = transport(server, exec(V1, Map.of("PLUGIN_EXIT", "3")))) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> TestCluster.get(transport, "/version"))
				.withMessageContaining("exited with code 3");
		}
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void unsupportedApiVersionIsRejected() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> transport(server, exec("client.authentication.k8s.io/v1alpha1", Map.of())))
			.withMessageContaining("v1alpha1");
	}

	@Test
	void authenticationHeadersRunThePluginAndShareItsCredential() throws Exception {
		output(tokenCredential(V1, "exec-token-@N@", null));
		try (KubeTransport transport = transport(server, exec(V1, Map.of()))) {
			assertThat(transport.authentication().block().headers().getFirst("Authorization"))
				.isEqualTo("Bearer exec-token-1");
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		assertThat(runs()).isEqualTo(1);
		server.verify(getRequestedFor(urlEqualTo("/version")).withHeader("Authorization",
				equalTo("Bearer exec-token-1")));
	}

	private ExecConfig exec(String apiVersion, Map<String, String> extraEnv) throws Exception {
		return new ExecConfig("sh", List.of(script().toString()), env(extraEnv), apiVersion, null, false,
				InteractiveMode.NEVER);
	}

	private Map<String, String> env(Map<String, String> extra) {
		var env = new java.util.HashMap<String, String>(extra);
		env.put("PLUGIN_COUNT", this.dir.resolve("count").toString());
		env.put("PLUGIN_OUTPUT", this.dir.resolve("output.json").toString());
		return env;
	}

	private static Path script() throws Exception {
		return Path.of(ExecCredentialTests.class.getResource("/http/exec-plugin.sh").toURI());
	}

	private void output(String json) throws Exception {
		Files.writeString(this.dir.resolve("output.json"), json);
	}

	private int runs() throws Exception {
		Path count = this.dir.resolve("count");
		return Files.exists(count) ? Integer.parseInt(Files.readString(count).trim()) : 0;
	}

	static String tokenCredential(String apiVersion, String token, Instant expiry) {
		return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + token
				+ "\"" + ((expiry != null) ? ",\"expirationTimestamp\":\"" + expiry + "\"" : "") + "}}";
	}

	static String certificateCredential(TestPki.Issued client, Instant expiry) {
		return "{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{\"clientCertificateData\":"
				+ jsonString(client.certificatePem()) + ",\"clientKeyData\":" + jsonString(client.keyPemPkcs8())
				+ ((expiry != null) ? ",\"expirationTimestamp\":\"" + expiry + "\"" : "") + "}}";
	}

	static String jsonString(String value) {
		return "\"" + value.replace("\n", "\\n") + "\"";
	}

	static KubeTransport transport(WireMockServer target, ExecConfig exec) {
		SingleConfig config = TestCluster.config(
				TestCluster.cluster(TestCluster.url(target), TestPki.bytes(pki.ca().certificatePem())),
				TestCluster.exec(exec));
		return KubeTransport.create(config, TransportSettings.DEFAULT, Map.of(), () -> false);
	}

}
