package dev.lightkube.autoconfigure.leader;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.LightkubeProperties;
import dev.lightkube.autoconfigure.listener.KubeWatchAutoConfiguration;
import dev.lightkube.autoconfigure.metrics.LightkubeObservationAutoConfiguration;
import dev.lightkube.election.KubeLeaderElection;
import dev.lightkube.health.KubeHealthContributor;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.LeaderOnlyListeners;
import dev.lightkube.metrics.MicrometerLeaderElectionObserver;
import dev.lightkube.observation.LeaderElectionObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Leader election among the application's replicas ({@code lightkube.leader-election.enabled}): the
 * {@link KubeLeaderElection} bean, leader-only {@code @KubeWatch} listeners, health details and, with a
 * {@link MeterRegistry}, meters. Every {@link LeaderCallbacks} bean is told when leadership starts and stops.
 */
@AutoConfiguration(after = { LightkubeAutoConfiguration.class, LightkubeObservationAutoConfiguration.class,
		KubeWatchAutoConfiguration.class })
@ConditionalOnBean(ReactiveKubeClient.class)
@ConditionalOnBooleanProperty(name = "lightkube.leader-election.enabled")
public final class LeaderElectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KubeLeaderElection kubeLeaderElection(ReactiveKubeClient client, LightkubeProperties properties,
			Environment environment, ObjectProvider<LeaderCallbacks> callbacks,
			ObjectProvider<LeaderElectionObserver> observer) {
		LeaderElectionConfig config = LeaderElectionSettings.config(properties.getLeaderElection(),
				environment.getProperty("spring.application.name"),
				observer.getIfAvailable(() -> LeaderElectionObserver.NOOP));
		return new KubeLeaderElection(client, config, callbacks.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(KubeWatchListenerRegistry.class)
	static class LeaderOnlyListenersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LeaderOnlyListeners leaderOnlyKubeWatchListeners(KubeWatchListenerRegistry registry) {
			return new LeaderOnlyListeners(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class LeaderElectionMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(LeaderElectionObserver.class)
		MicrometerLeaderElectionObserver kubeLeaderElectionObserver(MeterRegistry registry,
				LightkubeProperties properties, Environment environment) {
			MicrometerLeaderElectionObserver observer = new MicrometerLeaderElectionObserver(registry);
			String lease = LeaderElectionSettings.leaseName(properties.getLeaderElection(),
					environment.getProperty("spring.application.name"));
			observer.register(lease);
			return observer;
		}

	}

	// By name: with spring-boot-health missing, no class naming its types may be loaded.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.Health")
	static class LeaderElectionHealthConfiguration {

		@Bean
		KubeHealthContributor kubeLeaderElectionHealthContributor(KubeLeaderElection election) {
			return (builder) -> builder.withDetail("leaderElection", election.describe());
		}

	}

}
