package dev.lightkube.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lightkube.ExecOptions;
import dev.lightkube.KubeClient;
import dev.lightkube.MisbehavingServer;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.ExecConfig;
import dev.lightkube.config.ExecConfig.InteractiveMode;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.Timeouts;
import dev.lightkube.config.User;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No token, password or key used here appears in an exception (message, causes, suppressed), a log line at
 * debug or trace level, or a {@code toString()}.
 */
class SecretLeakTests {

	static final String TOKEN = "leak-token-7f3a";

	static final String FILE_TOKEN = "leak-file-token-4d1e";

	static final String PASSWORD = "leak-password-9b2c";

	static final String EXEC_TOKEN = "leak-exec-token-5e8f";

	static final String PROXY_PASSWORD = "leak-proxy-password-1c6d";

	static final String URL_PASSWORD = "leak-url-password-3a7e";

	static final String[] LOGGERS = { "dev.lightkube", "reactor.netty", "io.netty", "org.springframework", "reactor" };

	@TempDir
	static Path dir;

	static TestCluster.Servers servers;

	static TestPki pki;

	static WireMockServer server;

	static WireMockServer mutualTlsServer;

	final List<String> evidence = new ArrayList<>();

	@BeforeAll
	static void start() {
		servers = TestCluster.Servers.start(dir, "leak-ca");
		pki = servers.pki();
		server = servers.server();
		mutualTlsServer = servers.mutualTls();
		servers.reset();
		// Every credential is refused once (the 401 paths log too), then accepted.
		server.stubFor(get("/version").atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + EXEC_TOKEN + "-1"))
			.willReturn(aResponse().withStatus(401)));
		server.stubFor(get("/refused").willReturn(aResponse().withStatus(401)));
	}

	@AfterAll
	static void stop() {
		servers.stop();
	}

	@Test
	void noSecretInExceptionsLogsOrToString() throws Exception {
		TestPki.Issued client = pki.clientRsa("leak-user");
		String keyPem = client.keyPemTraditional();
		String keyMaterial = keyPem.split("\n")[1];
		Path tokenFile = Files.writeString(dir.resolve("token"), FILE_TOKEN);
		ListAppender<ILoggingEvent> appender = captureLogs();
		try {
			Cluster cluster = cluster(server, null);
			exercise(TestCluster.config(cluster, TestCluster.token(TOKEN)), Map.of());
			exercise(TestCluster.config(cluster, TestCluster.basic("leak-user", PASSWORD)), Map.of());
			exercise(TestCluster.config(cluster, new User(TOKEN, tokenFile, null, null, null, null, null, null, null,
					null)), Map.of());
			exercise(TestCluster.config(cluster(mutualTlsServer, null),
					TestCluster.certificate(TestPki.bytes(client.certificatePem()), TestPki.bytes(keyPem))), Map.of());
			exercise(TestCluster.config(cluster, TestCluster.exec(exec("{\"apiVersion\":\"client.authentication.k8s.io/v1\","
					+ "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + EXEC_TOKEN + "-@N@\"}}"))), Map.of());
			// Bad plugin output, a bad key, a bad proxy URL: the failures must not quote them.
			exercise(TestCluster.config(cluster, TestCluster.exec(exec("{\"apiVersion\":\"wrong\",\"status\":{\"token\":\""
					+ EXEC_TOKEN + "\"}}"))), Map.of());
			exercise(TestCluster.config(cluster, TestCluster.exec(exec("not json " + EXEC_TOKEN))), Map.of());
			exercise(TestCluster.config(cluster, TestCluster.certificate(TestPki.bytes(client.certificatePem()),
					TestPki.bytes("-----BEGIN RSA PRIVATE KEY-----\n" + keyMaterial + "\n-----END RSA PRIVATE KEY-----\n"))),
					Map.of());
			exercise(TestCluster.config(cluster(server, "gopher://u:" + PROXY_PASSWORD + "@proxy.local"),
					TestCluster.token(TOKEN)), Map.of());
			// A proxy that refuses the connection: the error names the proxy, not its password.
			exercise(TestCluster.config(cluster, TestCluster.token(TOKEN)),
					Map.of("HTTPS_PROXY", "http://u:" + PROXY_PASSWORD + "@localhost:1"));
			this.evidence.add(ProxySettings.parse("http://u:" + PROXY_PASSWORD + "@localhost:1", "f").toString());
			this.evidence.add(new TokenFileCredentialSource(tokenFile, TOKEN, "user 'u'", Clock.systemUTC()).toString());
			this.evidence.add(Credential.authorization("Bearer " + TOKEN).toString());
			this.evidence.add(RequestLogging.masked(headers("Bearer " + TOKEN)).toString());
		}
		finally {
			stopCapture(appender);
		}
		List<String> logLines = new ArrayList<>();
		for (ILoggingEvent event : appender.list) {
			logLines.add(event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy()) : ""));
		}
		// The capture works: requests were logged, with the credential masked.
		assertThat(logLines).anySatisfy((line) -> assertThat(line).matches("GET https://localhost:\\d+/version -> 200 .*"));
		assertThat(logLines).anySatisfy((line) -> assertThat(line).contains("Authorization:\"Bearer <masked>\""));
		assertThat(logLines).anySatisfy((line) -> assertThat(line).contains("Authorization:\"Basic <masked>\""));
		assertThat(logLines).anySatisfy((line) -> assertThat(line).contains("sending it again with a fresh credential"));
		this.evidence.addAll(logLines);
		for (String secret : List.of(TOKEN, FILE_TOKEN, PASSWORD, EXEC_TOKEN, PROXY_PASSWORD, keyMaterial,
				keyMaterial.substring(10, 40))) {
			assertThat(this.evidence).noneSatisfy((text) -> assertThat(text).contains(secret));
		}
	}

	@Test
	void passwordInTheServerUrlIsNeverShown() throws Exception {
		List<String> tags = new CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
			@Override
			public void onStop(Observation.Context context) {
				// every tag a meter or a span gets, and the error a span records
				tags.add(context.getAllKeyValues() + " " + context.getError());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ListAppender<ILoggingEvent> appender = captureLogs();
		// a server that reads each request and closes the connection without an answer
		try (MisbehavingServer cutting = new MisbehavingServer((request, out) -> {
		})) {
			String withPassword = "://admin:" + URL_PASSWORD + "@";
			for (String url : List.of(TestCluster.url(server).replace("://", withPassword),
					cutting.url().replace("://", withPassword), "http" + withPassword + "127.0.0.1:" + closedPort)) {
				SingleConfig config = TestCluster.config(cluster(url), TestCluster.token(TOKEN));
				this.evidence.add(config.toString());
				try (KubeClient client = KubeClient.builder().config(config).maxRetries(1)
					.watchBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
					.observationRegistry(observations).fieldManager("me").build()) {
					this.evidence.add(client.toString());
					this.evidence.add(client.reactive().toString());
					try (KubeTransport transport = KubeTransport.create(config, TransportSettings.DEFAULT)) {
						this.evidence.add(transport.toString());
					}
					attempt(() -> client.getRaw("/version"));
					attempt(() -> client.getRaw("/refused"));
					attempt(() -> client.get(Pod.class, "web-0"));
					attempt(() -> client.create(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
						.build()));
					attempt(() -> client.list(Pod.class).forEach((pod) -> {
					}));
					attempt(() -> client.watch(Pod.class).iterator().next());
					attempt(() -> client.exec("web-0", ExecOptions.of("ls")));
				}
			}
		}
		finally {
			stopCapture(appender);
		}
		List<String> logLines = new ArrayList<>();
		for (ILoggingEvent event : appender.list) {
			logLines.add(event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy()) : ""));
		}
		// The capture works: requests were logged with their URL, failures were seen, tags were recorded.
		assertThat(logLines).anySatisfy((line) -> assertThat(line).matches("GET https://localhost:\\d+/version -> 200 .*"));
		assertThat(logLines).anySatisfy((line) -> assertThat(line).contains("headers"));
		assertThat(this.evidence).anySatisfy((text) -> assertThat(text).contains("Cannot connect"));
		assertThat(this.evidence).anySatisfy((text) -> assertThat(text).contains("may have applied"));
		assertThat(this.evidence).anySatisfy((text) -> assertThat(text).contains("server=https://<masked>@localhost"));
		assertThat(tags).anySatisfy((text) -> assertThat(text).contains("resource=raw"));
		this.evidence.addAll(logLines);
		this.evidence.addAll(tags);
		assertThat(this.evidence).noneSatisfy((text) -> assertThat(text).contains(URL_PASSWORD));
	}

	private void attempt(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			StringWriter trace = new StringWriter();
			ex.printStackTrace(new PrintWriter(trace));
			this.evidence.add(trace.toString());
		}
	}

	private static Cluster cluster(String url) {
		return new Cluster(url, null, TestPki.bytes(pki.ca().certificatePem()), false, null, null, false);
	}

	private void exercise(SingleConfig config, Map<String, String> env) {
		this.evidence.add(config.toString());
		this.evidence.add(config.user().toString());
		this.evidence.add(config.cluster().toString());
		var settings = new TransportSettings(Timeouts.DEFAULT, true, null, false, UnaryOperator.identity(),
				(builder) -> {
				});
		try (KubeTransport transport = KubeTransport.create(config, settings, env, () -> false)) {
			this.evidence.add(transport.toString());
			this.evidence.add(TestCluster.get(transport, "/version") + " " + TestCluster.get(transport, "/refused"));
		}
		catch (RuntimeException ex) {
			StringWriter trace = new StringWriter();
			ex.printStackTrace(new PrintWriter(trace));
			this.evidence.add(trace.toString());
		}
	}

	private ExecConfig exec(String output) throws Exception {
		Path outputFile = Files.createTempFile(dir, "output", ".json");
		Files.writeString(outputFile, output);
		Map<String, String> env = new HashMap<>();
		env.put("PLUGIN_COUNT", Files.createTempFile(dir, "count", "").toString());
		env.put("PLUGIN_OUTPUT", outputFile.toString());
		Path script = Path.of(SecretLeakTests.class.getResource("/http/exec-plugin.sh").toURI());
		ExecConfig exec = new ExecConfig("sh", List.of(script.toString()), env, "client.authentication.k8s.io/v1", null,
				false, InteractiveMode.NEVER);
		this.evidence.add(exec.toString());
		return exec;
	}

	private static Cluster cluster(WireMockServer target, String proxyUrl) {
		return new Cluster(TestCluster.url(target), null, TestPki.bytes(pki.ca().certificatePem()), false, null,
				proxyUrl, false);
	}

	private static org.springframework.http.HttpHeaders headers(String authorization) {
		var headers = new org.springframework.http.HttpHeaders();
		headers.set("Authorization", authorization);
		headers.set("Proxy-Authorization", "Basic " + PROXY_PASSWORD);
		return headers;
	}

	private static ListAppender<ILoggingEvent> captureLogs() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		for (String name : LOGGERS) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			logger.setLevel(Level.TRACE);
			logger.addAppender(appender);
			logger.setAdditive(false);
		}
		return appender;
	}

	private static void stopCapture(ListAppender<ILoggingEvent> appender) {
		for (String name : LOGGERS) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			logger.detachAppender(appender);
			logger.setLevel(null);
			logger.setAdditive(true);
		}
		appender.stop();
	}

}
