package dev.lightkube.autoconfigure.leader;

import dev.lightkube.KubeClient;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.health.KubeHealthContributorAutoConfiguration;
import dev.lightkube.autoconfigure.listener.KubeWatchAutoConfiguration;
import dev.lightkube.autoconfigure.metrics.LightkubeObservationAutoConfiguration;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.election.KubeLeaderElection;
import dev.lightkube.election.LeaderElectionEvent;
import dev.lightkube.election.LeadershipGrantedEvent;
import dev.lightkube.election.LeadershipRevokedEvent;
import dev.lightkube.health.KubeHealthIndicator;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.LeaderOnlyListeners;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** {@code lightkube.leader-election.*}: every property, start-up checks, events, health, meters, shutdown order. */
class LeaderElectionAutoConfigurationTests {

	private static KubeApiServer apiServer;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
				LightkubeObservationAutoConfiguration.class, KubeHealthContributorAutoConfiguration.class,
				KubeWatchAutoConfiguration.class, LeaderElectionAutoConfiguration.class))
		.withPropertyValues("lightkube.server=" + apiServer.url(), "lightkube.namespace=default",
				"lightkube.leader-election.lease-duration=1500ms", "lightkube.leader-election.renew-deadline=1s",
				"lightkube.leader-election.retry-period=200ms");

	@BeforeAll
	static void startServer() {
		apiServer = KubeApiServer.start();
	}

	@AfterAll
	static void stopServer() {
		apiServer.close();
	}

	@BeforeEach
	void resetServer() {
		apiServer.reset();
	}

	private static KubeClient admin() {
		return KubeClient.builder().config(KubeConfig.fromServer(apiServer.url())).namespace("default").build();
	}

	private static Lease lease(String namespace, String name) {
		try (KubeClient client = admin()) {
			return client.get(Lease.class, name, namespace);
		}
	}

	@Test
	void offByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(KubeLeaderElection.class);
			assertThat(context).doesNotHaveBean(LeaderOnlyListeners.class);
		});
	}

	@Test
	void enabledUsesTheApplicationNameTheClientsNamespaceAndClientGoDefaults() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class,
					LeaderElectionAutoConfiguration.class))
			.withPropertyValues("lightkube.server=" + apiServer.url(), "lightkube.namespace=default",
					"lightkube.leader-election.enabled=true", "spring.application.name=orders")
			.run((context) -> {
				KubeLeaderElection election = context.getBean(KubeLeaderElection.class);
				LeaderElectionConfig config = election.getConfig();
				assertThat(config.leaseName()).isEqualTo("orders");
				assertThat(election.getLease()).isEqualTo("default/orders");
				assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
				assertThat(config.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
				assertThat(config.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.identity()).isNotBlank();
				await("leading", election::isLeader);
				assertThat(lease("default", "orders").getSpec().getHolderIdentity()).isEqualTo(config.identity());
			});
	}

	@Test
	void everyPropertyIsApplied() {
		try (KubeClient client = admin()) {
			client.create(new NamespaceBuilder().withNewMetadata().withName("ops").endMetadata().build());
		}
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=jobs",
					"lightkube.leader-election.namespace=ops", "lightkube.leader-election.identity=pod-7",
					"lightkube.leader-election.lease-duration=3s", "lightkube.leader-election.renew-deadline=2s",
					"lightkube.leader-election.retry-period=500ms")
			.run((context) -> {
				KubeLeaderElection election = context.getBean(KubeLeaderElection.class);
				LeaderElectionConfig config = election.getConfig();
				assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.renewDeadline()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.retryPeriod()).isEqualTo(Duration.ofMillis(500));
				assertThat(election.getIdentity()).isEqualTo("pod-7");
				await("leading", election::isLeader);
				Lease lease = lease("ops", "jobs");
				assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("pod-7");
				assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(3);
				assertThat(election.getLeader()).hasValue("pod-7");
			});
	}

	@Test
	void withoutALeaseNameStartUpFailsNamingTheProperty() {
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			InvalidConfigurationPropertyValueException failure = invalid(context.getStartupFailure());
			assertThat(failure.getName()).isEqualTo("lightkube.leader-election.lease-name");
			assertThat(failure.getReason()).isEqualTo("Leader election needs the name of its Lease: set "
					+ "lightkube.leader-election.lease-name or spring.application.name.");
		});
	}

	@Test
	void anApplicationNameThatIsNoLeaseNameFailsAtStartUp() {
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true", "spring.application.name=My App")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalid(context.getStartupFailure());
				assertThat(failure.getName()).isEqualTo("spring.application.name");
				assertThat(failure.getValue()).isEqualTo("My App");
				assertThat(failure.getReason()).contains("lowercase RFC 1123 subdomain",
						"set lightkube.leader-election.lease-name");
			});
	}

	@Test
	void renewDeadlineNotShorterThanTheLeaseFailsAtStartUp() {
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a",
					"lightkube.leader-election.renew-deadline=1500ms")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalid(context.getStartupFailure());
				assertThat(failure.getName()).isEqualTo("lightkube.leader-election.renew-deadline");
				assertThat(failure.getReason()).isEqualTo("It must be shorter than "
						+ "lightkube.leader-election.lease-duration (PT1.5S), so a leader that cannot renew stops "
						+ "before another replica may take over.");
			});
	}

	@Test
	void retryPeriodTooCloseToTheRenewDeadlineFailsAtStartUp() {
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a",
					"lightkube.leader-election.retry-period=900ms")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalid(context.getStartupFailure());
				assertThat(failure.getName()).isEqualTo("lightkube.leader-election.renew-deadline");
				assertThat(failure.getReason()).contains("longer than 1.2 x lightkube.leader-election.retry-period");
			});
	}

	@Test
	void nonPositiveDurationsFailAtStartUp() {
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a",
					"lightkube.leader-election.retry-period=0s")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalid(context.getStartupFailure());
				assertThat(failure.getName()).isEqualTo("lightkube.leader-election.retry-period");
				assertThat(failure.getReason()).isEqualTo("It must be positive.");
			});
	}

	@Test
	void leaderOnlyListenerRunsOnceLeadingAndOthersRunAnyway() {
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a")
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				LeaderOnlyListeners leaderOnly = context.getBean(LeaderOnlyListeners.class);
				assertThat(leaderOnly.ids()).containsExactly("leaderOnly");
				await("leading", context.getBean(KubeLeaderElection.class)::isLeader);
				try (KubeClient client = admin()) {
					client.create(configMap("x"));
				}
				Listeners listeners = context.getBean(Listeners.class);
				await("both got x", () -> listeners.leaderOnly.contains("x") && listeners.everywhere.contains("x"));
			});
	}

	@Test
	void leaderOnlyListenersWaitForLeadership() {
		// Another replica holds the lease (and keeps it fresh enough for this test): the listener never starts.
		try (KubeClient client = admin()) {
			client.create(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder().withNewMetadata()
				.withName("a")
				.endMetadata()
				.withNewSpec()
				.withHolderIdentity("someone-else")
				.withLeaseDurationSeconds(3600)
				.endSpec()
				.build());
		}
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a")
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				KubeLeaderElection election = context.getBean(KubeLeaderElection.class);
				await("saw the other holder", () -> election.getLeader().isPresent());
				try (KubeClient client = admin()) {
					client.create(configMap("x"));
				}
				Listeners listeners = context.getBean(Listeners.class);
				await("everywhere got x", () -> listeners.everywhere.contains("x"));
				assertThat(election.isLeader()).isFalse();
				assertThat(election.getLeader()).hasValue("someone-else");
				assertThat(listeners.leaderOnly).isEmpty();
				assertThat(context.getBean(KubeWatchListenerRegistry.class).getListenerContainer("leaderOnly")
					.isRunning()).isFalse();
			});
	}

	@Test
	void leaderOnlyByDefaultMarksUnmarkedListenersAndFalseOptsOut() {
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a",
					"lightkube.leader-election.leader-only-by-default=true")
			.withUserConfiguration(Listeners.class)
			.run((context) -> assertThat(context.getBean(LeaderOnlyListeners.class).ids())
				.containsExactlyInAnyOrder("leaderOnly", "everywhere"));
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a",
					"lightkube.leader-election.leader-only-by-default=true")
			.withUserConfiguration(OptedOut.class)
			.run((context) -> assertThat(context.getBean(LeaderOnlyListeners.class).ids()).isEmpty());
	}

	@Test
	void leaderOnlyListenerWithoutLeaderElectionFailsAtStartUp() {
		this.runner.withUserConfiguration(Listeners.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("is leader-only, but leader election is off: set "
						+ "lightkube.leader-election.enabled=true");
		});
	}

	@Test
	void eventsComeAfterTheContextIsRefreshedAndRevokedOnShutdownAfterListenersStopped() {
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a")
			.withUserConfiguration(EventRecorder.class)
			.run((context) -> {
				EventRecorder recorder = context.getBean(EventRecorder.class);
				await("granted", () -> recorder.events.contains("granted"));
				assertThat(recorder.events).containsExactly("refreshed", "granted");
				context.close();
				assertThat(recorder.events).containsExactly("refreshed", "granted", "stopped holding a", "revoked");
				// Released after the leader work stopped, with the client still open.
				assertThat(lease("default", "a").getSpec().getHolderIdentity()).isNull();
			});
	}

	@Test
	void healthShowsTheLeaseHolderAndWhetherThisReplicaLeads() {
		this.runner
			.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a",
					"lightkube.leader-election.identity=me")
			.run((context) -> {
				await("leading", context.getBean(KubeLeaderElection.class)::isLeader);
				Health health = context.getBean(KubeHealthIndicator.class).health().block();
				@SuppressWarnings("unchecked")
				Map<String, Object> details = (Map<String, Object>) health.getDetails().get("leaderElection");
				assertThat(details).containsEntry("lease", "default/a")
					.containsEntry("identity", "me")
					.containsEntry("holder", "me")
					.containsEntry("leading", true)
					.containsKey("timeSinceLastRenew");
			});
	}

	@Test
	void metersCountLeadership() {
		this.runner.withPropertyValues("lightkube.leader-election.enabled=true", "lightkube.leader-election.lease-name=a")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("kube.leader.election.leader").tag("lease", "a").gauge().value()).isZero();
				await("leading", context.getBean(KubeLeaderElection.class)::isLeader);
				await("gauge", () -> registry.get("kube.leader.election.leader").gauge().value() == 1.0);
				assertThat(registry.get("kube.leader.election.transitions").tag("to", "leader").counter().count())
					.isEqualTo(1.0);
				assertThat(registry.get("kube.leader.election.attempts").tag("outcome", "acquired").counter().count())
					.isEqualTo(1.0);
				context.close();
				assertThat(registry.get("kube.leader.election.leader").gauge().value()).isZero();
				assertThat(registry.get("kube.leader.election.transitions").tag("to", "follower").counter().count())
					.isEqualTo(1.0);
			});
	}

	private static InvalidConfigurationPropertyValueException invalid(Throwable failure) {
		Throwable cause = failure;
		while (cause != null) {
			if (cause instanceof InvalidConfigurationPropertyValueException invalid) {
				return invalid;
			}
			cause = cause.getCause();
		}
		throw new AssertionError("No InvalidConfigurationPropertyValueException in " + failure, failure);
	}

	private static ConfigMap configMap(String name) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
	}

	static void await(String what, BooleanSupplier condition) {
		long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				fail("Never happened: " + what);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				fail("interrupted");
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<String> leaderOnly = new CopyOnWriteArrayList<>();

		final List<String> everywhere = new CopyOnWriteArrayList<>();

		@KubeWatch(value = ConfigMap.class, id = "leaderOnly", leaderOnly = "true")
		void onLeader(ConfigMap configMap) {
			this.leaderOnly.add(configMap.getMetadata().getName());
		}

		@KubeWatch(value = ConfigMap.class, id = "everywhere")
		void anywhere(ConfigMap configMap) {
			this.everywhere.add(configMap.getMetadata().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OptedOut {

		@KubeWatch(value = ConfigMap.class, leaderOnly = "${listener.leader-only:false}")
		void anywhere(ConfigMap configMap) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorder implements ApplicationListener<ApplicationEvent>, LeaderCallbacks {

		final List<String> events = new CopyOnWriteArrayList<>();

		private KubeClient client;

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ContextRefreshedEvent) {
				this.events.add("refreshed");
			}
			else if (event instanceof LeadershipGrantedEvent granted) {
				assertThat(granted.getLease()).isEqualTo("default/a");
				this.events.add("granted");
			}
			else if (event instanceof LeadershipRevokedEvent) {
				this.events.add("revoked");
			}
			else if (event instanceof LeaderElectionEvent) {
				this.events.add("unexpected " + event);
			}
		}

		@Override
		public void stoppedLeading() {
			// Still held while the leader work stops: the release comes after.
			try (KubeClient admin = admin()) {
				this.events.add("stopped holding " + admin.get(Lease.class, "a").getSpec().getHolderIdentity()
					.replaceAll(".+", "a"));
			}
		}

	}

}
