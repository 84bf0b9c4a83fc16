package dev.lightkube.internal.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.Context;
import dev.lightkube.config.ExecConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/** WireMock API servers over HTTPS with test certificates, and configurations that point at them. */
final class TestCluster {

	static final String CONTEXT = "test-context";

	static final String CLUSTER = "test-cluster";

	static final String USER = "test-user";

	private TestCluster() {
	}

	/** A CA, an HTTPS server and a second one that requires client certificates from that CA. */
	record Servers(TestPki pki, WireMockServer server, WireMockServer mutualTls) {

		static Servers start(Path dir, String caName) {
			TestPki pki = new TestPki(caName);
			return new Servers(pki, TestCluster.start(dir, pki.server("localhost"), null),
					TestCluster.start(dir, pki.server("localhost"), pki.ca()));
		}

		/** Forgets requests and stubs, then answers {@code GET /version} with 200 on both servers. */
		void reset() {
			for (WireMockServer wireMock : List.of(this.server, this.mutualTls)) {
				wireMock.resetAll();
				wireMock.stubFor(WireMock.get("/version").willReturn(WireMock.aResponse().withStatus(200)));
			}
		}

		void stop() {
			this.server.stop();
			this.mutualTls.stop();
		}

	}

	/** An HTTPS server with a certificate for {@code server}; requires client certificates from {@code clientCa}. */
	static WireMockServer start(Path dir, TestPki.Issued server, TestPki.@Nullable Issued clientCa) {
		WireMockConfiguration options = wireMockConfig().dynamicHttpsPort()
			.httpDisabled(true)
			.bindAddress("127.0.0.1")
			.keystorePath(TestPki.keyStore(server, dir.resolve("server-" + System.nanoTime() + ".p12")).toString())
			.keystoreType("PKCS12")
			.keystorePassword(new String(TestPki.STORE_PASSWORD))
			.keyManagerPassword(new String(TestPki.STORE_PASSWORD));
		if (clientCa != null) {
			options.needClientAuth(true)
				.trustStorePath(TestPki.trustStore(clientCa.certificate(), dir.resolve("trust-" + System.nanoTime() + ".p12"))
					.toString())
				.trustStoreType("PKCS12")
				.trustStorePassword(new String(TestPki.STORE_PASSWORD));
		}
		WireMockServer wireMock = new WireMockServer(options);
		wireMock.start();
		return wireMock;
	}

	static String url(WireMockServer server) {
		return "https://localhost:" + server.httpsPort();
	}

	static Cluster cluster(String server, byte @Nullable [] ca) {
		return new Cluster(server, null, ca, false, null, null, false);
	}

	static SingleConfig config(Cluster cluster, User user) {
		return new SingleConfig(CONTEXT, new Context(CLUSTER, USER, null), cluster, user, null);
	}

	static User token(String token) {
		return User.ofToken(token);
	}

	static User tokenFile(Path file) {
		return new User(null, file, null, null, null, null, null, null, null, null);
	}

	static User basic(String username, String password) {
		return new User(null, null, username, password, null, null, null, null, null, null);
	}

	static User certificate(byte[] certificate, byte[] key) {
		return new User(null, null, null, null, null, certificate, null, key, null, null);
	}

	static User certificateFiles(Path certificate, Path key) {
		return new User(null, null, null, null, certificate, null, key, null, null, null);
	}

	static User exec(ExecConfig exec) {
		return new User(null, null, null, null, null, null, null, null, exec, null);
	}

	/** GET {@code path}; the status, also of error responses. */
	static int get(KubeTransport transport, String path) {
		return transport.webClient()
			.get()
			.uri(path)
			.retrieve()
			.toBodilessEntity()
			.map(ResponseEntity::getStatusCode)
			.onErrorResume(WebClientResponseException.class, (ex) -> Mono.just(ex.getStatusCode()))
			.block(Duration.ofSeconds(30))
			.value();
	}

}
