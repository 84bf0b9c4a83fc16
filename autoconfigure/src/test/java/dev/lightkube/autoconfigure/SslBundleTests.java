package dev.lightkube.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.lightkube.ReactiveKubeClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code lightkube.ssl.bundle}: the API server is verified with a Spring SSL bundle's trust material. */
class SslBundleTests {

	private static final String PASSWORD = "store-secret";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class, SslAutoConfiguration.class));

	@TempDir
	Path dir;

	private Path keyStore;

	private WireMockServer server;

	@BeforeEach
	void startHttpsServer() throws Exception {
		// A self-signed certificate for localhost, made with the JDK's keytool: no test PKI to share across modules.
		this.keyStore = this.dir.resolve("server.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", this.keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
		this.server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.httpDisabled(true)
			.dynamicHttpsPort()
			.keystorePath(this.keyStore.toString())
			.keystoreType("PKCS12")
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD));
		this.server.start();
		this.server.stubFor(get("/version").willReturn(okJson("{\"gitVersion\":\"v1.32.0\"}")));
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	@Test
	void bundleTrustVerifiesTheServer() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.ssl.bundle=kube",
				"spring.ssl.bundle.jks.kube.truststore.location=file:" + this.keyStore,
				"spring.ssl.bundle.jks.kube.truststore.type=PKCS12",
				"spring.ssl.bundle.jks.kube.truststore.password=" + PASSWORD)
			.run((context) -> assertThat(context.getBean(ReactiveKubeClient.class).getRaw("/version").block())
				.contains("v1.32.0"));
	}

	@Test
	void withoutTheBundleTheServerIsNotTrusted() {
		this.runner.withPropertyValues(serverProperty())
			.run((context) -> assertThatException()
				.isThrownBy(() -> context.getBean(ReactiveKubeClient.class).getRaw("/version").block()));
	}

	@Test
	void unknownBundleFailsStartUp() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.ssl.bundle=missing")
			.withUserConfiguration(UsesTheClient.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("missing"));
	}

	private String serverProperty() {
		return "lightkube.server=https://localhost:" + this.server.httpsPort();
	}

}
