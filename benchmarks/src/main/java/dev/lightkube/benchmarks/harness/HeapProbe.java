package dev.lightkube.benchmarks.harness;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.lightkube.benchmarks.clients.ClientUnderTest;
import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.fixture.PodFixtures;

/**
 * Finds, per client, the smallest {@code -Xmx} with which going through every pod ({@link ClientUnderTest#iterate()})
 * completes: forks one JVM per heap size, largest first, and stops at the first size that fails. The server stays in
 * the parent JVM, so its bytes are not in the measured heap.
 */
public final class HeapProbe {

	private static final String OK = "lightkube-bench-iterated=";

	private final Settings settings;

	private final URI server;

	private final String serverKind;

	private final ClassPaths classPaths;

	private final PrintStream log;

	/** A probe of the server at {@code server}, forking JVMs on {@code classPath}. */
	public HeapProbe(Settings settings, URI server, String classPath, PrintStream log) {
		this(settings, server, "", new ClassPaths(classPath, Path.of("target")), log);
	}

	/** A probe of the server at {@code server}, of the kind {@code serverKind} (the results' server). */
	HeapProbe(Settings settings, URI server, String serverKind, ClassPaths classPaths, PrintStream log) {
		this.settings = settings;
		this.server = server;
		this.serverKind = serverKind;
		this.classPaths = classPaths;
		this.log = log;
	}

	/** One result per client (the decode floor is left out: its input alone would fill the heap). */
	public List<Result> run() throws Exception {
		String label = "iterate " + this.settings.pods() + " pods: smallest -Xmx";
		List<Result> results = new ArrayList<>();
		for (String client : this.settings.clients()) {
			if (client.equals(Clients.DECODE_FLOOR)) {
				continue;
			}
			Integer smallest = null;
			String note = "";
			for (int megabytes : this.settings.heapSizesMb()) {
				Jvm.Outcome outcome = Jvm.run(
						List.of("-Xmx" + megabytes + "m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError"),
						this.classPaths.ofClient(client), HeapProbe.class.getName(),
						List.of(client, this.server.toString(), String.valueOf(this.settings.pods())), 180, false);
				if (outcome.output().contains("not wired")) {
					note = "not wired yet";
					break;
				}
				boolean completed = outcome.exitCode() == 0 && outcome.output().contains(OK + this.settings.pods());
				this.log.printf("  heap %-20s %-15s -Xmx%-5s %s%n", client, this.serverKind, megabytes + "m",
						completed ? "completed" : "failed (exit " + outcome.exitCode() + ")");
				if (!completed) {
					String why = outcome.output().contains("OutOfMemoryError") ? " (OutOfMemoryError)"
							: (outcome.exitCode() == -1) ? " (timed out)" : " (exit " + outcome.exitCode() + ")";
					note = ((smallest != null) ? "failed at -Xmx" + megabytes + "m" : "failed at every size tried") + why;
					break;
				}
				smallest = megabytes;
			}
			if (smallest != null) {
				if (note.isEmpty()) {
					note = "completed at every size tried";
				}
				results.add(new Result(label, client, smallest, "MB", Double.NaN, note, this.serverKind));
			}
			else {
				results.add(Result.missing(label, client, note).on(this.serverKind));
			}
		}
		return results;
	}

	/** Entry point of a probe JVM: {@code <client> <server url> <expected pods>}. */
	public static void main(String[] args) throws Exception {
		String client = args[0];
		URI server = URI.create(args[1]);
		int expected = Integer.parseInt(args[2]);
		// One pod is all the clients need from the fixtures (for their create body); the list comes from the server.
		PodFixtures fixtures = new PodFixtures(1, 0);
		int count;
		try (ClientUnderTest under = Clients.factory(client).create(server, fixtures)) {
			count = under.iterate();
		}
		catch (UnsupportedOperationException ex) {
			System.out.println(ex.getMessage());
			// Not 3: -XX:+ExitOnOutOfMemoryError exits with 3.
			System.exit(4);
			return;
		}
		System.out.println(OK + count);
		System.exit((count == expected) ? 0 : 2);
	}

}
