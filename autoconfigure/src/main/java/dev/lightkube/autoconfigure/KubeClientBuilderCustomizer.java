package dev.lightkube.autoconfigure;

import dev.lightkube.KubeClientBuilder;

/**
 * Changes the auto-configured {@link KubeClientBuilder} before the client beans are built. Beans of this type are
 * applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface KubeClientBuilderCustomizer {

	/** Customizes the builder. */
	void customize(KubeClientBuilder builder);

}
