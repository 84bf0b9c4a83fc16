package dev.lightkube.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.ListenerThreadFactory;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.context.support.SimpleThreadScope;

/** @KubeWatch on beans created after start-up, the listener thread hook, and misuse found at start-up. */
class KubeWatchLateBeansAndMisuseTests {

	private static KubeApiServer apiServer;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class, KubeWatchAutoConfiguration.class))
		.withPropertyValues("lightkube.server=" + apiServer.url(), "lightkube.namespace=apps",
				"lightkube.watch.initial-backoff=20ms", "lightkube.watch.max-backoff=100ms");

	@BeforeAll
	static void startServer() {
		apiServer = KubeApiServer.start();
	}

	@AfterAll
	static void stopServer() {
		apiServer.close();
	}

	@BeforeEach
	void resetServer() {
		apiServer.reset();
		try (KubeClient setup = KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(apiServer.url()), User.ANONYMOUS, "apps"))
			.build()) {
			setup.create(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build());
			setup.create(new ConfigMapBuilder().withNewMetadata().withName("existing").endMetadata().build());
		}
	}

	@Test
	void lazyBeanCreatedAfterStartUpHasItsListenerRegisteredAndStarted() {
		this.runner.withUserConfiguration(LazyListenerConfiguration.class).run((context) -> {
			KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
			assertThat(registry.getListenerContainerIds()).isEmpty();
			Listener listener = context.getBean(Listener.class);
			assertThat(registry.getListenerContainerIds()).containsExactly("lazyListener.onChange");
			assertThat(registry.getListenerContainer("lazyListener.onChange").isRunning()).isTrue();
			assertThat(KubeWatchAutoConfigurationTests.take(listener.events, 1)).containsExactly("ADDED existing");
		});
	}

	@Test
	void eachPrototypeInstanceGetsItsOwnListener() {
		this.runner.withUserConfiguration(PrototypeListenerConfiguration.class).run((context) -> {
			Listener first = context.getBean(Listener.class);
			Listener second = context.getBean(Listener.class);
			assertThat(context.getBean(KubeWatchListenerRegistry.class).getListenerContainerIds())
				.containsExactlyInAnyOrder("prototypeListener.onChange", "prototypeListener.onChange#2");
			assertThat(KubeWatchAutoConfigurationTests.take(first.events, 1)).containsExactly("ADDED existing");
			assertThat(KubeWatchAutoConfigurationTests.take(second.events, 1)).containsExactly("ADDED existing");
		});
	}

	@Test
	void scopedBeanDestroyedStopsAndRemovesItsListener() {
		this.runner.withUserConfiguration(ScopedListenerConfiguration.class)
			.withInitializer((context) -> context.getBeanFactory().registerScope("thread", new SimpleThreadScope()))
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				KubeWatchListenerRegistry registry = context.getBean(KubeWatchListenerRegistry.class);
				assertThat(KubeWatchAutoConfigurationTests.take(listener.events, 1)).containsExactly("ADDED existing");
				var container = registry.getListenerContainer("scopedListener.onChange");
				context.getBeanFactory().destroyScopedBean("scopedListener");
				assertThat(registry.getListenerContainerIds()).isEmpty();
				assertThat(container.isRunning()).isFalse();
			});
	}

	@Test
	void listenerThreadsComeFromTheThreadFactoryBean() {
		this.runner.withUserConfiguration(EagerListenerConfiguration.class)
			.withBean(ListenerThreadFactory.class, () -> (id, task) -> {
				Thread thread = new Thread(task, "custom-" + id);
				thread.setDaemon(true);
				return thread;
			})
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				assertThat(KubeWatchAutoConfigurationTests.take(listener.threads, 1))
					.containsExactly("custom-eagerListener.onChange");
			});
	}

	@Test
	void listenerThreadsArePlatformThreadsNamedAfterTheListenerByDefault() {
		// spring.threads.virtual.enabled needs Java 21; this machine's Java 17 can only show the default.
		this.runner.withUserConfiguration(EagerListenerConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ListenerThreadFactory.class);
			Listener listener = context.getBean(Listener.class);
			assertThat(KubeWatchAutoConfigurationTests.take(listener.threads, 1))
				.containsExactly("kube-watch-eagerListener.onChange");
		});
	}

	@Test
	void namespaceOnAClusterScopedKindFailsStartUpNamingTheListener() {
		this.runner.withUserConfiguration(ClusterScopedWithNamespace.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("ClusterScopedWithNamespace.onNamespace'")
				.hasMessageContaining("sets namespace 'apps', but Namespace is cluster-scoped");
		});
	}

	@Test
	void genericClusterScopedKindWithNamespaceFailsStartUp() {
		this.runner.withUserConfiguration(GenericClusterScopedWithNamespace.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("GenericClusterScopedWithNamespace.onWidget'")
				.hasMessageContaining("kind Widget is cluster-scoped");
		});
	}

	@Test
	void modelClassAndGroupVersionKindTogetherFailStartUp() {
		this.runner.withUserConfiguration(BothClassAndKind.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("BothClassAndKind.onChange")
				.hasMessageContaining("names both a model class (ConfigMap) and a group/version/kind/plural");
		});
	}

	@Test
	void missingErrorHandlerBeanFailsStartUpNamingTheListener() {
		this.runner.withUserConfiguration(MissingErrorHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining(
					"MissingErrorHandler.onChange'")
				.hasMessageContaining("names errorHandler 'noSuchHandler', but there is no KubeWatchErrorHandler bean");
		});
	}

	static class Listener {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

		@KubeWatch(ConfigMap.class)
		void onChange(WatchEvent<ConfigMap> event) {
			this.threads.add(Thread.currentThread().getName());
			this.events.add(event.type() + " " + event.object().getMetadata().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyListenerConfiguration {

		@Bean
		@Lazy
		Listener lazyListener() {
			return new Listener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeListenerConfiguration {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		Listener prototypeListener() {
			return new Listener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedListenerConfiguration {

		@Bean
		@Scope("thread")
		Listener scopedListener() {
			return new Listener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EagerListenerConfiguration {

		@Bean
		Listener eagerListener() {
			return new Listener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClusterScopedWithNamespace {

		@KubeWatch(value = Namespace.class, namespace = "apps")
		void onNamespace(Namespace namespace) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GenericClusterScopedWithNamespace {

		@KubeWatch(group = "example.com", version = "v1", kind = "Widget", plural = "widgets", namespaced = "false",
				namespace = "apps")
		void onWidget(io.fabric8.kubernetes.api.model.GenericKubernetesResource widget) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BothClassAndKind {

		@KubeWatch(value = ConfigMap.class, version = "v1", kind = "ConfigMap", plural = "configmaps")
		void onChange(ConfigMap configMap) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingErrorHandler {

		@KubeWatch(value = ConfigMap.class, errorHandler = "noSuchHandler")
		void onChange(ConfigMap configMap) {
		}

	}

}
