package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClientBuilder;
import dev.lightkube.config.Timeouts;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Applies the {@code lightkube.*} properties to the builder. Order 0: customizers of the application (unordered ones
 * run last) see the properties' values and may change them.
 */
class PropertiesKubeClientBuilderCustomizer implements KubeClientBuilderCustomizer, Ordered {

	private final LightkubeProperties properties;

	private final Environment environment;

	PropertiesKubeClientBuilderCustomizer(LightkubeProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void customize(KubeClientBuilder builder) {
		LightkubeProperties properties = this.properties;
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getNamespace).to(builder::namespace);
		map.from(fieldManager()).to(builder::fieldManager);
		map.from(properties::isDryRun).to(builder::dryRun);
		map.from(properties::isTrustEnv).to(builder::trustEnv);
		map.from(properties::getProxy).to(builder::proxy);
		map.from(properties::isHttp2).to(builder::http2);
		map.from(properties::isLazy).to(builder::lazy);
		LightkubeProperties.Timeout timeout = properties.getTimeout();
		builder.timeouts(new Timeouts(timeout.getConnect(), timeout.getRead(), timeout.getWrite(), timeout.getPool()));
		builder.maxRetries(properties.getRetry().isEnabled() ? properties.getRetry().getMaxRetries() : 0);
		LightkubeProperties.Watch watch = properties.getWatch();
		builder.watchBackoff(watch.getInitialBackoff(), watch.getMaxBackoff());
		builder.watchServerTimeout(watch.getServerTimeout());
		LightkubeProperties.Connections connections = properties.getConnections();
		builder.requestPoolSize(connections.getRequestPoolSize())
			.streamPoolSize(connections.getStreamPoolSize())
			.maxPendingAcquires(connections.getMaxPendingAcquires());
		// Checked by LightkubePropertiesValidator: from 1 KB to below 2 GB (answers are read into byte arrays).
		builder.maxResponseSize((int) properties.getResponse().getMaxSize().toBytes());
		builder.responseDeadline(properties.getResponse().getDeadline());
	}

	private String fieldManager() {
		if (this.properties.getFieldManager() != null) {
			return this.properties.getFieldManager();
		}
		return this.environment.getProperty("spring.application.name");
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
