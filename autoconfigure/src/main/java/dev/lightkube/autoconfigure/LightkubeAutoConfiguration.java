package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClient;
import dev.lightkube.KubeClientBuilder;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.aot.LightkubeRuntimeHints;
import dev.lightkube.config.Timeouts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of the lightkube {@link ReactiveKubeClient} and {@link KubeClient}: one connection pool, closed
 * on shutdown, configured from {@link LightkubeProperties} and a {@link KubeConnectionDetails}.
 */
@AutoConfiguration
@ConditionalOnClass(ReactiveKubeClient.class)
@EnableConfigurationProperties(LightkubeProperties.class)
@ImportRuntimeHints(LightkubeRuntimeHints.class)
public final class LightkubeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(KubeConnectionDetails.class)
	PropertiesKubeConnectionDetails kubeConnectionDetails(LightkubeProperties properties) {
		return new PropertiesKubeConnectionDetails(properties);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ReactiveKubeClient reactiveKubeClient(KubeConnectionDetails connectionDetails, LightkubeProperties properties,
			Environment environment, ObjectProvider<KubeClientBuilderCustomizer> customizers) {
		KubeClientBuilder builder = KubeClient.builder().config(connectionDetails.getConfig());
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getNamespace).to(builder::namespace);
		map.from(fieldManager(properties, environment)).to(builder::fieldManager);
		map.from(properties::isDryRun).to(builder::dryRun);
		map.from(properties::isTrustEnv).to(builder::trustEnv);
		map.from(properties::getProxy).to(builder::proxy);
		map.from(properties::isHttp2).to(builder::http2);
		map.from(properties::isLazy).to(builder::lazy);
		LightkubeProperties.Timeout timeout = properties.getTimeout();
		builder.timeouts(new Timeouts(timeout.getConnect(), timeout.getRead(), timeout.getWrite(), timeout.getPool()));
		builder.maxRetries(properties.getRetry().isEnabled() ? properties.getRetry().getMaxAttempts() : 0);
		LightkubeProperties.Watch watch = properties.getWatch();
		builder.watchBackoff(watch.getInitialBackoff(), watch.getMaxBackoff());
		builder.watchServerTimeout(watch.getServerTimeout());
		builder.maxResponseSize(bytes(properties.getResponse().getMaxSize()));
		builder.responseDeadline(properties.getResponse().getDeadline());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.buildReactive();
	}

	private static int bytes(DataSize size) {
		// answers are read into byte arrays, which end near 2 GB
		if (size.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("lightkube.response.max-size must be below 2GB, got " + size);
		}
		return (int) size.toBytes();
	}

	/** Shares the reactive client's connection pool; closing is left to the reactive client's bean. */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	KubeClient kubeClient(ReactiveKubeClient reactiveKubeClient) {
		return KubeClient.of(reactiveKubeClient);
	}

	private static String fieldManager(LightkubeProperties properties, Environment environment) {
		if (properties.getFieldManager() != null) {
			return properties.getFieldManager();
		}
		return environment.getProperty("spring.application.name");
	}

}
