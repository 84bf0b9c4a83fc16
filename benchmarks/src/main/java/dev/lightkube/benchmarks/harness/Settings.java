package dev.lightkube.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.server.ServerKind;

/**
 * What one run measures and how often; {@link #parse(String...)} reads the command line.
 *
 * @param pods pods in the list
 * @param events watch events to consume
 * @param gets gets per sample (sequential and concurrent)
 * @param getThreads threads for the concurrent gets
 * @param writes create, patch or apply round trips per sample
 * @param warmups unrecorded interleaved rounds before measuring
 * @param iterations recorded interleaved rounds
 * @param clients client short names, in table order
 * @param operations the timed operations
 * @param heapSizesMb the -Xmx values the heap probe tries, largest first
 * @param startupRuns start-ups per variant
 * @param heap whether to run the heap probe
 * @param startup whether to run the start-up probe
 * @param servers the server kinds every row is measured on, in table order
 */
public record Settings(int pods, int events, int gets, int getThreads, int writes, int warmups, int iterations,
		List<String> clients, Set<Operation> operations, List<Integer> heapSizesMb, int startupRuns, boolean heap,
		boolean startup, List<ServerKind> servers) {

	/** Settings on every server kind. */
	public Settings(int pods, int events, int gets, int getThreads, int writes, int warmups, int iterations,
			List<String> clients, Set<Operation> operations, List<Integer> heapSizesMb, int startupRuns, boolean heap,
			boolean startup) {
		this(pods, events, gets, getThreads, writes, warmups, iterations, clients, operations, heapSizesMb,
				startupRuns, heap, startup, List.of(ServerKind.values()));
	}

	static final String USAGE = """
			usage: java -jar benchmarks/target/benchmarks.jar [--quick] [--clients a,b] [--ops list,watch,...]
			                                                  [--servers a,b] [--no-heap] [--no-startup] [--iterations n]
			  --quick        a smoke run: 1,000 pods and events, 100 gets, 2 recorded rounds, two heap sizes
			  --clients      from %s
			  --ops          from %s
			  --servers      from %s
			""".formatted(Clients.names(), Arrays.stream(Operation.values()).map(Operation::id).toList(),
			Arrays.stream(ServerKind.values()).map(ServerKind::id).toList());

	/** The default run: the sizes. */
	public static Settings defaults() {
		return new Settings(10_000, 10_000, 1_000, 16, 200, 2, 5, Clients.names(), EnumSet.allOf(Operation.class),
				List.of(512, 384, 256, 192, 128, 96, 64, 48, 32), 15, true, true);
	}

	/** The smoke run. */
	public static Settings quick() {
		return new Settings(1_000, 1_000, 100, 16, 20, 1, 2, Clients.names(), EnumSet.allOf(Operation.class),
				List.of(256, 64), 2, true, true);
	}

	/** Parse the command line; throws {@link IllegalArgumentException} naming the bad argument. */
	public static Settings parse(String... args) {
		List<String> list = Arrays.asList(args);
		Settings settings = list.contains("--quick") ? quick() : defaults();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--quick" -> {
				}
				case "--no-heap" -> settings = settings.withFlags(false, settings.startup());
				case "--no-startup" -> settings = settings.withFlags(settings.heap(), false);
				case "--clients" -> settings = settings.withClients(value(args, ++i, arg));
				case "--ops" -> settings = settings.withOperations(value(args, ++i, arg));
				case "--iterations" -> settings = settings.withIterations(Integer.parseInt(value(args, ++i, arg)));
				case "--servers" -> settings = settings.withServers(value(args, ++i, arg));
				default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'\n" + USAGE);
			}
		}
		return settings;
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return args[index];
	}

	Settings withFlags(boolean heap, boolean startup) {
		return new Settings(this.pods, this.events, this.gets, this.getThreads, this.writes, this.warmups,
				this.iterations, this.clients, this.operations, this.heapSizesMb, this.startupRuns, heap, startup,
				this.servers);
	}

	Settings withClients(String names) {
		List<String> chosen = new ArrayList<>();
		for (String name : names.split(",")) {
			Clients.factory(name.trim());
			chosen.add(name.trim());
		}
		return new Settings(this.pods, this.events, this.gets, this.getThreads, this.writes, this.warmups,
				this.iterations, chosen, this.operations, this.heapSizesMb, this.startupRuns, this.heap, this.startup,
				this.servers);
	}

	Settings withOperations(String ids) {
		Set<Operation> chosen = EnumSet.noneOf(Operation.class);
		for (String id : ids.split(",")) {
			chosen.add(Operation.byId(id.trim()));
		}
		return new Settings(this.pods, this.events, this.gets, this.getThreads, this.writes, this.warmups,
				this.iterations, this.clients, chosen, this.heapSizesMb, this.startupRuns, this.heap, this.startup,
				this.servers);
	}

	Settings withServers(String ids) {
		List<ServerKind> chosen = new ArrayList<>();
		for (String id : ids.split(",")) {
			ServerKind kind = ServerKind.byId(id.trim());
			if (!chosen.contains(kind)) {
				chosen.add(kind);
			}
		}
		return new Settings(this.pods, this.events, this.gets, this.getThreads, this.writes, this.warmups,
				this.iterations, this.clients, this.operations, this.heapSizesMb, this.startupRuns, this.heap,
				this.startup, List.copyOf(chosen));
	}

	/** The same settings with another number of recorded rounds. */
	public Settings withIterations(int iterations) {
		if (iterations < 1) {
			throw new IllegalArgumentException("--iterations must be at least 1, was " + iterations);
		}
		return new Settings(this.pods, this.events, this.gets, this.getThreads, this.writes, this.warmups,
				iterations, this.clients, this.operations, this.heapSizesMb, this.startupRuns, this.heap,
				this.startup, this.servers);
	}

	/** The arguments that reproduce these settings in a forked JVM (see {@link TimingRun#main}). */
	List<String> toArguments() {
		return List.of(String.valueOf(this.pods), String.valueOf(this.events), String.valueOf(this.gets),
				String.valueOf(this.getThreads), String.valueOf(this.writes), String.valueOf(this.warmups),
				String.valueOf(this.iterations), String.join(",", this.clients),
				String.join(",", this.operations.stream().map(Operation::id).toList()),
				String.join(",", this.servers.stream().map(ServerKind::id).toList()));
	}

	/** The inverse of {@link #toArguments()}, starting at {@code args[offset]}. */
	static Settings fromArguments(String[] args, int offset) {
		Settings base = new Settings(Integer.parseInt(args[offset]), Integer.parseInt(args[offset + 1]),
				Integer.parseInt(args[offset + 2]), Integer.parseInt(args[offset + 3]),
				Integer.parseInt(args[offset + 4]), Integer.parseInt(args[offset + 5]),
				Integer.parseInt(args[offset + 6]), List.of(), EnumSet.allOf(Operation.class), List.of(), 0, false,
				false);
		return base.withClients(args[offset + 7]).withOperations(args[offset + 8]).withServers(args[offset + 9]);
	}

}
