package dev.lightkube.benchmarks.failover;

import dev.lightkube.KubeClient;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.leader.LeaderElector;
import dev.lightkube.test.FaultProxy;
import dev.lightkube.test.KubeApiServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failover time of leader election with the default durations (lease 15 s, renew deadline 10 s, retry 2 s), three
 * replicas each behind its own {@link FaultProxy}: after a graceful stop (the lease is released), a kill (no more
 * requests, no release) and a partition (the leader's requests hang). Then the lease requests per minute of a leader
 * and of a follower. Prints Markdown.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.lightkube.benchmarks.failover.FailoverMain [rounds] [rate-seconds]
 * </pre>
 */
public final class FailoverMain {

	private FailoverMain() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		int rateSeconds = (args.length > 1) ? Integer.parseInt(args[1]) : 60;
		try (KubeApiServer server = KubeApiServer.start()) {
			System.out.println("| stop of the leader | round | old leader stopped after | new leader started after |");
			System.out.println("|---|---|---|---|");
			int lease = 0;
			for (String scenario : List.of("graceful", "kill", "partition")) {
				for (int round = 1; round <= rounds; round++) {
					measure(server, "bench-" + (lease++), scenario, round);
				}
			}
			rates(server, "bench-rates", rateSeconds);
		}
	}

	private static void measure(KubeApiServer server, String lease, String scenario, int round) throws Exception {
		List<Replica> replicas = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				replicas.add(new Replica(server, lease, "r" + i, !scenario.equals("kill")));
			}
			replicas.forEach((replica) -> replica.elector.start());
			Replica leader = awaitLeader(replicas, null);
			// Let the followers see a few renewals, as in a running deployment.
			Thread.sleep(5_000);
			long stop = System.nanoTime();
			switch (scenario) {
				case "graceful", "kill" -> leader.elector.close();
				default -> leader.proxy.stall();
			}
			Replica next = awaitLeader(replicas, leader);
			System.out.printf(Locale.ROOT, "| %s | %d | %s | %s |%n", scenario, round,
					seconds(leader.stoppedAt - stop), seconds(next.startedAt - stop));
		}
		finally {
			for (Replica replica : replicas) {
				replica.close();
			}
		}
	}

	private static void rates(KubeApiServer server, String lease, int seconds) throws Exception {
		List<Replica> replicas = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				replicas.add(new Replica(server, lease, "r" + i, true));
			}
			replicas.forEach((replica) -> replica.elector.start());
			awaitLeader(replicas, null);
			replicas.forEach((replica) -> replica.requests.set(0));
			Thread.sleep(seconds * 1000L);
			System.out.println();
			System.out.println("| replica | lease requests per minute |");
			System.out.println("|---|---|");
			for (Replica replica : replicas) {
				System.out.printf(Locale.ROOT, "| %s | %.1f |%n", replica.elector.isLeader() ? "leader" : "follower",
						replica.requests.get() * 60.0 / seconds);
			}
		}
		finally {
			for (Replica replica : replicas) {
				replica.close();
			}
		}
	}

	private static Replica awaitLeader(List<Replica> replicas, Replica previous) throws InterruptedException {
		while (true) {
			for (Replica replica : replicas) {
				if (replica != previous && replica.elector.isLeader() && replica.startedAt != 0) {
					return replica;
				}
			}
			Thread.sleep(10);
		}
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
	}

	/** One replica: its proxy, client (counting its requests) and elector with the default durations. */
	private static final class Replica implements LeaderCallbacks, AutoCloseable {

		final FaultProxy proxy;

		final KubeClient client;

		final LeaderElector elector;

		final AtomicInteger requests = new AtomicInteger();

		volatile long startedAt;

		volatile long stoppedAt;

		Replica(KubeApiServer server, String lease, String name, boolean release) {
			this.proxy = FaultProxy.to(server);
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStart(Observation.Context context) {
					Replica.this.requests.incrementAndGet();
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
			this.client = KubeClient.builder()
				.config(KubeConfig.fromServer(this.proxy.url()))
				.namespace("default")
				.observationRegistry(observations)
				.build();
			this.elector = new LeaderElector(this.client,
					LeaderElectionConfig.builder(lease).identity(name).releaseOnCancel(release).build(), this);
		}

		@Override
		public void startedLeading() {
			this.startedAt = System.nanoTime();
		}

		@Override
		public void stoppedLeading() {
			this.stoppedAt = System.nanoTime();
		}

		@Override
		public void close() {
			this.proxy.pass();
			this.elector.close();
			this.client.close();
			this.proxy.close();
		}

	}

}
