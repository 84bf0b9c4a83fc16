package dev.lightkube.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lightkube.KubeClient;
import dev.lightkube.config.AuthProvider;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig {@code auth-provider: oidc} user, as kubectl's: WireMock is both the API server and the OIDC issuer
 * (discovery document and token endpoint).
 */
class OidcAuthProviderTests {

	private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"}}";

	private static final String PATH = "/api/v1/namespaces/default/configmaps/cfg";

	@TempDir
	Path dir;

	private WireMockServer server;

	@BeforeEach
	void start() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.server.stubFor(get("/issuer/.well-known/openid-configuration").willReturn(okJson("{\"issuer\":\""
				+ this.server.baseUrl() + "/issuer\",\"token_endpoint\":\"" + this.server.baseUrl() + "/issuer/token\"}")));
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void aValidIdTokenIsTheBearerTokenWithoutAskingTheIssuer() throws Exception {
		String idToken = jwt(Instant.now().plusSeconds(3600));
		this.server.stubFor(get(PATH).willReturn(okJson(CONFIG_MAP)));
		try (KubeClient client = KubeClient.builder().kubeconfig(kubeconfig(idToken, "refresh-1", true)).build()) {
			client.get(ConfigMap.class, "cfg");
		}
		this.server.verify(getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + idToken)));
		this.server.verify(0, getRequestedFor(urlEqualTo("/issuer/.well-known/openid-configuration")));
	}

	@Test
	void anExpiredIdTokenIsRefreshedAtTheDiscoveredEndpointAndWrittenBack() throws Exception {
		String fresh = jwt(Instant.now().plusSeconds(3600));
		this.server.stubFor(post("/issuer/token").willReturn(okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\","
				+ "\"id_token\":\"" + fresh + "\",\"refresh_token\":\"refresh-2\"}")));
		this.server.stubFor(get(PATH).willReturn(okJson(CONFIG_MAP)));
		Path file = kubeconfig(jwt(Instant.now().minusSeconds(60)), "refresh-1", true);
		try (KubeClient client = KubeClient.builder().kubeconfig(file).build()) {
			client.get(ConfigMap.class, "cfg");
		}
		this.server.verify(postRequestedFor(urlEqualTo("/issuer/token"))
			.withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
			.withHeader("Authorization", equalTo("Basic " + base64("kube-client:client-secret-value")))
			.withRequestBody(equalTo("grant_type=refresh_token&refresh_token=refresh-1")));
		this.server.verify(getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + fresh)));
		// Written back as kubectl does: the next process starts with the new tokens; the other users are untouched.
		KubeConfig reread = KubeConfig.fromFile(file);
		AuthProvider provider = reread.users().get("oidc").authProvider();
		assertThat(provider.config()).containsEntry("id-token", fresh)
			.containsEntry("refresh-token", "refresh-2")
			.containsEntry("client-id", "kube-client");
		assertThat(reread.users().get("other").token()).isEqualTo("other-token");
		assertThat(reread.currentContext()).isEqualTo("oidc");
	}

	@Test
	void aPublicClientSendsItsIdInTheForm() throws Exception {
		this.server.stubFor(post("/issuer/token").willReturn(okJson("{\"id_token\":\""
				+ jwt(Instant.now().plusSeconds(3600)) + "\"}")));
		this.server.stubFor(get(PATH).willReturn(okJson(CONFIG_MAP)));
		Path file = kubeconfig(null, "refresh-1", false);
		try (KubeClient client = KubeClient.builder().kubeconfig(file).build()) {
			client.get(ConfigMap.class, "cfg");
		}
		this.server.verify(postRequestedFor(urlEqualTo("/issuer/token"))
			.withoutHeader("Authorization")
			.withRequestBody(equalTo("grant_type=refresh_token&refresh_token=refresh-1&client_id=kube-client")));
		// no new refresh token in the answer: the old one is kept
		assertThat(KubeConfig.fromFile(file).users().get("oidc").authProvider().config())
			.containsEntry("refresh-token", "refresh-1");
	}

	@Test
	void a401RefreshesOnceAndSendsAgain() throws Exception {
		String first = jwt(Instant.now().plusSeconds(3600));
		String second = jwt(Instant.now().plusSeconds(7200));
		this.server.stubFor(post("/issuer/token").willReturn(okJson("{\"id_token\":\"" + second + "\"}")));
		this.server.stubFor(get(PATH).withHeader("Authorization", equalTo("Bearer " + first))
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":"
						+ "\"Unauthorized\",\"code\":401}")));
		this.server.stubFor(get(PATH).withHeader("Authorization", equalTo("Bearer " + second))
			.willReturn(okJson(CONFIG_MAP)));
		try (KubeClient client = KubeClient.builder().kubeconfig(kubeconfig(first, "refresh-1", true)).build()) {
			assertThat(client.get(ConfigMap.class, "cfg").getMetadata().getName()).isEqualTo("cfg");
		}
		this.server.verify(1, postRequestedFor(urlEqualTo("/issuer/token")));
	}

	@Test
	void concurrentCallersShareOneRefresh() throws Exception {
		this.server.stubFor(post("/issuer/token").willReturn(okJson("{\"id_token\":\""
				+ jwt(Instant.now().plusSeconds(3600)) + "\"}").withFixedDelay(200)));
		this.server.stubFor(get(PATH).willReturn(okJson(CONFIG_MAP)));
		try (KubeClient client = KubeClient.builder()
			.kubeconfig(kubeconfig(jwt(Instant.now().minusSeconds(60)), "refresh-1", true))
			.build()) {
			List<CompletableFuture<ConfigMap>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> client.get(ConfigMap.class, "cfg")));
			}
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
		}
		this.server.verify(1, postRequestedFor(urlEqualTo("/issuer/token")));
		this.server.verify(20, getRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aRefusedRefreshFailsWithTheOAuthErrorAndNoSecret() throws Exception {
		this.server.stubFor(post("/issuer/token").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"invalid_grant\",\"error_description\":\"refresh-1 is revoked\"}")));
		try (KubeClient client = KubeClient.builder()
			.kubeconfig(kubeconfig(jwt(Instant.now().minusSeconds(60)), "refresh-1", true))
			.build()) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> client.get(ConfigMap.class, "cfg"))
				.withMessageContainingAll("user 'oidc'", "HTTP 400 (invalid_grant)", "/issuer/token", "log in again")
				.withMessageNotContaining("refresh-1")
				.withMessageNotContaining("client-secret-value");
		}
		this.server.verify(0, getRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void anExpiredIdTokenWithoutRefreshTokenFailsBeforeAnyRequest() throws Exception {
		try (KubeClient client = KubeClient.builder()
			.kubeconfig(kubeconfig(jwt(Instant.now().minusSeconds(60)), null, true))
			.build()) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> client.get(ConfigMap.class, "cfg"))
				.withMessageContaining("no refresh-token");
		}
		this.server.verify(0, getRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void theIssuerIsAskedAgainAfterAFailedDiscovery() throws Exception {
		this.server.stubFor(get("/issuer/.well-known/openid-configuration").inScenario("discovery")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		this.server.stubFor(get("/issuer/.well-known/openid-configuration").inScenario("discovery")
			.whenScenarioStateIs("up")
			.willReturn(okJson("{\"token_endpoint\":\"" + this.server.baseUrl() + "/issuer/token\"}")));
		this.server.stubFor(post("/issuer/token").willReturn(okJson("{\"id_token\":\""
				+ jwt(Instant.now().plusSeconds(3600)) + "\"}")));
		this.server.stubFor(get(PATH).willReturn(okJson(CONFIG_MAP)));
		try (KubeClient client = KubeClient.builder()
			.kubeconfig(kubeconfig(jwt(Instant.now().minusSeconds(60)), "refresh-1", true))
			.build()) {
			assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> client.get(ConfigMap.class, "cfg"))
				.withMessageContaining("HTTP 503");
			client.get(ConfigMap.class, "cfg");
		}
		this.server.verify(postRequestedFor(urlEqualTo("/issuer/token")).withRequestBody(containing("refresh-1")));
	}

	private Path kubeconfig(String idToken, String refreshToken, boolean secret) throws Exception {
		String yaml = """
				apiVersion: v1
				kind: Config
				current-context: oidc
				clusters:
				- name: c
				  cluster:
				    server: %s
				contexts:
				- name: oidc
				  context: {cluster: c, user: oidc, namespace: default}
				- name: other
				  context: {cluster: c, user: other}
				users:
				- name: other
				  user:
				    token: other-token
				- name: oidc
				  user:
				    auth-provider:
				      name: oidc
				      config:
				        idp-issuer-url: %s/issuer
				        client-id: kube-client
				""".formatted(this.server.baseUrl(), this.server.baseUrl());
		if (secret) {
			yaml += "        client-secret: client-secret-value\n";
		}
		if (idToken != null) {
			yaml += "        id-token: " + idToken + "\n";
		}
		if (refreshToken != null) {
			yaml += "        refresh-token: " + refreshToken + "\n";
		}
		Path file = this.dir.resolve("config");
		Files.writeString(file, yaml);
		return file;
	}

	private static String jwt(Instant expiry) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(("{\"iss\":\"issuer\",\"exp\":" + expiry.getEpochSecond() + "}")
					.getBytes(StandardCharsets.UTF_8))
				+ ".c2lnbmF0dXJl";
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
