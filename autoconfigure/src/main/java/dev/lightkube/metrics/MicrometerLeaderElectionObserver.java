package dev.lightkube.metrics;

import dev.lightkube.observation.LeaderElectionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what a leader elector does as Micrometer meters: the gauge {@code kube.leader.election.leader} (lease; 1 while
 * this replica leads), {@code kube.leader.election.transitions} (lease, to: {@code leader} or {@code follower}) and
 * {@code kube.leader.election.attempts} (lease, outcome).
 */
public class MicrometerLeaderElectionObserver implements LeaderElectionObserver {

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> leading = new ConcurrentHashMap<>();

	public MicrometerLeaderElectionObserver(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Registers the gauge of {@code lease} at 0, so it exists before the first attempt ends. */
	public void register(String lease) {
		leader(lease);
	}

	@Override
	public void leadershipChanged(String lease, boolean leading) {
		leader(lease).set(leading ? 1 : 0);
		Counter.builder("kube.leader.election.transitions")
			.description("Times this replica started or stopped leading")
			.tag("lease", lease)
			.tag("to", leading ? "leader" : "follower")
			.register(this.registry)
			.increment();
	}

	@Override
	public void attempted(String lease, String outcome) {
		Counter.builder("kube.leader.election.attempts")
			.description("Attempts to acquire or renew the lease, by outcome")
			.tag("lease", lease)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	private AtomicInteger leader(String lease) {
		return this.leading.computeIfAbsent(lease, (key) -> {
			AtomicInteger value = new AtomicInteger();
			Gauge.builder("kube.leader.election.leader", value, AtomicInteger::get)
				.description("1 while this replica leads, else 0")
				.tag("lease", key)
				.register(this.registry);
			return value;
		});
	}

}
