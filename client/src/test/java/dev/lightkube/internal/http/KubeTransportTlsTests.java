package dev.lightkube.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.Timeouts;
import dev.lightkube.config.User;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Exceptions;
import reactor.netty.http.client.HttpClient;

/** Server verification: CA, insecure mode, tls-server-name; HTTP/2; the read timeout and its per-request override. */
class KubeTransportTlsTests {

	@TempDir
	static Path dir;

	static TestPki pki;

	static WireMockServer localhost;

	static WireMockServer otherName;

	@BeforeAll
	static void start() {
		pki = new TestPki("tls-ca");
		localhost = TestCluster.start(dir, pki.server("localhost"), null);
		otherName = TestCluster.start(dir, pki.server("kube-apiserver.internal"), null);
		for (WireMockServer server : List.of(localhost, otherName)) {
			server.stubFor(get("/version").willReturn(aResponse().withStatus(200)));
			server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
		}
	}

	@AfterAll
	static void stop() {
		localhost.stop();
		otherName.stop();
	}

	@Test
	void caFromDataIsTrusted() {
		assertThat(request(cluster(localhost, ca(), false, null))).isEqualTo(200);
	}

	@Test
	void caFileWithSeveralCertificatesIsTrusted() throws Exception {
		Path file = Files.writeString(dir.resolve("bundle.crt"),
				new TestPki("unrelated-ca").ca().certificatePem() + pki.ca().certificatePem());
		Cluster cluster = new Cluster(TestCluster.url(localhost), file, null, false, null, null, false);
		assertThat(request(cluster)).isEqualTo(200);
	}

	@Test
	void serverSignedByAnotherCaIsRefused() {
		byte[] unrelated = TestPki.bytes(new TestPki("unrelated-ca").ca().certificatePem());
		assertThatHandshakeFails(cluster(localhost, unrelated, false, null));
	}

	@Test
	void jvmTrustDoesNotTrustTheTestCa() {
		assertThatHandshakeFails(cluster(localhost, null, false, null));
	}

	@Test
	void caTogetherWithInsecureIsAConfigurationError() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeTransport.create(TestCluster.config(cluster(localhost, ca(), true, null), User.ANONYMOUS),
					TransportSettings.DEFAULT))
			.withMessageContaining("cluster 'test-cluster'")
			.withMessageContaining("insecure-skip-tls-verify");
	}

	@Test
	void insecureAcceptsAnUntrustedCertificateForAnotherName() {
		assertThat(request(cluster(otherName, null, true, null))).isEqualTo(200);
	}

	@Test
	void certificateForAnotherNameIsRefused() {
		assertThatHandshakeFails(cluster(otherName, ca(), false, null));
	}

	@Test
	void tlsServerNameIsUsedToVerifyTheCertificate() {
		assertThat(request(cluster(otherName, ca(), false, "kube-apiserver.internal"))).isEqualTo(200);
	}

	@Test
	void wrongTlsServerNameIsRefused() {
		assertThatHandshakeFails(cluster(otherName, ca(), false, "kube-apiserver.other"));
	}

	@Test
	void malformedCaIsAConfigurationError() {
		byte[] garbage = TestPki.bytes("-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeTransport.create(TestCluster.config(cluster(localhost, garbage, false, null),
					User.ANONYMOUS), TransportSettings.DEFAULT))
			.withMessageContaining("certificate-authority of cluster 'test-cluster'");
	}

	@Test
	void missingCaFileIsAConfigurationError() {
		Cluster cluster = new Cluster(TestCluster.url(localhost), dir.resolve("missing-ca.crt"), null, false, null,
				null, false);
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeTransport.create(TestCluster.config(cluster, User.ANONYMOUS), TransportSettings.DEFAULT))
			.withMessageContaining("missing-ca.crt");
	}

	@Test
	void serverThatIsNotAUrlIsAConfigurationError() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeTransport.create(TestCluster.config(Cluster.of("localhost:6443"), User.ANONYMOUS),
					TransportSettings.DEFAULT))
			.withMessageContaining("server of cluster 'test-cluster'");
	}

	@Test
	void http2IsNegotiatedWhenAsked() {
		assertThat(versionsSeen(true)).extracting(HttpVersion::text).containsExactly("HTTP/2.0");
	}

	@Test
	void http11ByDefault() {
		assertThat(versionsSeen(false)).containsExactly(HttpVersion.HTTP_1_1);
	}

	private static List<HttpVersion> versionsSeen(boolean http2) {
		List<HttpVersion> versions = new CopyOnWriteArrayList<>();
		UnaryOperator<HttpClient> recordVersion = (client) -> client
			.doOnResponse((response, connection) -> versions.add(response.version()));
		var settings = new TransportSettings(Timeouts.DEFAULT, false, null, http2, recordVersion, (builder) -> {
		});
		try (KubeTransport transport = KubeTransport.create(
				TestCluster.config(cluster(localhost, ca(), false, null), User.ANONYMOUS), settings)) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		return versions;
	}

	@Test
	void readTimeoutAppliesAndAStreamingRequestCanTurnItOff() {
		var settings = new TransportSettings(Timeouts.DEFAULT.withRead(Duration.ofMillis(300)), false, null, false,
				UnaryOperator.identity(), (builder) -> {
				});
		try (KubeTransport transport = KubeTransport.create(
				TestCluster.config(cluster(localhost, ca(), false, null), User.ANONYMOUS), settings)) {
			assertThat(transport.readTimeout()).isEqualTo(Duration.ofMillis(300));
			assertThatExceptionOfType(WebClientRequestException.class)
				.isThrownBy(() -> TestCluster.get(transport, "/slow"))
				.withCauseInstanceOf(io.netty.handler.timeout.ReadTimeoutException.class);
			Integer status = transport.webClient()
				.get()
				.uri("/slow")
				.httpRequest(KubeTransport.withoutReadTimeout())
				.retrieve()
				.toBodilessEntity()
				.map((entity) -> entity.getStatusCode().value())
				.block(Duration.ofSeconds(30));
			assertThat(status).isEqualTo(200);
		}
	}

	@Test
	void timeoutsReachTheNettyClient() {
		var timeouts = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
				Duration.ofSeconds(6));
		var settings = new TransportSettings(timeouts, false, null, false, UnaryOperator.identity(), (builder) -> {
		});
		try (KubeTransport transport = KubeTransport.create(
				TestCluster.config(cluster(localhost, ca(), false, null), User.ANONYMOUS), settings)) {
			var configuration = transport.httpClient().configuration();
			assertThat((Object) configuration.options().get(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS))
				.isEqualTo(3000);
			assertThat(configuration.responseTimeout()).isEqualTo(Duration.ofSeconds(4));
			assertThat(configuration.followRedirectPredicate()).isNull();
			assertThat(configuration.connectionProvider().maxConnections()).isPositive();
		}
	}

	@Test
	void redirectsAreNotFollowed() {
		localhost.stubFor(get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location",
				"https://other.example/version")));
		try (KubeTransport transport = KubeTransport.create(
				TestCluster.config(cluster(localhost, ca(), false, null), User.ofToken("abc")), TransportSettings.DEFAULT)) {
			assertThat(TestCluster.get(transport, "/moved")).isEqualTo(302);
		}
	}

	@Test
	void transportExposesItsConfiguration() {
		var config = TestCluster.config(cluster(localhost, ca(), false, null), User.ofToken("abc"));
		try (KubeTransport transport = KubeTransport.create(config, TransportSettings.DEFAULT)) {
			assertThat(transport.config()).isSameAs(config);
			assertThat(transport.baseUri()).hasToString(TestCluster.url(localhost));
			assertThat(transport.httpClient()).isNotNull();
			assertThat(transport.toString()).contains(TestCluster.url(localhost)).doesNotContain("abc");
		}
	}

	private static void assertThatHandshakeFails(Cluster cluster) {
		assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(() -> request(cluster))
			.satisfies((ex) -> assertThat(Exceptions.unwrap(ex.getCause())).isInstanceOf(SSLException.class));
	}

	private static byte[] ca() {
		return TestPki.bytes(pki.ca().certificatePem());
	}

	private static Cluster cluster(WireMockServer server, byte[] ca, boolean insecure, String tlsServerName) {
		return new Cluster(TestCluster.url(server), null, ca, insecure, tlsServerName, null, false);
	}

	private static int request(Cluster cluster) {
		try (KubeTransport transport = KubeTransport.create(TestCluster.config(cluster, User.ANONYMOUS),
				TransportSettings.DEFAULT)) {
			return TestCluster.get(transport, "/version");
		}
	}

}
