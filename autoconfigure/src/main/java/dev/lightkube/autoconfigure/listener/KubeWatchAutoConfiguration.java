package dev.lightkube.autoconfigure.listener;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.annotation.KubeWatchAnnotationBeanPostProcessor;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.LightkubeProperties;
import dev.lightkube.autoconfigure.metrics.LightkubeObservationAutoConfiguration;
import dev.lightkube.health.KubeHealthContributor;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.listener.KubeWatchContainer;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.ListenerMetrics;
import dev.lightkube.listener.ListenerThreadFactory;
import dev.lightkube.metrics.MicrometerListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Role;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Runs {@code @KubeWatch} methods ({@code lightkube.watch.enabled}): the annotation post-processor, the listener
 * registry (its listeners share the informers of the {@link SharedInformerFactory} bean), their health details and,
 * with a {@link MeterRegistry}, their metrics.
 */
@AutoConfiguration(after = { LightkubeAutoConfiguration.class, LightkubeObservationAutoConfiguration.class })
@ConditionalOnBean(ReactiveKubeClient.class)
@ConditionalOnBooleanProperty(name = "lightkube.watch.enabled", matchIfMissing = true)
@Lazy // this class itself is never needed: its beans are static (the registry, a lifecycle, is started regardless)
public final class KubeWatchAutoConfiguration {

	@Bean(name = KubeWatchAnnotationBeanPostProcessor.BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static KubeWatchAnnotationBeanPostProcessor kubeWatchAnnotationBeanPostProcessor() {
		return new KubeWatchAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	static KubeWatchListenerRegistry kubeWatchListenerRegistry(ObjectProvider<SharedInformerFactory> informers,
			ObjectProvider<LightkubeProperties> properties, ObjectProvider<ListenerMetrics> metrics,
			ObjectProvider<ListenerThreadFactory> threadFactory) {
		// The informer factory (so the client) and the properties are asked for on the first listener, not now.
		KubeWatchListenerRegistry registry = new KubeWatchListenerRegistry(informers::getObject,
				() -> settings(properties.getObject().getWatch()), metrics.getIfAvailable(() -> ListenerMetrics.NOOP));
		threadFactory.ifAvailable(registry::setThreadFactory);
		return registry;
	}

	private static KubeWatchContainer.ContainerSettings settings(LightkubeProperties.Watch watch) {
		return new KubeWatchContainer.ContainerSettings(watch.getQueueCapacity(), watch.getUnhealthyAfter(),
				watch.getShutdownTimeout(), watch.getTransform(), watch.isWatchList());
	}

	/**
	 * With {@code spring.threads.virtual.enabled=true} on Java 21 or later, listener methods run on virtual threads,
	 * as Spring Boot's own task executors do then; still one thread per listener, so delivery stays ordered.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnThreading(Threading.VIRTUAL)
	static ListenerThreadFactory kubeWatchVirtualThreadFactory() {
		ThreadFactory virtual = new VirtualThreadTaskExecutor("kube-watch-").getVirtualThreadFactory();
		return (listenerId, task) -> {
			Thread thread = virtual.newThread(task);
			thread.setName("kube-watch-" + listenerId);
			return thread;
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class ListenerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(ListenerMetrics.class)
		MicrometerListenerMetrics kubeListenerMetrics(MeterRegistry registry) {
			return new MicrometerListenerMetrics(registry);
		}

	}

	// By name: with spring-boot-health missing, no class naming its types may be loaded (the starter must start).
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.Health")
	static class ListenerHealthConfiguration {

		@Bean
		KubeHealthContributor kubeWatchListenersHealthContributor(KubeWatchListenerRegistry registry) {
			return (builder) -> {
				Map<String, Object> listeners = registry.describe();
				if (!listeners.isEmpty()) {
					builder.withDetail("listeners", listeners);
				}
				if (registry.isUnhealthy()) {
					builder.status(Status.DOWN);
				}
			};
		}

	}

}
