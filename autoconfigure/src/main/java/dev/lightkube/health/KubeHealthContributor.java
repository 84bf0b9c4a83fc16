package dev.lightkube.health;

import org.springframework.boot.health.contributor.Health;

/**
 * Adds to the {@code kube} health: details such as the state of each watch listener, and the status when one of
 * them is unhealthy. Beans of this type are picked up by the auto-configured {@link KubeHealthIndicator}.
 */
@FunctionalInterface
public interface KubeHealthContributor {

	/** Adds details to {@code builder}, and may set its status to DOWN. */
	void contribute(Health.Builder builder);

}
