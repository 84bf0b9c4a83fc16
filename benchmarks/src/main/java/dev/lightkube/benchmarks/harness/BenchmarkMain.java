package dev.lightkube.benchmarks.harness;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.LoopbackServer;
import dev.lightkube.benchmarks.server.ServerKind;

/**
 * The one command: prints the machine, the JDK and the load, starts one loopback server per {@link ServerKind},
 * forks the timing JVMs ({@link #TIMING_JVM}: fixed heap and young generation, parallel collector; fabric8 on Vert.x
 * in one of its own, see {@link dev.lightkube.benchmarks.clients.Clients#jvm(String)}), interleaves every client on
 * every server kind within each round, runs the heap probes and the start-up probes, and prints one table per server
 * kind and the load again. Run {@code java -jar benchmarks/target/benchmarks.jar}.
 */
public final class BenchmarkMain {

	/**
	 * JVM options of every timing JVM, the same for every client: the parallel collector, a fixed heap touched at
	 * start, and a fixed young generation large enough that no young collection falls inside a sample. The full GC
	 * before each sample empties the eden, 2,458 MB here ({@code -Xmn3g}, survivor ratio 8, no adaptive sizing, so it
	 * stays so), more than any client allocates in one sample at the default sizes (at most about 1,900 MB: the
	 * official client's 10,000 watch events). With {@code -Xms2g -Xmx2g} alone the adaptive eden settled between 230
	 * and 510 MB, and a young collection fell inside the list samples at places that depended on each JVM's GC
	 * history (40 to 230 ms each). The old generation (1 GB) holds what survives between samples.
	 */
	static final List<String> TIMING_JVM = List.of("-Xms4g", "-Xmx4g", "-Xmn3g", "-XX:SurvivorRatio=8",
			"-XX:-UseAdaptiveSizePolicy", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch");

	private BenchmarkMain() {
	}

	/** See {@link Settings#USAGE}. */
	public static void main(String[] args) throws Exception {
		Settings settings;
		try {
			settings = Settings.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(64);
			return;
		}
		long start = System.nanoTime();
		List<String> machine = Machine.describe();
		String loadBefore = Machine.load();
		machine.forEach(System.out::println);
		System.out.println("load before: " + loadBefore);
		System.out.println("arguments: " + String.join(" ", args));
		String classPath = System.getProperty("java.class.path");
		Path target = targetDirectory(classPath);
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		System.out.println("fixtures: " + fixtures.describe());
		List<Result> results = new ArrayList<>();
		Map<ServerKind, LoopbackServer> servers = new EnumMap<>(ServerKind.class);
		Map<String, String> transports;
		try {
			for (ServerKind kind : settings.servers()) {
				servers.put(kind, LoopbackServer.start(fixtures, kind));
			}
			Map<ServerKind, URI> uris = new EnumMap<>(ServerKind.class);
			servers.forEach((kind, server) -> uris.put(kind, server.uri()));
			System.out.println("servers: " + servers.values()
				.stream()
				.map((server) -> server.kind().id() + " " + server.uri())
				.toList() + "; timing " + settings.clients() + ", " + settings.warmups()
					+ " warm-up + " + settings.iterations() + " recorded rounds; timing JVMs " + TIMING_JVM);
			ClassPaths classPaths = new ClassPaths(classPath, target);
			try (ForkedSampler sampler = new ForkedSampler(settings, uris, classPaths, TIMING_JVM, System.out)) {
				transports = Map.copyOf(sampler.transports());
				results.addAll(new TimingRun(settings, sampler, System.out).run());
			}
			servers.forEach((kind, server) -> System.out
				.println("requests served (" + kind.id() + "): " + server.requestCounts()));
			if (settings.heap()) {
				for (Map.Entry<ServerKind, LoopbackServer> server : servers.entrySet()) {
					results.addAll(new HeapProbe(settings, server.getValue().uri(), server.getKey().id(), classPaths,
							System.out)
						.run());
				}
			}
		}
		finally {
			servers.values().forEach(LoopbackServer::close);
		}
		if (settings.startup()) {
			results.addAll(new StartupProbe(settings, target, System.out).run());
		}
		System.out.println();
		machine.forEach(System.out::println);
		System.out.println("load before: " + loadBefore);
		System.out.println("load after:  " + Machine.load());
		System.out.printf("total %.0f s (java -jar benchmarks/target/benchmarks.jar %s)%n",
				(System.nanoTime() - start) / 1e9, String.join(" ", args));
		System.out.println();
		System.out.println("Transports (client @ server kind: the HTTP client it used, the timing JVM it ran in):");
		System.out.println();
		transports.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> System.out.println("- " + entry.getKey() + ": " + entry.getValue()));
		System.out.println();
		System.out.println(Report.table(results));
		System.exit(0);
	}

	// benchmarks/target: where the jar lives, or the parent of target/classes when run from an IDE.
	private static Path targetDirectory(String classPath) {
		String first = classPath.split(File.pathSeparator)[0];
		Path path = Path.of(first).toAbsolutePath();
		return (path.getParent() != null) ? path.getParent() : path;
	}

}
