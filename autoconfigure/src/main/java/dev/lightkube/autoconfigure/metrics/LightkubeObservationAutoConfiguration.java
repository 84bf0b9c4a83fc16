package dev.lightkube.autoconfigure.metrics;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.autoconfigure.KubeClientBuilderCustomizer;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.metrics.MicrometerWatchObserver;
import dev.lightkube.observation.KubeRequestObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Observes every API request as {@code kube.client.requests} through the application's {@link ObservationRegistry}
 * (metrics and traces), and counts watch events, restarts and relists in its {@link MeterRegistry}.
 */
@AutoConfiguration(before = LightkubeAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(ReactiveKubeClient.class)
@Lazy // no bean of its own: only its nested configurations'
public final class LightkubeObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class RequestObservationConfiguration {

		@Bean
		KubeClientBuilderCustomizer kubeClientObservationCustomizer(ObservationRegistry registry,
				ObjectProvider<KubeRequestObservationConvention> convention) {
			return (builder) -> {
				builder.observationRegistry(registry);
				convention.ifAvailable(builder::observationConvention);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class WatchMetricsConfiguration {

		@Bean
		MicrometerWatchObserver kubeWatchObserver(MeterRegistry registry) {
			return new MicrometerWatchObserver(registry);
		}

		@Bean
		KubeClientBuilderCustomizer kubeClientWatchMetricsCustomizer(MicrometerWatchObserver observer) {
			return (builder) -> builder.watchObserver(observer);
		}

	}

}
