package dev.lightkube.autoconfigure.leader;

import dev.lightkube.KubeClient;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.listener.KubeWatchAutoConfiguration;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.election.KubeLeaderElection;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.observation.LeaderElectionObserver;
import dev.lightkube.test.FaultProxy;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static dev.lightkube.autoconfigure.leader.LeaderElectionAutoConfigurationTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application contexts in one JVM, each reaching one in-memory API server through its own {@link FaultProxy},
 * with short durations (lease 1.5 s, renew deadline 1 s, retry 0.2 s). Each replica records when its leader work
 * started and stopped and when each leader-only delivery ran; every test ends by checking, from those instants, that
 * no two replicas ever led at once and that leader-only deliveries ran only inside their replica's leadership.
 */
class LeaderElectionReplicasTests {

	private final KubeApiServer server = KubeApiServer.start();

	private final List<FaultProxy> proxies = new ArrayList<>();

	private final List<Replica> replicas = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class, KubeWatchAutoConfiguration.class,
				LeaderElectionAutoConfiguration.class))
		.withUserConfiguration(ReplicaConfiguration.class)
		.withPropertyValues("lightkube.namespace=default", "lightkube.leader-election.enabled=true",
				"lightkube.leader-election.lease-name=orders", "lightkube.leader-election.lease-duration=1500ms",
				"lightkube.leader-election.renew-deadline=1s", "lightkube.leader-election.retry-period=200ms",
				"lightkube.watch.initial-backoff=50ms", "lightkube.watch.max-backoff=200ms");

	@BeforeEach
	void proxies() {
		for (int i = 0; i < 3; i++) {
			this.proxies.add(FaultProxy.to(this.server));
		}
	}

	@AfterEach
	void noOverlapEver() {
		this.proxies.forEach(FaultProxy::close);
		this.server.close();
		List<long[]> terms = new ArrayList<>();
		for (Replica replica : this.replicas) {
			terms.addAll(replica.work.terms);
			for (long[] delivery : replica.listeners.leaderOnlyDeliveries) {
				assertThat(replica.work.terms).as("%s delivered to a leader-only listener while not leading", replica)
					.anySatisfy((term) -> assertThat(delivery[0] > term[0] && delivery[1] < term[1]).isTrue());
			}
		}
		terms.sort(Comparator.comparingLong((long[] term) -> term[0]));
		for (int i = 1; i < terms.size(); i++) {
			assertThat(terms.get(i)[0]).as("leadership %d starts after %d ended", i, i - 1)
				.isGreaterThan(terms.get(i - 1)[1]);
		}
	}

	@Test
	void exactlyOneLeadsAndOnlyItRunsLeaderOnlyListeners() {
		withReplicas(() -> {
			await("a leader", () -> leaders() == 1);
			Replica leader = leader();
			create("x");
			await("every replica saw x", () -> this.replicas.stream()
				.allMatch((replica) -> replica.listeners.everywhere.contains("x")));
			await("the leader's leader-only listener saw x", () -> leader.listeners.leaderOnly.contains("x"));
			assertThat(leaders()).isEqualTo(1);
			// A follower learns who leads when it next looks at the lease (every retry period), not at once.
			Optional<String> leading = Optional.of(leader.election().getIdentity());
			await("every replica knows the leader",
					() -> this.replicas.stream().allMatch((replica) -> replica.election().getLeader().equals(leading)));
			for (Replica replica : this.replicas) {
				if (replica != leader) {
					assertThat(replica.listeners.leaderOnly).isEmpty();
				}
			}
		});
	}

	@Test
	void leaderClosedGracefullyHandsOver() {
		withReplicas(() -> {
			await("a leader", () -> leaders() == 1);
			Replica first = leader();
			first.context.close();
			assertThat(first.work.stopped()).isTrue();
			await("another leads", () -> leaders() == 1);
			Replica next = leader();
			assertThat(next).isNotSameAs(first);
			create("after");
			await("the new leader's listener saw it", () -> next.listeners.leaderOnly.contains("after"));
			assertThat(first.listeners.leaderOnly).doesNotContain("after");
		});
	}

	@Test
	void leaderKilledWithoutReleaseIsReplacedAfterExpiry() {
		withReplicas(() -> {
			await("a leader", () -> leaders() == 1);
			Replica first = leader();
			// Its client stops talking; closing cannot release the lease then.
			first.proxy.reset();
			first.context.close();
			await("another leads", () -> leaders() == 1);
			Replica next = leader();
			assertThat(next).isNotSameAs(first);
			// the election says "leader" just before it runs the started-leading callbacks
			await("the new leader's work started", () -> next.work.leading());
			assertThat(next.work.lastStart()).isGreaterThan(first.work.lastStop());
		});
	}

	@Test
	void partitionedLeaderStopsBeforeAnotherAcquires() {
		withReplicas(() -> {
			await("a leader", () -> leaders() == 1);
			Replica first = leader();
			create("before");
			await("the leader saw it", () -> first.listeners.leaderOnly.contains("before"));
			first.proxy.stall();
			await("first stopped", () -> !first.election().isLeader() && first.work.stopped());
			assertThat(first.registryListenerRunning()).isFalse();
			await("another leads", () -> this.replicas.stream()
				.anyMatch((replica) -> replica != first && replica.election().isLeader()));
			Replica next = leader();
			await("the new leader's work started", () -> next.work.leading());
			assertThat(next.work.lastStart()).isGreaterThan(first.work.lastStop());
			first.proxy.pass();
			create("healed");
			await("first saw the new leader", () -> first.election().getLeader()
				.equals(next.election().getLeader()) && first.listeners.everywhere.contains("healed"));
			await("the new leader's listener saw it", () -> next.listeners.leaderOnly.contains("healed"));
			assertThat(first.election().isLeader()).isFalse();
			assertThat(first.listeners.leaderOnly).doesNotContain("healed");
		});
	}

	@Test
	void apiServerUnreachableLongerThanTheLeaseNobodyLeadsThenOneDoes() {
		withReplicas(() -> {
			await("a leader", () -> leaders() == 1);
			Replica first = leader();
			long outageStart = System.nanoTime();
			this.proxies.forEach(FaultProxy::reset);
			await("first stopped", () -> first.work.stopped());
			// Longer than the 2 s lease: 11 more failed attempts each, at least 0.2 s apart.
			List<Integer> before = this.replicas.stream().map((replica) -> replica.attempts.failed.get()).toList();
			for (int i = 0; i < this.replicas.size(); i++) {
				Replica replica = this.replicas.get(i);
				int from = before.get(i);
				await(replica + " kept failing", () -> replica.attempts.failed.get() >= from + 11);
			}
			assertThat(leaders()).isZero();
			long outageEnd = System.nanoTime();
			this.proxies.forEach(FaultProxy::pass);
			await("one leads again", () -> leaders() == 1);
			for (Replica replica : this.replicas) {
				assertThat(replica.work.terms).as("%s started leading during the outage", replica)
					.allSatisfy((term) -> assertThat(term[0] < outageStart || term[0] > outageEnd).isTrue());
			}
		});
	}

	private void withReplicas(Runnable body) {
		start(0, body);
	}

	private void start(int index, Runnable body) {
		if (index == this.proxies.size()) {
			body.run();
			return;
		}
		FaultProxy proxy = this.proxies.get(index);
		this.runner
			.withPropertyValues("lightkube.server=" + proxy.url(), "lightkube.leader-election.identity=replica-" + index)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				this.replicas.add(new Replica("replica-" + index, context, proxy, context.getBean(LeaderWork.class),
						context.getBean(Listeners.class), context.getBean(KubeLeaderElection.class),
						context.getBean(Attempts.class)));
				start(index + 1, body);
			});
	}

	private long leaders() {
		return this.replicas.stream().filter((replica) -> replica.election().isLeader()).count();
	}

	private Replica leader() {
		return this.replicas.stream().filter((replica) -> replica.election().isLeader()).findFirst().orElseThrow();
	}

	private void create(String name) {
		try (KubeClient client = KubeClient.builder()
			.config(KubeConfig.fromServer(this.server.url()))
			.namespace("default")
			.build()) {
			client.create(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build());
		}
	}

	private record Replica(String name, AssertableApplicationContext context, FaultProxy proxy, LeaderWork work,
			Listeners listeners, KubeLeaderElection election, Attempts attempts) {

		boolean registryListenerRunning() {
			return this.context.getBean(dev.lightkube.listener.KubeWatchListenerRegistry.class)
				.getListenerContainer("leaderOnly")
				.isRunning();
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReplicaConfiguration {

		@Bean
		LeaderWork leaderWork() {
			return new LeaderWork();
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

		@Bean
		Attempts attempts() {
			return new Attempts();
		}

	}

	/** The leader work of a replica: started first, stopped last (around the leader-only listeners). */
	static class LeaderWork implements LeaderCallbacks, Ordered {

		final List<long[]> terms = new CopyOnWriteArrayList<>();

		@Override
		public void startedLeading() {
			this.terms.add(new long[] { System.nanoTime(), Long.MAX_VALUE });
		}

		@Override
		public void stoppedLeading() {
			this.terms.get(this.terms.size() - 1)[1] = System.nanoTime();
		}

		boolean stopped() {
			return this.terms.stream().allMatch((term) -> term[1] != Long.MAX_VALUE);
		}

		boolean leading() {
			return !this.terms.isEmpty() && !stopped();
		}

		long lastStart() {
			return this.terms.get(this.terms.size() - 1)[0];
		}

		long lastStop() {
			return this.terms.get(this.terms.size() - 1)[1];
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/** Counts the attempts that did not write the lease. */
	static class Attempts implements LeaderElectionObserver {

		final AtomicInteger failed = new AtomicInteger();

		@Override
		public void attempted(String lease, String outcome) {
			if (!outcome.equals("acquired") && !outcome.equals("renewed")) {
				this.failed.incrementAndGet();
			}
		}

	}

	static class Listeners {

		final List<String> leaderOnly = new CopyOnWriteArrayList<>();

		final List<long[]> leaderOnlyDeliveries = new CopyOnWriteArrayList<>();

		final List<String> everywhere = new CopyOnWriteArrayList<>();

		@KubeWatch(value = ConfigMap.class, id = "leaderOnly", leaderOnly = "true")
		void onLeader(ConfigMap configMap) {
			long start = System.nanoTime();
			this.leaderOnly.add(configMap.getMetadata().getName());
			this.leaderOnlyDeliveries.add(new long[] { start, System.nanoTime() });
		}

		@KubeWatch(value = ConfigMap.class, id = "everywhere")
		void anywhere(ConfigMap configMap) {
			this.everywhere.add(configMap.getMetadata().getName());
		}

	}

}
