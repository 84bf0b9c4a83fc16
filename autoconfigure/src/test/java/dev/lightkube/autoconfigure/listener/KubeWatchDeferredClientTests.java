package dev.lightkube.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.autoconfigure.leader.LeaderElectionAutoConfiguration;
import dev.lightkube.autoconfigure.metrics.LightkubeObservationAutoConfiguration;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.listener.KubeWatchContainer;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.ListenerMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listener infrastructure builds the client only for a listener: a context without {@code @KubeWatch} methods
 * (initialised eagerly, or lazily with {@code spring.main.lazy-initialization}) starts without binding the
 * properties or building the client, its informer factory or its connections.
 */
class KubeWatchDeferredClientTests {

	private static final String[] CLIENT_BEANS = { "reactiveKubeClient", "kubeClient", "kubeSharedInformerFactory",
			"kubeClientBuilder", "lightkubeProperties" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
				LightkubeObservationAutoConfiguration.class, KubeHealthContributorAutoConfiguration.class,
				KubeWatchAutoConfiguration.class, LeaderElectionAutoConfiguration.class))
		.withPropertyValues("lightkube.server=http://127.0.0.1:6443");

	@Test
	void aContextWithoutListenersStartsWithoutBindingThePropertiesOrBuildingTheClient() {
		// The health indicator (its classes are on this class path) would use the client.
		this.runner.withPropertyValues("management.health.kube.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
			assertThat(registry.isRunning()).isTrue();
			for (String name : CLIENT_BEANS) {
				assertThat(context.getBeanFactory().containsSingleton(name)).as(name).isFalse();
			}
			// The registry's settings come from the properties, bound when first asked for.
			assertThat(registry.getSettings().queueCapacity()).isEqualTo(256);
			assertThat(context.getBeanFactory().containsSingleton("lightkubeProperties")).isTrue();
			assertThat(context.getBeanFactory().containsSingleton("reactiveKubeClient")).isFalse();
		});
	}

	@Test
	void aLazyContextWithoutListenersStartsWithoutBuildingTheClient() {
		this.runner.withInitializer((context) -> context
			.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor())).run((context) -> {
				assertThat(context).hasNotFailed();
				for (String name : CLIENT_BEANS) {
					assertThat(context.getBeanFactory().containsSingleton(name)).as(name).isFalse();
				}
				// The registry is a lifecycle bean, started with the context; it has not asked for the factory.
				assertThat(context.getBean(KubeWatchListenerRegistry.class).isRunning()).isTrue();
				for (String name : CLIENT_BEANS) {
					assertThat(context.getBeanFactory().containsSingleton(name)).as(name).isFalse();
				}
				// Built on first use, as any lazy bean.
				KubeClient client = context.getBean(KubeClient.class);
				assertThat(client.reactive()).isSameAs(context.getBean(ReactiveKubeClient.class));
				assertThat(context.getBean(KubeWatchListenerRegistry.class).getInformerFactory())
					.isSameAs(context.getBean(SharedInformerFactory.class));
			});
	}

	@Test
	void aLazyContextStillBuildsTheClientForAnEagerListener() {
		this.runner.withInitializer((context) -> context
			.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.withUserConfiguration(EagerListenerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				assertThat(registry.getListenerContainerIds()).containsExactly("configMaps");
				assertThat(context.getBeanFactory().containsSingleton("kubeSharedInformerFactory")).isTrue();
				assertThat(context.getBeanFactory().containsSingleton("reactiveKubeClient")).isTrue();
			});
	}

	@Test
	void theRegistryAsksForTheInformerFactoryAndSettingsOnceAndOnlyWhenNeeded() {
		AtomicInteger asked = new AtomicInteger();
		AtomicInteger settingsAsked = new AtomicInteger();
		KubeWatchContainer.ContainerSettings settings = new KubeWatchContainer.ContainerSettings(4,
				Duration.ofMinutes(1), Duration.ofSeconds(10));
		try (ReactiveKubeClient client = ReactiveKubeClient.builder()
			.config(dev.lightkube.config.KubeConfig.fromServer(dev.lightkube.config.Cluster.of("http://127.0.0.1:6443"),
					dev.lightkube.config.User.ANONYMOUS, "default"))
			.buildReactive(); SharedInformerFactory factory = new SharedInformerFactory(client)) {
			KubeWatchListenerRegistry registry = new KubeWatchListenerRegistry(() -> {
				asked.incrementAndGet();
				return factory;
			}, () -> {
				settingsAsked.incrementAndGet();
				return settings;
			}, ListenerMetrics.NOOP);
			registry.start();
			assertThat(registry.describe()).isEmpty();
			assertThat(registry.isUnhealthy()).isFalse();
			assertThat(registry.getListenerContainerIds()).isEmpty();
			registry.stop();
			assertThat(asked).hasValue(0);
			assertThat(settingsAsked).hasValue(0);
			assertThat(registry.getInformerFactory()).isSameAs(factory);
			assertThat(registry.getInformerFactory()).isSameAs(factory);
			assertThat(asked).hasValue(1);
			assertThat(registry.getSettings()).isSameAs(settings);
			assertThat(registry.getSettings()).isSameAs(settings);
			assertThat(settingsAsked).hasValue(1);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class EagerListenerConfiguration {

		@Bean
		@org.springframework.context.annotation.Lazy(false)
		EagerListener eagerListener() {
			return new EagerListener();
		}

	}

	static class EagerListener {

		@KubeWatch(value = ConfigMap.class, id = "configMaps", autoStartup = "false")
		void onConfigMap(ConfigMap configMap) {
		}

	}

}
