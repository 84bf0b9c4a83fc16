package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClientBuilder;
import dev.lightkube.config.Timeouts;
import org.jspecify.annotations.Nullable;
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
		// Plain calls rather than PropertyMapper's method references: this runs once, at start-up, where each method
		// reference costs a class of its own. Unset values (null) leave the builder's defaults, as PropertyMapper did.
		String namespace = properties.getNamespace();
		if (namespace != null) {
			builder.namespace(namespace);
		}
		String fieldManager = fieldManager();
		if (fieldManager != null) {
			builder.fieldManager(fieldManager);
		}
		builder.dryRun(properties.isDryRun());
		builder.trustEnv(properties.isTrustEnv());
		String proxy = properties.getProxy();
		if (proxy != null) {
			builder.proxy(proxy);
		}
		builder.http2(properties.isHttp2());
		builder.lazy(properties.isLazy());
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

	private @Nullable String fieldManager() {
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
