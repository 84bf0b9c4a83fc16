package dev.lightkube.test;

import dev.lightkube.KubeClient;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.leader.LeaderElector;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.lightkube.test.LeaderReplica.assertNoOverlap;
import static dev.lightkube.test.LeaderReplica.await;
import static dev.lightkube.test.LeaderReplica.leaders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election end to end: several electors, each with its own client behind its own {@link FaultProxy}, against
 * one in-memory API server, with short durations (lease 1.5 s, renew deadline 1 s, retry 0.2 s). No assertion on
 * time: the tests record when each replica started and stopped leading and check that terms never overlap, and
 * use a fake monotonic clock where they must show that a replica did not wait for expiry.
 */
class LeaderElectorTests {

	private final KubeApiServer server = KubeApiServer.start();

	private final KubeClient admin = KubeClient.builder()
		.config(KubeConfig.fromServer(this.server.url()))
		.namespace("default")
		.build();

	private final List<LeaderReplica> replicas = new ArrayList<>();

	@AfterEach
	void close() {
		this.replicas.forEach(LeaderReplica::close);
		assertNoOverlap(this.replicas);
		this.admin.close();
		this.server.close();
	}

	private LeaderReplica replica(String name) {
		return replica(name, false, UnaryOperator.identity());
	}

	private LeaderReplica replica(String name, boolean fakeClock,
			UnaryOperator<LeaderElectionConfig.Builder> tweak) {
		LeaderReplica replica = new LeaderReplica(this.server, "app", name, fakeClock, tweak);
		this.replicas.add(replica);
		return replica;
	}

	private Lease lease() {
		return this.admin.get(Lease.class, "app");
	}

	private LeaderReplica leader() {
		return this.replicas.stream().filter((replica) -> replica.elector.isLeader()).findFirst().orElseThrow();
	}

	@Test
	void exactlyOneOfThreeLeadsAndAllAgreeWho() {
		replica("a").start();
		replica("b").start();
		replica("c").start();
		await("a leader", () -> leaders(this.replicas) == 1);
		LeaderReplica leader = leader();
		await("ten renewals", () -> leader.renewals.get() >= 10);
		assertThat(leaders(this.replicas)).isEqualTo(1);
		assertThat(this.replicas).allSatisfy((replica) -> {
			assertThat(replica.elector.leader()).hasValue(leader.name);
			assertThat(replica.termCount()).isEqualTo((replica == leader) ? 1 : 0);
		});
		Lease lease = lease();
		assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.name);
		assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
		assertThat(lease.getSpec().getLeaseTransitions()).isZero();
		assertThat(leader.elector.sinceLastRenew()).isPresent();
	}

	@Test
	void gracefulStopReleasesSoAnotherLeadsWithoutWaitingForExpiry() {
		LeaderReplica first = replica("a").start();
		await("a leads", first.elector::isLeader);
		// The others' clocks never move: they cannot see a lease expire, only a released one.
		LeaderReplica b = replica("b", true, UnaryOperator.identity()).start();
		LeaderReplica c = replica("c", true, UnaryOperator.identity()).start();
		await("b and c tried", () -> b.failures.get() >= 2 && c.failures.get() >= 2);
		first.close();
		assertThat(first.elector.isLeader()).isFalse();
		await("b or c leads", () -> b.elector.isLeader() || c.elector.isLeader());
		LeaderReplica next = leader();
		assertThat(next.lastStart()).isGreaterThan(first.lastStop());
		assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
		assertThat(next.leadersSeen).containsSubsequence("a", next.name);
	}

	@Test
	void killedLeaderIsReplacedOnlyAfterTheLeaseExpires() {
		LeaderReplica first = replica("a", false, (builder) -> builder.releaseOnCancel(false)).start();
		await("a leads", first.elector::isLeader);
		LeaderReplica b = replica("b", true, UnaryOperator.identity()).start();
		await("b saw a", () -> b.elector.leader().equals(Optional.of("a")));
		// Killed: it stops working and never releases the lease.
		first.close();
		int failuresAfterKill = b.failures.get();
		await("b tried many times", () -> b.failures.get() >= failuresAfterKill + 10);
		assertThat(b.elector.isLeader()).as("b takes over before its own clock says the lease expired").isFalse();
		assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");
		b.fakeNanos.addAndGet(Duration.ofMillis(1999).toNanos());
		int failuresNearExpiry = b.failures.get();
		await("b tried again", () -> b.failures.get() >= failuresNearExpiry + 3);
		assertThat(b.elector.isLeader()).as("the lease written says 2 s, longer than b's 1.5 s").isFalse();
		b.fakeNanos.addAndGet(Duration.ofMillis(1).toNanos());
		await("b leads", b.elector::isLeader);
		assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
		assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = FaultProxy.Mode.class, names = { "RESET", "STALL" })
	void partitionedLeaderStopsBeforeAnotherAcquires(FaultProxy.Mode fault) {
		LeaderReplica a = replica("a").start();
		await("a leads", a.elector::isLeader);
		LeaderReplica b = replica("b").start();
		LeaderReplica c = replica("c").start();
		await("b and c saw a", () -> b.elector.leader().isPresent() && c.elector.leader().isPresent());
		partition(a, fault);
		await("a stopped", () -> !a.elector.isLeader());
		await("b or c leads", () -> b.elector.isLeader() || c.elector.isLeader());
		LeaderReplica next = leader();
		assertThat(a.lastStop()).isLessThan(next.lastStart());
		a.proxy.pass();
		int renewals = next.renewals.get();
		await("the new leader renews", () -> next.renewals.get() >= renewals + 5);
		assertThat(a.elector.isLeader()).isFalse();
		assertThat(a.elector.leader()).hasValue(next.name);
		assertThat(leaders(this.replicas)).isEqualTo(1);
	}

	@Test
	void nobodyLeadsWhileTheServerIsUnreachableAndOneLeadsAfter() {
		LeaderReplica a = replica("a").start();
		await("a leads", a.elector::isLeader);
		replica("b").start();
		replica("c").start();
		await("all saw a", () -> this.replicas.stream().allMatch((replica) -> replica.elector.leader().isPresent()));
		long outageStart = System.nanoTime();
		this.replicas.forEach((replica) -> replica.proxy.reset());
		await("a stopped", () -> !a.elector.isLeader());
		// Longer than the lease: every candidate keeps failing at least 3 s (15 attempts of at least 0.2 s each).
		List<Integer> before = this.replicas.stream().map((replica) -> replica.failures.get()).toList();
		for (int i = 0; i < this.replicas.size(); i++) {
			LeaderReplica replica = this.replicas.get(i);
			int from = before.get(i);
			await(replica + " kept failing", () -> replica.failures.get() >= from + 15);
		}
		assertThat(leaders(this.replicas)).isZero();
		long outageEnd = System.nanoTime();
		this.replicas.forEach((replica) -> replica.proxy.pass());
		await("one leads again", () -> leaders(this.replicas) == 1);
		for (LeaderReplica replica : this.replicas) {
			for (long[] term : replica.terms()) {
				assertThat(term[0] < outageStart || term[0] > outageEnd).as("%s started leading in the outage", replica)
					.isTrue();
			}
		}
	}

	@Test
	void leaseDeletedByHandIsRecreatedByItsLeaderAndNobodyElseLeads() {
		LeaderReplica a = replica("a").start();
		await("a leads", a.elector::isLeader);
		LeaderReplica b = replica("b").start();
		await("b saw a", () -> b.elector.leader().isPresent());
		String before = lease().getMetadata().getUid();
		this.admin.delete(Lease.class, "app");
		await("the lease is back", () -> {
			try {
				return !lease().getMetadata().getUid().equals(before);
			}
			catch (dev.lightkube.ApiException ex) {
				return false;
			}
		});
		int renewals = a.renewals.get();
		await("a renews", () -> a.renewals.get() >= renewals + 10);
		assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");
		assertThat(a.termCount()).isEqualTo(1);
		assertThat(b.termCount()).isZero();
	}

	@Test
	void leaderThatReadsAnotherHolderStopsAtOnce() {
		LeaderReplica a = replica("a").start();
		await("a leads", a.elector::isLeader);
		LeaderReplica b = replica("b").start();
		await("b saw a", () -> b.elector.leader().isPresent());
		Lease lease = lease();
		lease.getSpec().setHolderIdentity("edited-by-hand");
		this.admin.replace(lease);
		await("a stopped", () -> !a.elector.isLeader());
		assertThat(a.elector.leader()).hasValue("edited-by-hand");
		// Nobody renews the hand-written record: it expires and one replica takes over.
		await("one leads", () -> leaders(this.replicas) == 1);
		LeaderReplica next = leader();
		assertThat(next.lastStart()).isGreaterThan(a.terms().get(0)[1]);
	}

	@Test
	void wallClocksMinutesApartDoNotMatter() {
		LeaderReplica a = replica("a", false, LeaderReplica.wallClockShiftedBy(Duration.ofMinutes(10))).start();
		await("a leads", a.elector::isLeader);
		LeaderReplica b = replica("b", false, LeaderReplica.wallClockShiftedBy(Duration.ofMinutes(-10))).start();
		await("b saw a", () -> b.elector.leader().isPresent());
		// a's renew time is 20 minutes ahead of b's clock; b still takes over one lease duration after a stops.
		a.proxy.stall();
		await("b leads", b.elector::isLeader);
		assertThat(a.lastStop()).isLessThan(b.lastStart());
		a.proxy.pass();
		b.close();
		await("a leads again", a.elector::isLeader);
		assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(2);
	}

	@Test
	void leaderThatCannotRenewStopsAtItsDeadlineEvenWhileARequestHangs() {
		LeaderReplica a = replica("a", true, UnaryOperator.identity()).start();
		await("a leads", a.elector::isLeader);
		a.proxy.stall();
		int failures = a.failures.get();
		await("a's requests time out", () -> a.failures.get() >= failures + 2);
		assertThat(a.elector.isLeader()).as("a's own clock has not reached the deadline").isTrue();
		a.fakeNanos.addAndGet(Duration.ofSeconds(1).toNanos());
		await("a stopped", () -> !a.elector.isLeader());
		assertThat(a.termCount()).isEqualTo(1);
	}

	@Test
	void blockingRunEndsWhenACallbackClosesTheElectorAndTheLeaseIsReleased() throws Exception {
		LeaderElector[] elector = new LeaderElector[1];
		elector[0] = new LeaderElector(this.admin, LeaderElectionConfig.builder("app")
			.identity("solo")
			.leaseDuration(LeaderReplica.LEASE)
			.renewDeadline(LeaderReplica.RENEW)
			.retryPeriod(LeaderReplica.RETRY)
			.build(), new LeaderCallbacks() {
				@Override
				public void startedLeading() {
					elector[0].close();
				}
			});
		List<Boolean> leadership = new java.util.concurrent.CopyOnWriteArrayList<>();
		elector[0].leadership().subscribe(leadership::add);
		elector[0].run();
		assertThat(elector[0].isLeader()).isFalse();
		assertThat(leadership).containsExactly(false, true, false);
		assertThat(elector[0].leadership().collectList().block()).as("the latest, then complete").containsExactly(false);
		assertThat(lease().getSpec().getHolderIdentity()).isNull();
		assertThat(lease().getSpec().getLeaseTransitions()).isZero();
	}

	@Test
	void reactiveStopCompletesOnceReleased() {
		LeaderReplica a = replica("a").start();
		await("a leads", a.elector::isLeader);
		a.elector.stop().block();
		assertThat(a.lastStop()).isNotEqualTo(Long.MAX_VALUE);
		assertThat(lease().getSpec().getHolderIdentity()).isNull();
	}

	private static void partition(LeaderReplica replica, FaultProxy.Mode fault) {
		if (fault == FaultProxy.Mode.RESET) {
			replica.proxy.reset();
		}
		else {
			replica.proxy.stall();
		}
	}

}
