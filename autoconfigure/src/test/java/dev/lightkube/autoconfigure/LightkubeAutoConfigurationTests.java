package dev.lightkube.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeClient;
import dev.lightkube.KubeException;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import dev.lightkube.internal.http.ConnectionPools;
import dev.lightkube.internal.http.KubeTransport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.test.util.ReflectionTestUtils;
import reactor.netty.http.HttpProtocol;

class LightkubeAutoConfigurationTests extends WireMockSupport {

	/** The starter's singletons, all lazy: none is created until the application asks for the client. */
	private static final List<String> STARTER_BEANS = List.of("lightkubeProperties", "kubeConnectionDetails",
			"lightkubePropertiesKubeClientBuilderCustomizer", "reactiveKubeClient", "kubeClient",
			"kubeSharedInformerFactory", LightkubeAutoConfiguration.class.getName());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class));

	@TempDir
	Path dir;

	@Test
	void runWhenServerIsSetShouldCreateBothClientsSharingTheReactiveCore() {
		this.runner.withPropertyValues(serverProperty()).run((context) -> {
			assertThat(context).hasSingleBean(KubeClient.class).hasSingleBean(ReactiveKubeClient.class);
			assertThat(context.getBean(KubeClient.class).reactive()).isSameAs(context.getBean(ReactiveKubeClient.class));
			assertThat(context.getBean(KubeClient.class).config().cluster().server()).isEqualTo(this.server.baseUrl());
		});
	}

	@Test
	void runWhenTokenIsSetShouldSendIt() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.token=t0ken").run((context) -> {
			context.getBean(KubeClient.class).get(Pod.class, "a");
			this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/pods/a"))
				.withHeader("Authorization", equalTo("Bearer t0ken")));
		});
	}

	@Test
	void runWhenNamespaceIsSetShouldAddressIt() {
		this.server.stubFor(get("/api/v1/namespaces/team/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.namespace=team").run((context) -> {
			assertThat(context.getBean(KubeClient.class).namespace()).isEqualTo("team");
			context.getBean(KubeClient.class).get(Pod.class, "a");
			this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/team/pods/a")));
		});
	}

	@Test
	void runWhenApplicationNameIsSetShouldUseItAsFieldManagerForApply() {
		this.server.stubFor(patch(urlPathEqualTo("/api/v1/namespaces/default/configmaps/c"))
			.willReturn(okJson("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"}}")));
		this.runner.withPropertyValues(serverProperty(), "spring.application.name=orders").run((context) -> {
			KubeClient client = context.getBean(KubeClient.class);
			assertThat(client.fieldManager()).isEqualTo("orders");
			client.apply(configMap("c"));
			this.server.verify(patchRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/configmaps/c"))
				.withQueryParam("fieldManager", equalTo("orders")));
		});
	}

	@Test
	void runWhenFieldManagerAndDryRunAreSetShouldSendThemWithEveryWrite() {
		this.server.stubFor(patch(urlPathEqualTo("/api/v1/namespaces/default/configmaps/c"))
			.willReturn(okJson("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"}}")));
		this.runner
			.withPropertyValues(serverProperty(), "spring.application.name=orders", "lightkube.field-manager=ops",
					"lightkube.dry-run=true")
			.run((context) -> {
				KubeClient client = context.getBean(KubeClient.class);
				assertThat(client.dryRun()).isTrue();
				client.apply(configMap("c"));
				this.server.verify(patchRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/configmaps/c"))
					.withQueryParam("fieldManager", equalTo("ops"))
					.withQueryParam("dryRun", equalTo("All")));
			});
	}

	@Test
	void runWhenLazyIsFalseShouldConfigureTheClient() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.lazy=false")
			.run((context) -> assertThat(context.getBean(ReactiveKubeClient.class).lazy()).isFalse());
	}

	@Test
	void runWhenRetryMaxRetriesIsSetShouldRetryThatOften() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a")
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.retry.max-retries=2").run((context) -> {
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> context.getBean(KubeClient.class).get(Pod.class, "a"));
			this.server.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/pods/a")));
		});
	}

	@Test
	void runWhenRetryIsDisabledShouldNotRetry() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a")
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.retry.enabled=false").run((context) -> {
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> context.getBean(KubeClient.class).get(Pod.class, "a"));
			this.server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/pods/a")));
		});
	}

	@Test
	void runWhenReadTimeoutIsShortShouldGiveUpOnASlowServer() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a")
			.willReturn(okJson("{\"kind\":\"Pod\"}").withFixedDelay(3_000)));
		this.runner.withPropertyValues(serverProperty(), "lightkube.timeout.read=200ms", "lightkube.retry.enabled=false")
			.run((context) -> assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> context.getBean(KubeClient.class).get(Pod.class, "a"))
				.withMessageContaining("Timed out"));
	}

	@Test
	void runWhenWatchServerTimeoutIsSetShouldSendIt() {
		this.server.stubFor(get(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
			.willReturn(aResponse().withStatus(200).withBody("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\","
					+ "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"3\"}}}\n")));
		this.runner.withPropertyValues(serverProperty(), "lightkube.watch.server-timeout=45s").run((context) -> {
			context.getBean(ReactiveKubeClient.class).watch(ConfigMap.class).blockFirst(Duration.ofSeconds(10));
			this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/configmaps"))
				.withQueryParam("timeoutSeconds", equalTo("45")));
		});
	}

	@Test
	void runWhenProxyIsSetShouldSendRequestsThroughIt() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods/a").willReturn(okJson("{\"kind\":\"Pod\"}")));
		this.runner
			.withPropertyValues("lightkube.server=http://kube.invalid:6443", "lightkube.proxy=" + this.server.baseUrl())
			.run((context) -> {
				context.getBean(KubeClient.class).get(Pod.class, "a");
				this.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/default/pods/a"))
					.withHeader("Host", equalTo("kube.invalid:6443")));
			});
	}

	@Test
	void runWhenHttp2IsSetShouldOfferItOverTls() {
		List<HttpProtocol> offered = new CopyOnWriteArrayList<>();
		KubeClientBuilderCustomizer recorder = (builder) -> builder.httpClient((client) -> {
			offered.addAll(List.of(client.configuration().protocols()));
			return client;
		});
		// HTTP/2 is negotiated with ALPN, so only a TLS server gets it offered. The HTTP clients are built on the
		// first request (here refused: nothing listens on port 1).
		this.runner.withPropertyValues("lightkube.server=https://127.0.0.1:1", "lightkube.http2=true")
			.withBean(KubeClientBuilderCustomizer.class, () -> recorder)
			.run((context) -> {
				assertThat(offered).isEmpty();
				firstRequest(context.getBean(KubeClient.class));
				assertThat(offered).contains(HttpProtocol.H2);
			});
		offered.clear();
		this.runner.withPropertyValues("lightkube.server=https://127.0.0.1:1", "lightkube.http2=false")
			.withBean(KubeClientBuilderCustomizer.class, () -> recorder)
			.run((context) -> {
				firstRequest(context.getBean(KubeClient.class));
				assertThat(offered).isNotEmpty().doesNotContain(HttpProtocol.H2);
			});
		// HTTP/2 is offered by default, as client-go does.
		offered.clear();
		this.runner.withPropertyValues("lightkube.server=https://127.0.0.1:1")
			.withBean(KubeClientBuilderCustomizer.class, () -> recorder)
			.run((context) -> {
				firstRequest(context.getBean(KubeClient.class));
				assertThat(offered).contains(HttpProtocol.H2);
			});
	}

	@Test
	void runWhenConnectionPropertiesAreSetShouldSizeThePools() {
		this.runner.withPropertyValues(serverProperty()).run((context) -> assertThat(pools(context))
			.isEqualTo(new ConnectionPools(64, 1024, -1)));
		this.runner.withPropertyValues(serverProperty(), "lightkube.connections.request-pool-size=7",
				"lightkube.connections.stream-pool-size=300", "lightkube.connections.max-pending-acquires=12")
			.run((context) -> assertThat(pools(context)).isEqualTo(new ConnectionPools(7, 300, 12)));
	}

	@Test
	void runWhenAPoolIsExhaustedTheErrorNamesItsProperty() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.connections.request-pool-size=3")
			.run((context) -> assertThat(transport(context).exhausted(KubeTransport.REQUEST_POOL)).contains("3 connections")
				.contains("lightkube.connections.request-pool-size"));
	}

	private static ConnectionPools pools(AssertableApplicationContext context) {
		return transport(context).settings().pools();
	}

	// The client's transport is internal (ReactiveKubeClient has no public accessor for it): reach it reflectively.
	private static KubeTransport transport(AssertableApplicationContext context) {
		return (KubeTransport) ReflectionTestUtils.getField(context.getBean(ReactiveKubeClient.class), "transport");
	}

	private static void firstRequest(KubeClient client) {
		assertThatExceptionOfType(KubeException.class).isThrownBy(() -> client.get(Pod.class, "a"));
	}

	@Test
	void runWhenKubeconfigAndContextAreSetShouldUseThem() throws Exception {
		Path kubeconfig = this.dir.resolve("config");
		Files.writeString(kubeconfig, """
				apiVersion: v1
				kind: Config
				current-context: other
				clusters:
				- {name: mock, cluster: {server: "%s"}}
				- {name: other, cluster: {server: "https://other.invalid"}}
				contexts:
				- {name: mock, context: {cluster: mock, namespace: from-context}}
				- {name: other, context: {cluster: other}}
				""".formatted(this.server.baseUrl()));
		this.runner.withPropertyValues("lightkube.kubeconfig=" + kubeconfig, "lightkube.context=mock")
			.run((context) -> {
				KubeClient client = context.getBean(KubeClient.class);
				assertThat(client.config().cluster().server()).isEqualTo(this.server.baseUrl());
				assertThat(client.namespace()).isEqualTo("from-context");
			});
	}

	@Test
	void runWhenUserDefinesConnectionDetailsShouldUseThem() {
		this.runner.withUserConfiguration(ConnectionDetailsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(KubeConnectionDetails.class);
			assertThat(context).doesNotHaveBean(PropertiesKubeConnectionDetails.class);
			assertThat(context.getBean(KubeClient.class).config().cluster().server()).isEqualTo("https://custom.invalid");
		});
	}

	@Test
	void runWhenUserDefinesAClientShouldBackOff() {
		this.runner.withPropertyValues(serverProperty()).withUserConfiguration(UserClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ReactiveKubeClient.class);
				assertThat(context.getBean(ReactiveKubeClient.class).namespace()).isEqualTo("mine");
			});
	}

	@Test
	void runWhenClientIsNotOnTheClasspathShouldNotCreateBeans() {
		this.runner.withPropertyValues(serverProperty())
			.withClassLoader(new FilteredClassLoader(ReactiveKubeClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KubeClient.class));
	}

	@Test
	void runShouldApplyCustomizersInOrder() {
		this.runner.withPropertyValues(serverProperty()).withUserConfiguration(CustomizersConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(KubeClient.class).namespace()).isEqualTo("second");
				assertThat(context.getBean(CustomizersConfiguration.class).calls).containsExactly("first", "second");
			});
	}

	@Test
	void runWhenKubeconfigIsBrokenShouldFailWithADescriptionAndAnAction() throws Exception {
		Path kubeconfig = this.dir.resolve("broken");
		Files.writeString(kubeconfig, """
				apiVersion: v1
				kind: Config
				current-context: prod
				clusters: [{name: prod, cluster: {server: "https://prod.invalid"}}]
				contexts: [{name: prod, context: {cluster: prod, user: admin}}]
				users: [{name: other, user: {token: very-secret}}]
				""");
		this.runner.withPropertyValues("lightkube.kubeconfig=" + kubeconfig)
			.withUserConfiguration(UsesTheClient.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				var analysis = new ConfigExceptionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(kubeconfig.toString(), "prod", "admin")
					.doesNotContain("very-secret");
				assertThat(analysis.getAction()).contains("lightkube.kubeconfig");
			});
	}

	@Test
	void runWithoutAnyUserOfTheClientBindsChecksAndBuildsNothingUntilAsked() {
		this.runner.withPropertyValues(serverProperty()).run((context) -> {
			assertThat(context).hasNotFailed();
			ConfigurableListableBeanFactory beans = context.getBeanFactory();
			assertThat(beans.getBeanNamesForType(KubeClient.class)).containsExactly("kubeClient");
			assertThat(beans.getBeanNamesForType(ReactiveKubeClient.class)).containsExactly("reactiveKubeClient");
			assertThat(STARTER_BEANS).noneMatch(beans::containsSingleton);
			KubeClient client = context.getBean(KubeClient.class);
			assertThat(client.config().cluster().server()).isEqualTo(this.server.baseUrl());
			assertThat(beans.containsSingleton("reactiveKubeClient")).isTrue();
			assertThat(beans.containsSingleton("lightkubeProperties")).isTrue();
			assertThat(this.server.getAllServeEvents()).isEmpty();
		});
	}

	@Test
	void runWhenTheConfigurationIsBrokenAndNothingUsesTheClientStartsAndFailsWhereTheClientIsFirstAsked()
			throws Exception {
		Path kubeconfig = this.dir.resolve("broken");
		Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: missing\n");
		this.runner.withPropertyValues("lightkube.kubeconfig=" + kubeconfig).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> context.getBean(KubeClient.class))
				.satisfies((ex) -> {
					var analysis = new ConfigExceptionFailureAnalyzer().analyze(ex);
					assertThat(analysis).as("the analysis a failed start-up would print").isNotNull();
					assertThat(analysis.getDescription()).contains(kubeconfig.toString(), "missing");
					assertThat(analysis.getAction()).contains("lightkube.kubeconfig");
				});
		});
	}

	@Test
	void runWhenServerDataIsNotBase64ShouldFailNamingTheProperty() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.client-key-data=%%%secret-key%%%")
			.withUserConfiguration(UsesTheClient.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				var analysis = new ConfigExceptionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("lightkube.client-key-data").doesNotContain("secret-key");
			});
	}

	private static ConfigMap configMap(String name) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionDetailsConfiguration {

		@Bean
		KubeConnectionDetails myConnectionDetails() {
			SingleConfig config = KubeConfig.fromServer(Cluster.of("https://custom.invalid"), User.ANONYMOUS, null).get();
			return () -> config;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean(destroyMethod = "close")
		ReactiveKubeClient myClient() {
			return ReactiveKubeClient.builder()
				.config(KubeConfig.fromServer("https://mine.invalid"))
				.namespace("mine")
				.buildReactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		KubeClientBuilderCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.namespace("second");
			};
		}

		@Bean
		@Order(1)
		KubeClientBuilderCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.namespace("first");
			};
		}

	}

}
