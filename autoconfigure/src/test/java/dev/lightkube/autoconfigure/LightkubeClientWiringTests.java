package dev.lightkube.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.KubeClientBuilder;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.autoconfigure.listener.KubeWatchAutoConfiguration;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.health.KubeHealthIndicator;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

/** The client builder bean, customizers that compose, and the client pair backing off together. */
class LightkubeClientWiringTests extends WireMockSupport {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
				KubeHealthContributorAutoConfiguration.class, KubeWatchAutoConfiguration.class));

	@Test
	void builderBeanIsANewBuilderWithThePropertiesOnEachInjection() {
		this.server.stubFor(get("/api/v1/namespaces/team/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.namespace=team").run((context) -> {
			KubeClientBuilder first = context.getBean(KubeClientBuilder.class);
			KubeClientBuilder second = context.getBean(KubeClientBuilder.class);
			assertThat(first).isNotSameAs(second);
			try (KubeClient another = first.build()) {
				assertThat(another).isNotSameAs(context.getBean(KubeClient.class));
				assertThat(another.namespace()).isEqualTo("team");
				another.get(Pod.class, "a");
			}
			this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/team/pods/a")));
		});
	}

	@Test
	void applicationCustomizersRunAfterThePropertiesAndComposeTheirHttpClientChanges() {
		this.server.stubFor(get("/api/v1/namespaces/mine/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.namespace=team")
			.withUserConfiguration(HeaderCustomizers.class)
			.run((context) -> {
				context.getBean(KubeClient.class).get(Pod.class, "a");
				this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/mine/pods/a"))
					.withHeader("X-One", equalTo("1"))
					.withHeader("X-Two", equalTo("2"))
					.withHeader("X-Three", equalTo("3")));
			});
	}

	@Test
	void userKubeClientAloneIsUsedEverywhereWithoutAPropertiesClient() {
		// No server property and no cluster to find: the auto-configured client would fail to start.
		this.runner.withPropertyValues("lightkube.trust-env=false", "lightkube.kubeconfig=/nonexistent/config")
			.withUserConfiguration(UserKubeClient.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KubeClient mine = context.getBean(KubeClient.class);
				assertThat(context).hasSingleBean(KubeClient.class).hasSingleBean(ReactiveKubeClient.class);
				assertThat(context.getBean(ReactiveKubeClient.class)).isSameAs(mine.reactive());
				assertThat(ReflectionTestUtils.getField(context.getBean(KubeHealthIndicator.class), "client"))
					.isSameAs(mine.reactive());
			});
	}

	@Test
	void userReactiveClientGetsABlockingFacadeOverIt() {
		this.runner.withUserConfiguration(UserReactiveClient.class).run((context) -> {
			assertThat(context).hasSingleBean(KubeClient.class).hasSingleBean(ReactiveKubeClient.class);
			assertThat(context.getBean(KubeClient.class).reactive())
				.isSameAs(context.getBean(ReactiveKubeClient.class));
		});
	}

	@Test
	void kubeconfigDataPropertyConnectsToItsCluster() {
		this.server.stubFor(get("/api/v1/namespaces/from-text/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.runner.withPropertyValues("lightkube.kubeconfig-data=" + kubeconfig()).run((context) -> {
			KubeClient client = context.getBean(KubeClient.class);
			assertThat(client.config().cluster().server()).isEqualTo(this.server.baseUrl());
			client.get(Pod.class, "a");
			this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/from-text/pods/a"))
				.withHeader("Authorization", equalTo("Bearer text-token")));
		});
	}

	@Test
	void kubeconfigTextConnectionDetailsConnectToItsCluster() {
		KubeConnectionDetails details = KubeConnectionDetails.fromKubeconfig(kubeconfig(), "kind");
		this.runner.withBean(KubeConnectionDetails.class, () -> details).run((context) -> {
			assertThat(context.getBean(KubeClient.class).config().cluster().server()).isEqualTo(this.server.baseUrl());
			assertThat(context.getBean(KubeClient.class).namespace()).isEqualTo("from-text");
		});
	}

	private String kubeconfig() {
		return """
				apiVersion: v1
				kind: Config
				current-context: kind
				clusters: [{name: kind, cluster: {server: "%s"}}]
				contexts: [{name: kind, context: {cluster: kind, user: admin, namespace: from-text}}]
				users: [{name: admin, user: {token: text-token}}]
				""".formatted(this.server.baseUrl());
	}

	@Configuration(proxyBeanMethods = false)
	static class HeaderCustomizers {

		@Bean
		KubeClientBuilderCustomizer one() {
			return (builder) -> builder.httpClient((http) -> http.headers((headers) -> headers.add("X-One", "1")));
		}

		@Bean
		KubeClientBuilderCustomizer two() {
			return (builder) -> builder.namespace("mine")
				.httpClient((http) -> http.headers((headers) -> headers.add("X-Two", "2")));
		}

		@Bean
		KubeClientBuilderCustomizer three() {
			return (builder) -> builder.webClient((web) -> web.defaultHeader("X-Three", "3"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKubeClient {

		@Bean(destroyMethod = "close")
		KubeClient myKubeClient() {
			return KubeClient.builder().config(KubeConfig.fromServer("https://mine.invalid")).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserReactiveClient {

		@Bean(destroyMethod = "close")
		ReactiveKubeClient myReactiveClient() {
			return ReactiveKubeClient.builder().config(KubeConfig.fromServer("https://mine.invalid")).buildReactive();
		}

	}

}
