package dev.lightkube.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.LightkubeProperties;
import dev.lightkube.autoconfigure.PropertiesKubeConnectionDetails;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.autoconfigure.leader.LeaderElectionAutoConfiguration;
import dev.lightkube.autoconfigure.listener.KubeWatchAutoConfiguration;
import dev.lightkube.autoconfigure.metrics.LightkubeObservationAutoConfiguration;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The {@code @KubeWatch} post-processor skips lightkube's own beans unread, and only them: a user's listener in a
 * {@code dev.lightkube} package, or on a subclass of a library bean, is still found.
 */
class KubeWatchLibraryBeansTests {

	private static KubeApiServer apiServer;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
				LightkubeObservationAutoConfiguration.class, KubeHealthContributorAutoConfiguration.class,
				KubeWatchAutoConfiguration.class, LeaderElectionAutoConfiguration.class))
		.withPropertyValues("lightkube.server=" + apiServer.url(), "lightkube.namespace=default");

	@BeforeAll
	static void startServer() {
		apiServer = KubeApiServer.start();
	}

	@AfterAll
	static void stopServer() {
		apiServer.close();
	}

	@Test
	void everySkippedClassExistsAndHasNoListenerMethod() throws Exception {
		for (String name : KubeWatchAnnotationBeanPostProcessor.LIBRARY_BEAN_CLASSES) {
			Class<?> type = Class.forName(name);
			assertThat(MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils
						.hasAnnotation(method, KubeWatch.class) ? Boolean.TRUE : null))
				.as(name)
				.isEmpty();
		}
	}

	@Test
	void everyLightkubeBeanOfAFullContextIsSkipped() {
		// Leader election on and a meter registry: every auto-configuration contributes its beans.
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true", "spring.application.name=library-beans")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<String> notSkipped = new ArrayList<>();
				for (String beanName : context.getBeanDefinitionNames()) {
					Class<?> type = AopUtils.getTargetClass(context.getBean(beanName));
					if (type.getName().startsWith("dev.lightkube.") && !type.isSynthetic()
							&& !type.getName().contains("$$Lambda")
							&& !KubeWatchAnnotationBeanPostProcessor.LIBRARY_BEAN_CLASSES.contains(type.getName())
							&& type != KubeWatchAnnotationBeanPostProcessor.class) {
						notSkipped.add(type.getName());
					}
				}
				assertThat(notSkipped).isEmpty();
			});
	}

	@Test
	void aUserListenerInALightkubePackageIsFound() {
		this.runner.withUserConfiguration(UserListener.class)
			.run((context) -> assertThat(context.getBean(KubeWatchListenerRegistry.class).describe())
				.containsOnlyKeys("userListener"));
	}

	@Test
	void aUserSubclassOfALibraryBeanIsRead() {
		this.runner.withUserConfiguration(UserConnectionDetailsConfiguration.class)
			.run((context) -> assertThat(context.getBean(KubeWatchListenerRegistry.class).describe())
				.containsOnlyKeys("subclassListener"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserListener {

		@KubeWatch(value = ConfigMap.class, id = "userListener")
		void onChange(ConfigMap configMap) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionDetailsConfiguration {

		@Bean
		UserConnectionDetails userConnectionDetails(LightkubeProperties properties) {
			return new UserConnectionDetails(properties);
		}

	}

	static class UserConnectionDetails extends PropertiesKubeConnectionDetails {

		UserConnectionDetails(LightkubeProperties properties) {
			super(properties);
		}

		@KubeWatch(value = ConfigMap.class, id = "subclassListener")
		public void onChange(ConfigMap configMap) {
		}

	}

}
