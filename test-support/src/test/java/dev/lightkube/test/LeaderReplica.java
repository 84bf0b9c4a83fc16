package dev.lightkube.test;

import dev.lightkube.KubeClient;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.leader.LeaderElector;
import dev.lightkube.observation.LeaderElectionObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One replica in a leader election test: its own proxy to the shared server (to partition it), its own client and
 * elector, and the instants (System.nanoTime) at which its leader work started and stopped.
 */
final class LeaderReplica implements LeaderCallbacks, LeaderElectionObserver, AutoCloseable {

	/** Short durations so the tests are quick: the lease written is 2 s (rounded up), renew 1 s, retry 0.2 s. */
	static final Duration LEASE = Duration.ofMillis(1500);

	static final Duration RENEW = Duration.ofSeconds(1);

	static final Duration RETRY = Duration.ofMillis(200);

	final String name;

	final FaultProxy proxy;

	final KubeClient client;

	final LeaderElector elector;

	/** [start, stop] of each leadership; stop is Long.MAX_VALUE while leading. */
	final List<long[]> terms = new ArrayList<>();

	final AtomicInteger renewals = new AtomicInteger();

	/** Attempts that did not write the lease (held by another, conflict, timeout, error). */
	final AtomicInteger failures = new AtomicInteger();

	final List<String> leadersSeen = new ArrayList<>();

	/** A monotonic clock that moves only when the test advances it, used when the test asks for one. */
	final AtomicLong fakeNanos = new AtomicLong(1_000_000_000L);

	LeaderReplica(KubeApiServer server, String lease, String name, boolean fakeClock,
			UnaryOperator<LeaderElectionConfig.Builder> tweak) {
		this.name = name;
		this.proxy = FaultProxy.to(server);
		this.client = KubeClient.builder().config(KubeConfig.fromServer(this.proxy.url())).namespace("default").build();
		LeaderElectionConfig config = tweak.apply(LeaderElectionConfig.builder(lease)
			.identity(name)
			.leaseDuration(LEASE)
			.renewDeadline(RENEW)
			.retryPeriod(RETRY)
			.observer(this)).build();
		if (fakeClock) {
			config = config.toBuilder().nanoClock(this.fakeNanos::get).build();
		}
		this.elector = new LeaderElector(this.client, config, this);
	}

	LeaderReplica(KubeApiServer server, String lease, String name) {
		this(server, lease, name, false, UnaryOperator.identity());
	}

	static UnaryOperator<LeaderElectionConfig.Builder> wallClockShiftedBy(Duration shift) {
		return (builder) -> builder.wallClock(Clock.offset(Clock.systemUTC(), shift));
	}

	LeaderReplica start() {
		this.elector.start();
		return this;
	}

	@Override
	public synchronized void startedLeading() {
		this.terms.add(new long[] { System.nanoTime(), Long.MAX_VALUE });
	}

	@Override
	public synchronized void stoppedLeading() {
		this.terms.get(this.terms.size() - 1)[1] = System.nanoTime();
	}

	@Override
	public synchronized void newLeader(String identity) {
		this.leadersSeen.add(identity);
	}

	@Override
	public void attempted(String lease, String outcome) {
		if (outcome.equals("renewed") || outcome.equals("acquired")) {
			this.renewals.incrementAndGet();
		}
		else {
			this.failures.incrementAndGet();
		}
	}

	synchronized List<long[]> terms() {
		return this.terms.stream().map(long[]::clone).toList();
	}

	synchronized int termCount() {
		return this.terms.size();
	}

	/** The instant this replica last started leading. */
	synchronized long lastStart() {
		return this.terms.get(this.terms.size() - 1)[0];
	}

	/** The instant this replica last stopped leading. */
	synchronized long lastStop() {
		return this.terms.get(this.terms.size() - 1)[1];
	}

	@Override
	public void close() {
		this.proxy.pass();
		this.elector.close();
		this.client.close();
		this.proxy.close();
	}

	/** No two replicas ever led at the same time: every term ends before the next one (of anyone) starts. */
	static void assertNoOverlap(List<LeaderReplica> replicas) {
		List<long[]> all = new ArrayList<>();
		for (LeaderReplica replica : replicas) {
			all.addAll(replica.terms());
		}
		all.sort(Comparator.comparingLong((long[] term) -> term[0]));
		for (int i = 1; i < all.size(); i++) {
			assertThat(all.get(i)[0]).as("term %d starts after term %d ended", i, i - 1).isGreaterThan(all.get(i - 1)[1]);
		}
	}

	static long leaders(List<LeaderReplica> replicas) {
		return replicas.stream().filter((replica) -> replica.elector.isLeader()).count();
	}

	/** Polls {@code condition} (a safety net of 30 s, not an assertion on time). */
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

	@Override
	public String toString() {
		return this.name;
	}

}
