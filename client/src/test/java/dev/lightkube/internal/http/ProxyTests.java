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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.transport.ProxyProvider;

/** Proxies: kubeconfig proxy-url, the explicit setting, HTTPS_PROXY and NO_PROXY. */
class ProxyTests {

	@TempDir
	static Path dir;

	static TestPki pki;

	static WireMockServer server;

	@BeforeAll
	static void start() {
		pki = new TestPki("proxy-test-ca");
		server = TestCluster.start(dir, pki.server("localhost"), null);
		server.stubFor(get("/version").willReturn(aResponse().withStatus(200)));
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void kubeconfigProxyUrlIsUsedWithItsCredentials() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(null)) {
			String proxyUrl = "http://proxy-user:proxy%40pass@localhost:" + proxy.port();
			assertThat(request(proxyUrl, null, false, Map.of())).isEqualTo(200);
			assertThat(proxy.requests()).singleElement().satisfies((head) -> {
				assertThat(head).startsWith("CONNECT localhost:" + server.httpsPort() + " HTTP/1.1");
				assertThat(head).contains("proxy-authorization: Basic " + Base64.getEncoder()
					.encodeToString("proxy-user:proxy@pass".getBytes(StandardCharsets.UTF_8)));
			});
		}
	}

	@Test
	void httpsProxyIsReachedOverTls() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(tls(pki.server("localhost")))) {
			assertThat(request("https://localhost:" + proxy.port(), null, false, Map.of())).isEqualTo(200);
			assertThat(proxy.requests()).singleElement()
				.satisfies((head) -> assertThat(head).startsWith("CONNECT localhost:" + server.httpsPort()));
		}
	}

	@Test
	void socks5ProxyIsUsedWithItsCredentials() throws Exception {
		try (TinyConnectProxy proxy = TinyConnectProxy.socks5()) {
			assertThat(request("socks5://socks-user:socks-pass@localhost:" + proxy.port(), null, false, Map.of()))
				.isEqualTo(200);
			assertThat(proxy.requests()).singleElement()
				.satisfies((line) -> assertThat(line).startsWith("SOCKS5 socks-user:socks-pass ")
					.endsWith(":" + server.httpsPort()));
		}
	}

	@Test
	void kubeconfigProxyUrlWinsOverTheEnvironmentAndNoProxy() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(null)) {
			Map<String, String> env = Map.of("HTTPS_PROXY", "http://localhost:1", "NO_PROXY", "localhost");
			assertThat(request("http://localhost:" + proxy.port(), null, true, env)).isEqualTo(200);
			assertThat(proxy.requests()).hasSize(1);
		}
	}

	@Test
	void explicitProxySettingIsUsed() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(null)) {
			assertThat(request(null, "localhost:" + proxy.port(), false, Map.of())).isEqualTo(200);
			assertThat(proxy.requests()).hasSize(1);
		}
	}

	@Test
	void environmentProxyIsUsedWhenTrusted() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(null)) {
			assertThat(request(null, null, true, Map.of("https_proxy", "http://localhost:" + proxy.port())))
				.isEqualTo(200);
			assertThat(proxy.requests()).hasSize(1);
		}
	}

	@Test
	void environmentProxyIsIgnoredWhenNotTrusted() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(null)) {
			assertThat(request(null, null, false, Map.of("HTTPS_PROXY", "http://localhost:" + proxy.port())))
				.isEqualTo(200);
			assertThat(proxy.requests()).isEmpty();
		}
	}

	@Test
	void noProxySkipsTheEnvironmentProxy() throws Exception {
		try (TinyConnectProxy proxy = new TinyConnectProxy(null)) {
			Map<String, String> env = Map.of("HTTPS_PROXY", "http://localhost:" + proxy.port(), "NO_PROXY",
					"example.com,localhost");
			assertThat(request(null, null, true, env)).isEqualTo(200);
			assertThat(proxy.requests()).isEmpty();
		}
	}

	@Test
	void noProxyRules() {
		assertThat(ProxySettings.bypass("*", "anything", 443)).isTrue();
		assertThat(ProxySettings.bypass("example.com", "example.com", 443)).isTrue();
		assertThat(ProxySettings.bypass("example.com", "api.example.com", 443)).isTrue();
		assertThat(ProxySettings.bypass(".example.com", "api.example.com", 443)).isTrue();
		assertThat(ProxySettings.bypass("example.com", "notexample.com", 443)).isFalse();
		assertThat(ProxySettings.bypass("example.com:6443", "example.com", 6443)).isTrue();
		assertThat(ProxySettings.bypass("example.com:6443", "example.com", 443)).isFalse();
		assertThat(ProxySettings.bypass("10.0.0.0/8", "10.96.0.1", 443)).isTrue();
		assertThat(ProxySettings.bypass("10.0.0.0/8", "192.168.0.1", 443)).isFalse();
		assertThat(ProxySettings.bypass("10.0.0.0/8", "ten.example", 443)).isFalse();
		assertThat(ProxySettings.bypass("fd00::/8", "[fd00::1]", 443)).isTrue();
		assertThat(ProxySettings.bypass(" , other.org ", "example.com", 443)).isFalse();
	}

	@Test
	void proxyUrlsAreParsed() {
		assertThat(ProxySettings.parse("socks5://u:p@proxy.local", "f")).isEqualTo(
				new ProxySettings(ProxyProvider.Proxy.SOCKS5, false, "proxy.local", 1080, "u", "p"));
		assertThat(ProxySettings.parse("https://proxy.local", "f"))
			.isEqualTo(new ProxySettings(ProxyProvider.Proxy.HTTP, true, "proxy.local", 443, null, null));
		assertThat(ProxySettings.parse("proxy.local:3128", "f"))
			.isEqualTo(new ProxySettings(ProxyProvider.Proxy.HTTP, false, "proxy.local", 3128, null, null));
		assertThat(ProxySettings.select(URI.create("http://api:80"), null, "f", null, true,
				Map.of("HTTP_PROXY", "http://plain:8080", "HTTPS_PROXY", "http://secure:8443")).host())
			.isEqualTo("plain");
	}

	@Test
	void unsupportedProxySchemeIsAConfigurationError() {
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> request("ftp://user:secret-proxy-password@proxy.local", null, false, Map.of()))
			.withMessageContaining("proxy-url of cluster 'test-cluster'")
			.withMessageContaining("ftp")
			.withMessageNotContaining("secret-proxy-password");
	}

	@Test
	void proxyPasswordIsMaskedInToString() {
		assertThat(ProxySettings.parse("http://u:secret-proxy-password@proxy.local:3128", "f").toString())
			.doesNotContain("secret-proxy-password")
			.contains("proxy.local");
	}

	private static int request(String proxyUrl, String explicitProxy, boolean trustEnv, Map<String, String> env) {
		Cluster cluster = new Cluster(TestCluster.url(server), null, TestPki.bytes(pki.ca().certificatePem()), false,
				null, proxyUrl, false);
		var settings = new TransportSettings(Timeouts.DEFAULT, trustEnv, explicitProxy, false, UnaryOperator.identity(),
				(builder) -> {
				});
		try (KubeTransport transport = KubeTransport.create(TestCluster.config(cluster, User.ANONYMOUS), settings, env,
				() -> false)) {
			return TestCluster.get(transport, "/version");
		}
	}

	private static SSLContext tls(TestPki.Issued certificate) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("key", certificate.keyPair().getPrivate(), TestPki.STORE_PASSWORD,
				new java.security.cert.X509Certificate[] { certificate.certificate() });
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, TestPki.STORE_PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

}
