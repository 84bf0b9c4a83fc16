package dev.lightkube.benchmarks.harness;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.LoopbackServer;

/**
 * The one command: starts the loopback server, forks the timing JVM (fixed 2 GB heap, parallel collector), the heap
 * probes and the start-up probes, and prints one table. Run {@code java -jar benchmarks/target/benchmarks.jar}.
 */
public final class BenchmarkMain {

	/** JVM options of the timing JVM, as in the reference measurements. */
	static final List<String> TIMING_JVM = List.of("-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch");

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
		String classPath = System.getProperty("java.class.path");
		Path target = targetDirectory(classPath);
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		System.out.println("fixtures: " + fixtures.describe());
		List<Result> results = new ArrayList<>();
		try (LoopbackServer server = LoopbackServer.start(fixtures)) {
			System.out.println("server: " + server.uri() + "; timing " + settings.clients() + ", "
					+ settings.warmups() + " warm-up + " + settings.iterations() + " recorded rounds");
			Path output = Files.createTempFile("lightkube-bench", ".tsv");
			List<String> timingArgs = new ArrayList<>(List.of(server.uri().toString(), output.toString()));
			timingArgs.addAll(settings.toArguments());
			Jvm.Outcome timing = Jvm.run(TIMING_JVM, classPath, TimingRun.class.getName(), timingArgs, 3600, true);
			if (timing.exitCode() != 0) {
				throw new IllegalStateException("the timing JVM failed with exit code " + timing.exitCode());
			}
			Files.readAllLines(output, StandardCharsets.UTF_8).stream().map(Result::fromLine).forEach(results::add);
			Files.deleteIfExists(output);
			System.out.println("requests served: " + server.requestCounts());
			if (settings.heap()) {
				results.addAll(new HeapProbe(settings, server.uri(), classPath, System.out).run());
			}
		}
		if (settings.startup()) {
			results.addAll(new StartupProbe(settings, target, System.out).run());
		}
		System.out.println();
		System.out.println(Report.table(results));
		System.out.printf("total %.0f s%n", (System.nanoTime() - start) / 1e9);
		System.exit(0);
	}

	// benchmarks/target: where the jar lives, or the parent of target/classes when run from an IDE.
	private static Path targetDirectory(String classPath) {
		String first = classPath.split(File.pathSeparator)[0];
		Path path = Path.of(first).toAbsolutePath();
		return (path.getParent() != null) ? path.getParent() : path;
	}

}
