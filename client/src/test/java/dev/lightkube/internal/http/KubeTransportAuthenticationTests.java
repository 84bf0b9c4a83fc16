package dev.lightkube.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lightkube.config.AuthProvider;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/** Each kind of credential reaches the server as it should. */
class KubeTransportAuthenticationTests extends HttpsServerTests {

	@TempDir
	static Path dir;

	@Test
	void bearerTokenIsSent() {
		assertThat(request(server, TestCluster.token("abc.def"))).isEqualTo(200);
		server.verify(getRequestedFor(urlEqualTo("/version")).withHeader("Authorization", equalTo("Bearer abc.def")));
	}

	@Test
	void basicAuthIsSent() {
		assertThat(request(server, TestCluster.basic("alice", "pa:ss"))).isEqualTo(200);
		String expected = "Basic " + Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));
		server.verify(getRequestedFor(urlEqualTo("/version")).withHeader("Authorization", equalTo(expected)));
	}

	@Test
	void anonymousSendsNoAuthorization() {
		assertThat(request(server, User.ANONYMOUS)).isEqualTo(200);
		server.verify(getRequestedFor(urlEqualTo("/version")).withHeader("Authorization", absent()));
	}

	@Test
	void tokenFileIsRereadAfterA401AndTheRequestSentAgain() throws Exception {
		Path file = Files.writeString(dir.resolve("token-rotating"), "token-1\n");
		server.stubFor(get("/version").atPriority(1)
			.withHeader("Authorization", equalTo("Bearer token-2"))
			.willReturn(aResponse().withStatus(200)));
		server.stubFor(get("/version").atPriority(2).willReturn(aResponse().withStatus(401)));
		try (KubeTransport transport = transport(server, TestCluster.tokenFile(file))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(401);
			Files.writeString(file, "token-2\n");
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(200);
		}
		// The first 401 re-read an unchanged file and went to the caller; the second one found the new token.
		server.verify(2, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization", equalTo("Bearer token-1")));
		server.verify(1, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization", equalTo("Bearer token-2")));
	}

	@Test
	void tokenFileKeepsTheLastGoodTokenWhenItCannotBeRead() throws Exception {
		Path file = Files.writeString(dir.resolve("token-vanishing"), "token-1");
		server.stubFor(get("/version").atPriority(1).willReturn(aResponse().withStatus(401)));
		try (KubeTransport transport = transport(server, TestCluster.tokenFile(file))) {
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(401);
			Files.delete(file);
			assertThat(TestCluster.get(transport, "/version")).isEqualTo(401);
		}
		server.verify(2, getRequestedFor(urlEqualTo("/version")).withHeader("Authorization", equalTo("Bearer token-1")));
	}

	@Test
	void missingTokenFileFailsBeforeAnyRequest() {
		try (KubeTransport transport = transport(server, TestCluster.tokenFile(dir.resolve("no-such-token")))) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> TestCluster.get(transport, "/version"))
				.withMessageContaining("no-such-token")
				.withMessageContaining("user 'test-user'");
		}
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void tokenFileIsRereadAfterAMinute() throws Exception {
		Path file = Files.writeString(dir.resolve("token-periodic"), "token-1");
		MutableClock clock = new MutableClock();
		var source = new TokenFileCredentialSource(file, null, "user 'u'", clock);
		assertThat(source.credential().block().authorization()).isEqualTo("Bearer token-1");
		Files.writeString(file, "token-2");
		clock.advance(Duration.ofSeconds(59));
		assertThat(source.credential().block().authorization()).isEqualTo("Bearer token-1");
		clock.advance(Duration.ofSeconds(1));
		assertThat(source.credential().block().authorization()).isEqualTo("Bearer token-2");
	}

	@Test
	void clientCertificateWithRsaPkcs1Key() {
		TestPki.Issued client = pki.clientRsa("alice");
		assertThat(request(mutualTlsServer, TestCluster.certificate(TestPki.bytes(client.certificatePem()),
				TestPki.bytes(client.keyPemTraditional())))).isEqualTo(200);
	}

	@Test
	void clientCertificateWithRsaPkcs8KeyFromFiles() throws Exception {
		TestPki.Issued client = pki.clientRsa("alice");
		Path certificate = Files.writeString(dir.resolve("client.crt"), client.certificatePem());
		Path key = Files.writeString(dir.resolve("client.key"), client.keyPemPkcs8());
		assertThat(request(mutualTlsServer, TestCluster.certificateFiles(certificate, key))).isEqualTo(200);
	}

	@Test
	void clientCertificateWithEcKeys() {
		TestPki.Issued client = pki.clientEc("alice");
		assertThat(request(mutualTlsServer, TestCluster.certificate(TestPki.bytes(client.certificatePem()),
				TestPki.bytes(client.keyPemTraditional())))).isEqualTo(200);
		assertThat(request(mutualTlsServer, TestCluster.certificate(TestPki.bytes(client.certificatePem()),
				TestPki.bytes(client.keyPemPkcs8())))).isEqualTo(200);
	}

	@Test
	void withoutClientCertificateTheMutualTlsServerRefuses() {
		try (KubeTransport transport = transport(mutualTlsServer, TestCluster.token("abc"))) {
			assertThatExceptionOfType(WebClientRequestException.class)
				.isThrownBy(() -> TestCluster.get(transport, "/version"));
		}
	}

	@Test
	void certificateWithoutKeyIsRejected() {
		TestPki.Issued client = pki.clientRsa("alice");
		User user = new User(null, null, null, null, null, TestPki.bytes(client.certificatePem()), null, null, null,
				null);
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> transport(server, user))
			.withMessageContaining("user 'test-user'")
			.withMessageContaining("client-certificate without client-key");
	}

	@Test
	void malformedKeyIsRejectedNamingTheField() {
		TestPki.Issued client = pki.clientRsa("alice");
		User user = TestCluster.certificate(TestPki.bytes(client.certificatePem()),
				TestPki.bytes("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"));
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> transport(server, user))
			.withMessageContaining("client-key of user 'test-user'");
	}

	@Test
	void authProviderIsRejectedWithTheReplacement() {
		User user = new User(null, null, null, null, null, null, null, null, null,
				new AuthProvider("gcp", Map.of(), null));
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> transport(server, user))
			.withMessageContaining("auth-provider 'gcp'")
			.withMessageContaining("exec");
	}

	@Test
	void authenticationHeadersCarryTheCurrentCredential() {
		try (KubeTransport transport = transport(server, TestCluster.token("abc.def"))) {
			HttpHeaders headers = transport.authentication().block().headers();
			assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer abc.def");
		}
		try (KubeTransport transport = transport(server, User.ANONYMOUS)) {
			assertThat(transport.authentication().block().headers().isEmpty()).isTrue();
		}
	}

	@Test
	void aRejectedWebSocketCredentialIsForgottenSoTheNextOneIsFresh() throws Exception {
		Path file = Files.writeString(dir.resolve("token-websocket"), "token-1\n");
		try (KubeTransport transport = transport(server, TestCluster.tokenFile(file))) {
			KubeTransport.Authentication first = transport.authentication().block();
			assertThat(first.headers().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer token-1");
			Files.writeString(file, "token-2\n");
			assertThat(first.refreshed("GET /x").block().headers().getFirst(HttpHeaders.AUTHORIZATION))
				.as("a token file may have rotated")
				.isEqualTo("Bearer token-2");
			assertThat(transport.authentication().block().headers().getFirst(HttpHeaders.AUTHORIZATION))
				.isEqualTo("Bearer token-2");
		}
		try (KubeTransport transport = transport(server, TestCluster.token("abc.def"))) {
			assertThat(transport.authentication().block().refreshed("GET /x").blockOptional())
				.as("a fixed token never changes")
				.isEmpty();
		}
	}

	static int request(WireMockServer target, User user) {
		try (KubeTransport transport = transport(target, user)) {
			return TestCluster.get(transport, "/version");
		}
	}

	static KubeTransport transport(WireMockServer target, User user) {
		return KubeTransport.create(TestCluster.config(
				TestCluster.cluster(TestCluster.url(target), TestPki.bytes(pki.ca().certificatePem())), user),
				TransportSettings.DEFAULT);
	}

	/** A clock the test moves. */
	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
