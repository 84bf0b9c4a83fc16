package dev.lightkube.leader;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LeaderElectionConfigTests {

	@Test
	void defaultsAreClientGos() {
		LeaderElectionConfig config = LeaderElectionConfig.builder("app").build();
		assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
		assertThat(config.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
		assertThat(config.releaseOnCancel()).isTrue();
		assertThat(config.namespace()).isNull();
	}

	@Test
	void defaultIdentityIsTheHostNameWithAUniqueSuffix() {
		String host = System.getenv("HOSTNAME");
		String first = LeaderElectionConfig.builder("app").build().identity();
		String second = LeaderElectionConfig.builder("app").build().identity();
		assertThat(first).isNotEqualTo(second);
		assertThat(first).startsWith(((host != null && !host.isBlank()) ? host.strip() : "lightkube") + "_");
	}

	@Test
	void blankIdentityAndNamespaceMeanTheDefaults() {
		LeaderElectionConfig config = LeaderElectionConfig.builder("app").identity(" ").namespace("").build();
		assertThat(config.identity()).isNotBlank();
		assertThat(config.namespace()).isNull();
		assertThat(LeaderElectionConfig.builder("app").identity("pod-1").build().identity()).isEqualTo("pod-1");
	}

	@Test
	void renewDeadlineMustBeShorterThanTheLease() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeaderElectionConfig.builder("app").renewDeadline(Duration.ofSeconds(15)).build())
			.withMessage("Invalid leader election settings for lease 'app': renewDeadline (PT15S) must be shorter "
					+ "than leaseDuration (PT15S): a leader that cannot renew must stop before another replica may "
					+ "take the lease");
	}

	@Test
	void renewDeadlineMustLeaveRoomForRetries() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeaderElectionConfig.builder("app").retryPeriod(Duration.ofMillis(8400)).build())
			.withMessageContaining("renewDeadline (PT10S) must be longer than 1.2 x retryPeriod (PT8.4S)");
		assertThat(LeaderElectionConfig.builder("app").retryPeriod(Duration.ofMillis(8300)).build().retryPeriod())
			.isEqualTo(Duration.ofMillis(8300));
	}

	@Test
	void durationsMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeaderElectionConfig.builder("app").retryPeriod(Duration.ZERO).build())
			.withMessageContaining("retryPeriod must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeaderElectionConfig.builder("app").leaseDuration(Duration.ofSeconds(-1)).build())
			.withMessageContaining("leaseDuration must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeaderElectionConfig.builder("app").renewDeadline(Duration.ZERO).build())
			.withMessageContaining("renewDeadline must be positive");
	}

	@Test
	void leaseNameIsRequired() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeaderElectionConfig.builder(" "))
			.withMessage("leaseName must not be blank");
	}

	@Test
	void toBuilderCopiesEverySetting() {
		LeaderElectionConfig config = LeaderElectionConfig.builder("app")
			.namespace("ops")
			.identity("me")
			.leaseDuration(Duration.ofSeconds(30))
			.renewDeadline(Duration.ofSeconds(20))
			.retryPeriod(Duration.ofSeconds(4))
			.releaseOnCancel(false)
			.build();
		assertThat(config.toBuilder().build()).hasToString(config.toString());
		assertThat(config).hasToString("LeaderElectionConfig[lease=ops/app, identity=me, leaseDuration=PT30S, "
				+ "renewDeadline=PT20S, retryPeriod=PT4S, releaseOnCancel=false]");
	}

	@Test
	void anElectorNeverStartedStopsAtOnce() {
		// No client call is made: stop before start completes without a request.
		LeaderElector elector = new LeaderElector(dev.lightkube.ReactiveKubeClient.builder()
			.config(dev.lightkube.config.KubeConfig.fromServer("http://127.0.0.1:9"))
			.namespace("default")
			.buildReactive(), LeaderElectionConfig.builder("app").identity("me").build(), LeaderCallbacks.NONE);
		elector.close();
		assertThat(elector.isLeader()).isFalse();
		assertThat(elector.leadership().collectList().block()).containsExactly(false);
		assertThat(elector.namespace()).isEqualTo("default");
		org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(elector::start)
			.withMessageContaining("already stopped");
	}

}
