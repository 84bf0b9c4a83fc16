package dev.lightkube.autoconfigure.health;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.LightkubeProperties;
import dev.lightkube.health.KubeHealthContributor;
import dev.lightkube.health.KubeHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code kube} health indicator ({@code management.health.kube.enabled}): a live check of the API server.
 */
@AutoConfiguration(after = LightkubeAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHealthIndicator.class, ReactiveKubeClient.class })
@ConditionalOnBean(ReactiveKubeClient.class)
public final class KubeHealthContributorAutoConfiguration {

	// Nested: its condition's class comes from spring-boot-health, so it is read only once that is known present.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("kube")
	static class KubeHealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "kubeHealthIndicator")
		KubeHealthIndicator kubeHealthIndicator(ReactiveKubeClient client, LightkubeProperties properties,
				ObjectProvider<KubeHealthContributor> contributors) {
			return new KubeHealthIndicator(client, properties.getHealth().getTimeout(),
					contributors.orderedStream().toList());
		}

	}

}
