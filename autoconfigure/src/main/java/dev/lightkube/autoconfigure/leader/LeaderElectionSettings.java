package dev.lightkube.autoconfigure.leader;

import dev.lightkube.autoconfigure.LightkubeProperties;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.observation.LeaderElectionObserver;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Turns {@code lightkube.leader-election.*} into a checked {@link LeaderElectionConfig}, failing as Boot does. */
final class LeaderElectionSettings {

	private static final String PREFIX = "lightkube.leader-election.";

	/** A Kubernetes object name: a lowercase RFC 1123 subdomain. */
	private static final Pattern NAME = Pattern
		.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

	private LeaderElectionSettings() {
	}

	static LeaderElectionConfig config(LightkubeProperties.LeaderElection properties,
			@Nullable String applicationName, LeaderElectionObserver observer) {
		String leaseName = leaseName(properties, applicationName);
		check("lease-duration", properties.getLeaseDuration(), properties);
		check("renew-deadline", properties.getRenewDeadline(), properties);
		check("retry-period", properties.getRetryPeriod(), properties);
		return LeaderElectionConfig.builder(leaseName)
			.namespace(properties.getNamespace())
			.identity(properties.getIdentity())
			.leaseDuration(properties.getLeaseDuration())
			.renewDeadline(properties.getRenewDeadline())
			.retryPeriod(properties.getRetryPeriod())
			.observer(observer)
			.build();
	}

	static String leaseName(LightkubeProperties.LeaderElection properties, @Nullable String applicationName) {
		String name = properties.getLeaseName();
		String property = PREFIX + "lease-name";
		if (name == null || name.isBlank()) {
			if (applicationName == null || applicationName.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property, null,
						"Leader election needs the name of its Lease: set " + property
								+ " or spring.application.name.");
			}
			name = applicationName.strip();
			property = "spring.application.name";
		}
		if (name.length() > 253 || !NAME.matcher(name).matches()) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"The Lease name must be a lowercase RFC 1123 subdomain (a-z, 0-9, '-' and '.', at most 253 "
							+ "characters)" + (property.startsWith(PREFIX) ? "."
									: "; set " + PREFIX + "lease-name to a valid name."));
		}
		return name;
	}

	/** client-go's checks, reported against the property at fault. */
	private static void check(String name, Duration value, LightkubeProperties.LeaderElection properties) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "It must be positive.");
		}
		if (name.equals("renew-deadline")) {
			if (value.compareTo(properties.getLeaseDuration()) >= 0) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + name, value,
						"It must be shorter than " + PREFIX + "lease-duration (" + properties.getLeaseDuration()
								+ "), so a leader that cannot renew stops before another replica may take over.");
			}
			if (value.toNanos() <= LeaderElectionConfig.JITTER_FACTOR * properties.getRetryPeriod().toNanos()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + name, value,
						"It must be longer than " + LeaderElectionConfig.JITTER_FACTOR + " x " + PREFIX
								+ "retry-period (" + properties.getRetryPeriod() + "), so the leader can retry.");
			}
		}
	}

}
