package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class KubeClientErrorTests extends WireMockTestSupport {

	private static ConfigMap configMap() {
		return new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().build();
	}

	@Test
	void applyConflictCarriesTheCauses() {
		this.server.stubFor(patch(urlPathEqualTo("/api/v1/namespaces/default/configmaps/cfg")).willReturn(aResponse()
			.withStatus(409).withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Apply failed with 1 "
					+ "conflict: conflict with \\\"kubectl\\\": .data.k\",\"reason\":\"Conflict\",\"details\":{\"causes\":"
					+ "[{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"kubectl\\\"\",\"field\":\".data.k\"}]},"
					+ "\"code\":409}")));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.client.apply(configMap(), WriteOptions.defaults().withFieldManager("me")))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(409);
				assertThat(ex.reason()).isEqualTo("Conflict");
				assertThat(ex.verb()).isEqualTo("apply");
				assertThat(ex.causes()).singleElement().satisfies((cause) -> {
					assertThat(cause.getField()).isEqualTo(".data.k");
					assertThat(cause.getReason()).isEqualTo("FieldManagerConflict");
				});
			})
			.withMessageContaining(".data.k: conflict with \"kubectl\" (FieldManagerConflict)");
	}

	@Test
	void invalidObjectCarriesTheFieldCauses() {
		this.server.stubFor(post("/api/v1/namespaces/default/configmaps").willReturn(aResponse().withStatus(422)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"ConfigMap \\\"Bad\\\" is "
					+ "invalid\",\"reason\":\"Invalid\",\"details\":{\"name\":\"Bad\",\"kind\":\"ConfigMap\",\"causes\":[{\"reason\":"
					+ "\"FieldValueInvalid\",\"message\":\"Invalid value: \\\"Bad\\\"\",\"field\":\"metadata.name\"}]},\"code\":422}")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.client.create(configMap()))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(422);
				assertThat(ex.reason()).isEqualTo("Invalid");
				assertThat(ex.causes()).extracting((cause) -> cause.getField()).containsExactly("metadata.name");
			});
	}

	@Test
	void htmlErrorBodyStillGivesAUsefulMessage() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(aResponse().withStatus(500)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><body><h1>Internal Server Error</h1>\n<p>upstream broke</p></body></html>")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.client.get(Pod.class, "p"))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEqualTo(500);
				assertThat(ex.reason()).isEqualTo("InternalError");
			})
			.withMessageContaining("get /api/v1/namespaces/default/pods/p: 500 InternalError: HTTP 500 Internal Server Error")
			.withMessageContaining("<h1>Internal Server Error</h1> <p>upstream broke</p>");
	}

	@Test
	void connectionRefusedNamesTheServer() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		String server = "http://127.0.0.1:" + port;
		try (KubeClient offline = KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(server), User.ANONYMOUS, null))
			.build()) {
			assertThatExceptionOfType(KubeException.class).isThrownBy(() -> offline.get(Pod.class, "p"))
				.isNotInstanceOf(ApiException.class)
				.withMessageStartingWith("Cannot connect to the Kubernetes API server at " + server
						+ " (get /api/v1/namespaces/default/pods/p)");
		}
	}

	@Test
	void retryAfterIsHonouredForWritesAndTheBodyIsResent() {
		this.server.stubFor(post("/api/v1/namespaces/default/configmaps").inScenario("busy")
			.whenScenarioStateIs(STARTED).willSetStateTo("ready")
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
				.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"reason\":\"TooManyRequests\",\"code\":429}")));
		this.server.stubFor(post("/api/v1/namespaces/default/configmaps").inScenario("busy")
			.whenScenarioStateIs("ready").willReturn(okJson("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"}}")));
		assertThat(this.client.create(configMap()).getMetadata().getName()).isEqualTo("cfg");
		this.server.verify(2, postRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps"))
			.withRequestBody(equalToJson("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"}}")));
	}

	@Test
	void retryAfterRetriesAreBoundedByMaxRetries() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p")
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0").withBody("busy")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.client.get(Pod.class, "p"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(503));
		this.server.verify(3, getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p")));
	}

	@Test
	void noRetryWithoutRetryAfterOrWhenDisabled() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(aResponse().withStatus(503)));
		this.server.stubFor(get("/api/v1/namespaces/default/pods/q")
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.client.get(Pod.class, "p"));
		this.server.verify(1, getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p")));
		try (KubeClient noRetries = builder().maxRetries(0).build()) {
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> noRetries.get(Pod.class, "q"));
		}
		this.server.verify(1, getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/q")));
	}

	@Test
	void brokenConnectionIsRetriedForGetOnly() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").inScenario("reset")
			.whenScenarioStateIs(STARTED).willSetStateTo("fine")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").inScenario("reset")
			.whenScenarioStateIs("fine").willReturn(okJson("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}")));
		assertThat(this.client.get(Pod.class, "p").getMetadata().getName()).isEqualTo("p");
		this.server.verify(2, getRequestedFor(urlEqualTo("/api/v1/namespaces/default/pods/p")));

		this.server.stubFor(post("/api/v1/namespaces/default/configmaps")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThatExceptionOfType(KubeException.class).isThrownBy(() -> this.client.create(configMap()))
			.withMessageContaining("/api/v1/namespaces/default/configmaps");
		this.server.verify(1, postRequestedFor(urlEqualTo("/api/v1/namespaces/default/configmaps")));
	}

	@Test
	void reactiveErrorsArriveAsSignals() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/p").willReturn(aResponse().withStatus(404)));
		StepVerifier.create(this.client.reactive().get(Pod.class, "p"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiException.class)
				.hasMessage("get /api/v1/namespaces/default/pods/p: 404 NotFound: HTTP 404 Not Found"))
			.verify();
	}

}
