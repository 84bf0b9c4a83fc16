package dev.lightkube.autoconfigure.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.WireMockSupport;
import dev.lightkube.health.KubeHealthIndicator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KubeHealthContributorAutoConfigurationTests extends WireMockSupport {

	private static final String VERSION = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.4\"}";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LightkubeAutoConfiguration.class, KubeHealthContributorAutoConfiguration.class));

	@Test
	void runShouldCreateTheKubeIndicator() {
		this.runner.withPropertyValues(serverProperty())
			.run((context) -> assertThat(context).hasSingleBean(KubeHealthIndicator.class)
				.hasBean("kubeHealthIndicator"));
	}

	@Test
	void runWhenIndicatorIsDisabledShouldNotCreateIt() {
		this.runner.withPropertyValues(serverProperty(), "management.health.kube.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KubeHealthIndicator.class));
	}

	@Test
	void runWhenHealthIsNotOnTheClasspathShouldNotCreateIt() {
		this.runner.withPropertyValues(serverProperty())
			.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KubeHealthIndicator.class));
	}

	@Test
	void healthWhenReadyShouldBeUpWithDetailsAndNoCredentials() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(200).withBody("ok")));
		this.server.stubFor(get("/version").willReturn(okJson(VERSION)));
		this.runner.withPropertyValues(serverProperty(), "lightkube.token=hunter2-token", "lightkube.namespace=shop")
			.run((context) -> {
				Health health = health(context.getBean(KubeHealthIndicator.class));
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("server", this.server.baseUrl())
					.containsEntry("context", "lightkube-properties")
					.containsEntry("namespace", "shop")
					.containsEntry("serverVersion", "v1.32.4")
					.containsKey("roundTripMillis");
				assertThat(health.toString()).doesNotContain("hunter2-token");
			});
	}

	@Test
	void healthIsCheckedLiveOnEveryCall() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(200).withBody("ok")));
		this.server.stubFor(get("/version").willReturn(okJson(VERSION)));
		this.runner.withPropertyValues(serverProperty()).run((context) -> {
			KubeHealthIndicator indicator = context.getBean(KubeHealthIndicator.class);
			health(indicator);
			health(indicator);
			this.server.verify(2, getRequestedFor(urlEqualTo("/readyz")));
		});
	}

	@Test
	void healthWhenReadyzIsForbiddenShouldFallBackToVersion() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":403,\"reason\":\"Forbidden\"}")));
		this.server.stubFor(get("/version").willReturn(okJson(VERSION)));
		this.runner.withPropertyValues(serverProperty()).run((context) -> {
			Health health = health(context.getBean(KubeHealthIndicator.class));
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("serverVersion", "v1.32.4");
		});
	}

	@Test
	void healthWhenServerFailsShouldBeDownWithTheStatusCode() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(500).withBody("etcd failed")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.retry.enabled=false").run((context) -> {
			Health health = health(context.getBean(KubeHealthIndicator.class));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("status", 500).containsKey("error");
		});
	}

	@Test
	void healthWhenUnauthorizedShouldBeDownWithoutTheToken() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.token=hunter2-token").run((context) -> {
			Health health = health(context.getBean(KubeHealthIndicator.class));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("status", 401);
			assertThat(health.toString()).doesNotContain("hunter2-token");
		});
	}

	@Test
	void healthWhenServerIsSlowShouldBeDownAfterTheHealthTimeout() {
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(5_000)));
		this.runner.withPropertyValues(serverProperty(), "lightkube.health.timeout=200ms").run((context) -> {
			Health health = health(context.getBean(KubeHealthIndicator.class));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("error").toString()).contains("no answer within");
		});
	}

	@Test
	void healthWhenServerIsUnreachableShouldBeDown() {
		this.runner.withPropertyValues("lightkube.server=http://127.0.0.1:1").run((context) -> {
			Health health = health(context.getBean(KubeHealthIndicator.class));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("error").toString()).contains("Cannot connect");
		});
	}

	@Test
	void healthWhenTheServerUrlHoldsAPasswordShouldShowItInNoDetail() {
		String password = "pw-in-url-5c1d";
		this.server.stubFor(get("/readyz").willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
		for (String server : new String[] { "http://admin:" + password + "@127.0.0.1:1",
				this.server.baseUrl().replace("://", "://admin:" + password + "@") }) {
			this.runner.withPropertyValues("lightkube.server=" + server, "lightkube.retry.enabled=false")
				.run((context) -> {
					Health health = health(context.getBean(KubeHealthIndicator.class));
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails()).containsKey("error");
					assertThat(health.getDetails().toString()).doesNotContain(password);
					assertThat(context.getBean(ReactiveKubeClient.class).toString()).doesNotContain(password);
				});
		}
	}

	private static Health health(KubeHealthIndicator indicator) {
		return indicator.health().block(Duration.ofSeconds(30));
	}

}
