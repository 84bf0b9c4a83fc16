package dev.lightkube.benchmarks.harness;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.lightkube.benchmarks.clients.ClientUnderTest;
import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.fixture.PodFixtures;

/**
 * Times every operation for every client, interleaved: in each round every client runs once, and the order rotates
 * from round to round, so drift (JIT, GC, a neighbour's build) hits everyone alike. A full GC before each sample
 * keeps one client's garbage off the next one's clock.
 */
public final class TimingRun {

	private final Settings settings;

	private final URI server;

	private final PodFixtures fixtures;

	private final PrintStream log;

	/** A run against {@code server}, which serves {@code fixtures}. */
	public TimingRun(Settings settings, URI server, PodFixtures fixtures, PrintStream log) {
		this.settings = settings;
		this.server = server;
		this.fixtures = fixtures;
		this.log = log;
	}

	/** Measure; one result per operation and client. */
	public List<Result> run() throws Exception {
		List<Result> results = new ArrayList<>();
		Map<String, ClientUnderTest> clients = new LinkedHashMap<>();
		Map<String, String> unavailable = new LinkedHashMap<>();
		for (String name : this.settings.clients()) {
			try {
				clients.put(name, Clients.factory(name).create(this.server, this.fixtures));
			}
			catch (UnsupportedOperationException ex) {
				unavailable.put(name, String.valueOf(ex.getMessage()));
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(this.settings.getThreads());
		try {
			for (Operation operation : this.settings.operations()) {
				results.addAll(measure(operation, clients, pool));
				unavailable.forEach((name, why) -> results
					.add(Result.missing(operation.label(this.settings), name, "not wired yet")));
			}
		}
		finally {
			pool.shutdownNow();
			for (ClientUnderTest client : clients.values()) {
				client.close();
			}
		}
		return results;
	}

	private List<Result> measure(Operation operation, Map<String, ClientUnderTest> clients, ExecutorService pool) {
		String label = operation.label(this.settings);
		List<String> names = new ArrayList<>(clients.keySet());
		Map<String, List<Double>> times = new LinkedHashMap<>();
		Map<String, List<Double>> allocations = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		names.forEach((name) -> {
			times.put(name, new ArrayList<>());
			allocations.put(name, new ArrayList<>());
		});
		int rounds = this.settings.warmups() + this.settings.iterations();
		for (int round = 0; round < rounds; round++) {
			boolean recorded = round >= this.settings.warmups();
			for (int k = 0; k < names.size(); k++) {
				String name = names.get((round + k) % names.size());
				if (failures.containsKey(name)) {
					continue;
				}
				System.gc();
				long allocatedBefore = Allocations.total();
				long start = System.nanoTime();
				try {
					long count = operation.run(clients.get(name), this.settings, pool);
					long elapsed = System.nanoTime() - start;
					long allocated = Allocations.total() - allocatedBefore;
					if (count != operation.expected(this.settings)) {
						failures.put(name, "saw " + count + " of " + operation.expected(this.settings));
					}
					else if (recorded) {
						times.get(name).add(elapsed / 1e6);
						allocations.get(name).add(allocated / 1048576.0);
					}
				}
				catch (Exception | Error ex) {
					failures.put(name, "failed: " + ex);
				}
			}
		}
		List<Result> results = new ArrayList<>();
		for (String name : names) {
			if (failures.containsKey(name)) {
				this.log.println("  " + label + ", " + name + ": " + failures.get(name));
				results.add(Result.missing(label, name, failures.get(name)));
			}
			else {
				Result result = new Result(label, name, Result.median(times.get(name)), "ms",
						Result.median(allocations.get(name)), "");
				this.log.printf("  %-28s %-20s %10.1f ms %10.1f MB%n", label, name, result.median(),
						result.allocatedMb());
				results.add(result);
			}
		}
		return results;
	}

	/**
	 * Entry point of the forked timing JVM: {@code <server url> <output file> <settings...>}; writes one
	 * {@link Result} line per row to the output file.
	 */
	public static void main(String[] args) throws Exception {
		URI server = URI.create(args[0]);
		Path output = Path.of(args[1]);
		Settings settings = Settings.fromArguments(args, 2);
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		List<Result> results = new TimingRun(settings, server, fixtures, System.out).run();
		Files.write(output, results.stream().map(Result::toLine).toList(), StandardCharsets.UTF_8);
		// Client pools (OkHttp, fabric8) may hold non-daemon threads for a while; the results are written.
		System.exit(0);
	}

}
