package dev.lightkube.test;

import java.net.http.HttpClient;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS with the certificate generated at start.
 */
@KubeApiServerTest(tls = true)
class TlsTests {

	static Http trustingHttp(KubeApiServer server) {
		return new Http(trustingClient(server).build(), server.url());
	}

	static HttpClient.Builder trustingClient(KubeApiServer server) {
		try {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("server", server.caCertificate());
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void servesHttpsTrustedThroughTheGeneratedCertificate(KubeApiServer server) {
		assertThat(server.url()).startsWith("https://127.0.0.1:");
		assertThat(server.isTls()).isTrue();
		assertThat(trustingHttp(server).get("/version").json().get("major").asString()).isEqualTo("1");
	}

	@Test
	void http2ThroughAlpn() {
		try (KubeApiServer http2 = KubeApiServer.builder().tls(true).http2(true).start()) {
			Http client = new Http(trustingClient(http2).version(HttpClient.Version.HTTP_2).build(), http2.url());
			Http.Response response = client.get("/api/v1/namespaces/default");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.raw().version()).isEqualTo(HttpClient.Version.HTTP_2);
			Http.Response watch = client.get("/api/v1/namespaces?watch=true&timeoutSeconds=1");
			assertThat(watch.body().lines()).hasSize(4).allMatch((line) -> line.startsWith("{\"type\":\"ADDED\""));
		}
	}

	@Test
	void kubeconfigCarriesTheCertificate(KubeApiServer server) {
		assertThat(server.kubeconfig()).contains("server: " + server.url()).contains("certificate-authority-data: ")
			.contains("current-context: lightkube-test").contains("namespace: default");
		assertThat(server.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
	}

}
