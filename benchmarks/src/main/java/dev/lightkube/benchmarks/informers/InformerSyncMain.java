package dev.lightkube.benchmarks.informers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.lightkube.test.KubeApiServer;
import org.jspecify.annotations.Nullable;

/**
 * An informer over many realistic pods (default 10,000): time from start until synced and the heap retained once
 * synced, for lightkube's {@code SharedInformer} (WatchList and LIST+WATCH, each with and without dropping
 * {@code managedFields}), fabric8's {@code SharedIndexInformer} and the official client's
 * {@code SharedInformerFactory}. Prints Markdown.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.lightkube.benchmarks.informers.InformerSyncMain \
 *     [--pods 10000] [--rounds 3] [--rows lightkube-watchlist,...,fabric8,official] [--server-watch-list true]
 *     [--xmx 2g] [--sync-timeout 600] [--read-timeout seconds]
 * </pre>
 *
 * The in-memory {@link KubeApiServer} runs in this JVM, loaded with the pods before any client starts; each row runs
 * in a JVM of its own, so neither the server's heap nor another row's is counted. Rounds interleave the rows, each
 * round starting one row further along the list, and the medians over the rounds close the output.
 */
public final class InformerSyncMain {

	private static final String CHILD = "--child";

	private static final double MIB = 1048576.0;

	private InformerSyncMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(CHILD)) {
			child(args);
			return;
		}
		int pods = 10_000;
		int rounds = 3;
		List<String> rows = InformerRows.ALL;
		boolean serverWatchList = true;
		String xmx = "2g";
		int syncTimeout = 600;
		Integer readTimeout = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--pods" -> pods = Integer.parseInt(args[++i]);
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--rows" -> rows = List.of(args[++i].split(","));
				case "--server-watch-list" -> serverWatchList = Boolean.parseBoolean(args[++i]);
				case "--xmx" -> xmx = args[++i];
				case "--sync-timeout" -> syncTimeout = Integer.parseInt(args[++i]);
				case "--read-timeout" -> readTimeout = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; options: --pods n, "
						+ "--rounds n, --rows " + String.join(",", InformerRows.ALL)
						+ ", --server-watch-list true|false, --xmx 2g, --sync-timeout seconds, --read-timeout seconds");
			}
		}
		for (String row : rows) {
			if (!InformerRows.ALL.contains(row)) {
				throw new IllegalArgumentException("Unknown row " + row + "; rows: " + String.join(",", InformerRows.ALL));
			}
		}
		for (String line : run(pods, rounds, rows, serverWatchList, xmx, syncTimeout, readTimeout, System.err)) {
			System.out.println(line);
		}
	}

	/** Loads the server, runs every round and returns the report (Markdown). */
	static List<String> run(int pods, int rounds, List<String> rows, boolean serverWatchList, String xmx,
			int syncTimeout, @Nullable Integer readTimeout, PrintStream log) throws Exception {
		List<String> report = new ArrayList<>();
		report.add("Machine: " + Machine.describe());
		report.add("Load before: " + Machine.uptime());
		List<Measured> all = new ArrayList<>();
		long wallStart = System.nanoTime();
		try (KubeApiServer server = KubeApiServer.builder().watchList(serverWatchList).start()) {
			long loadStart = System.nanoTime();
			String firstPod = PodLoad.load(server.url(), pods);
			report.add(String.format(Locale.ROOT,
					"Server: in-memory KubeApiServer (WatchList %s) in the parent JVM, %,d pods in namespace bench "
							+ "loaded in %.1f s (create as kube-controller-manager, status as kubelet); %s.",
					serverWatchList ? "on" : "off", pods, (System.nanoTime() - loadStart) / 1e9,
					PodLoad.describe(server.url(), firstPod)));
			report.add("Clients: each row in its own JVM (-Xmx" + xmx + ", default GC), " + rounds
					+ " interleaved rounds; one unmeasured get through the client first (client start-up and first "
					+ "connection are not the informer's). Timeouts: "
					+ ((readTimeout == null) ? "each client's defaults (lightkube read 10 s, fabric8 request 10 s)"
							: "lightkube read and fabric8 request timeout " + readTimeout + " s")
					+ "; the official client without read timeout, as its informer example.");
			report.add("WatchList: the lightkube *-watchlist rows start with one WatchList watch "
					+ "(InformerOptions.withWatchList(true), the default), the *-list-watch rows LIST then WATCH. "
					+ "fabric8 8.0.0 sends WatchList only when asked (its Config watchList, off by default): the fabric8 "
					+ "row is its default (LIST then WATCH), fabric8-watchlist turns it on. The official client 25.0.0 "
					+ "has no WatchList: its informer always LISTs then WATCHes. The 'server saw' column counts the "
					+ "requests the server got from start to synced: 1 = one watch (WatchList), 2 or more = LIST "
					+ "(+ pages) then WATCH.");
			report.add("managedFields: the official client (22.0.0 and later) drops metadata.managedFields while "
					+ "decoding every response (Gson V1MetadataExclusionStrategy; no switch in 25.0.0), so its cache is "
					+ "lean by default: compare it with the lightkube dropManagedFields rows. fabric8 runs with plain "
					+ "HTTP watches (onlyHttpWatches): the in-memory server does not upgrade watches to WebSocket.");
			log.println(report.get(2));
			for (int round = 1; round <= rounds; round++) {
				log.println("round " + round + ", load " + Machine.uptime());
				for (int i = 0; i < rows.size(); i++) {
					// Each round starts one row further along, so no row always runs first (or after the same one).
					String row = rows.get((i + round - 1) % rows.size());
					Measured measured = measure(server, row, round, pods, firstPod, xmx, syncTimeout, readTimeout,
							log);
					log.println(measured.line());
					all.add(measured);
				}
			}
		}
		report.add(String.format(Locale.ROOT, "Load after: %s (wall %.0f s)", Machine.uptime(),
				(System.nanoTime() - wallStart) / 1e9));
		report.add("");
		report.add(Measured.HEADER);
		report.add(Measured.RULE);
		all.stream().map(Measured::line).forEach(report::add);
		report.add("");
		report.add("Medians over " + rounds + " round(s):");
		report.add("");
		report.add("| informer | server saw | synced after | heap after GC, synced | retained by the informer |");
		report.add("|---|---|---|---|---|");
		for (String row : rows) {
			List<Measured> of = all.stream().filter((m) -> m.row.equals(row) && m.ok()).toList();
			if (of.isEmpty()) {
				report.add("| " + Measured.label(row) + " | - | failed | - | - |");
				continue;
			}
			report.add(String.format(Locale.ROOT, "| %s | %s | %.2f s | %.1f MiB | %.1f MiB |", Measured.label(row),
					of.get(0).protocol(), median(of, (m) -> m.syncSeconds), median(of, (m) -> m.heapMiB),
					median(of, (m) -> m.heapMiB - m.heapBeforeMiB)));
		}
		return report;
	}

	private static double median(List<Measured> values, ToDoubleFunction<Measured> value) {
		double[] sorted = values.stream().mapToDouble(value).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static Measured measure(KubeApiServer server, String row, int round, int pods, String firstPod, String xmx,
			int syncTimeout, @Nullable Integer readTimeout, PrintStream log) throws Exception {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
				InformerSyncMain.class.getName(), CHILD, row, server.url(), firstPod, String.valueOf(syncTimeout),
				(readTimeout != null) ? String.valueOf(readTimeout) : "-");
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Measured measured = new Measured(row, round, pods);
		long requestsAtStart = 0;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			OutputStream in = process.getOutputStream();
			String line;
			while ((line = out.readLine()) != null) {
				if (line.startsWith("READY")) {
					// Counted from here: what the informer asks for until it is synced.
					requestsAtStart = server.requestCount();
					in.write('\n');
					in.flush();
				}
				else if (line.startsWith("RESULT ")) {
					measured.requests = server.requestCount() - requestsAtStart;
					measured.openWatches = server.openWatches();
					measured.read(parse(line.substring("RESULT ".length())));
					in.write('\n');
					in.flush();
				}
				else {
					log.println("  [" + row + "] " + line);
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
		if (measured.error == null && measured.syncSeconds < 0) {
			measured.error = "no result (exit " + process.exitValue() + ")";
		}
		// The next row starts against a server without leftovers.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while ((server.openWatches() > 0 || server.openRequests() > 0) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		return measured;
	}

	private static Map<String, String> parse(String line) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String part : line.split("\t")) {
			int equals = part.indexOf('=');
			values.put(part.substring(0, equals), part.substring(equals + 1));
		}
		return values;
	}

	// ---- the child JVM: one client, its informer, its numbers ----

	private static void child(String[] args) throws Exception {
		String row = args[1];
		String url = args[2];
		String firstPod = args[3];
		Duration timeout = Duration.ofSeconds(Integer.parseInt(args[4]));
		@Nullable Duration readTimeout = args[5].equals("-") ? null : Duration.ofSeconds(Integer.parseInt(args[5]));
		BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (InformerRows.Subject subject = InformerRows.create(row, url, readTimeout)) {
			subject.warmUp(firstPod);
			double before = heapAfterGc();
			System.out.println("READY");
			System.out.flush();
			parent.readLine();
			long start = System.nanoTime();
			subject.start();
			boolean synced = subject.awaitSynced(timeout);
			long end = System.nanoTime();
			Boolean managed = subject.managedFieldsCached();
			double after = heapAfterGc();
			System.out.println(String.join("\t", "RESULT synced=" + synced,
					"syncSeconds=" + (synced ? (end - start) / 1e9 : -1), "cached=" + subject.cached(),
					"managedFields=" + ((managed != null) ? managed : "-"), "heapMiB=" + after,
					"heapBeforeMiB=" + before));
			System.out.flush();
			// Keep the informer (and its watch) until the parent has counted the requests.
			parent.readLine();
		}
		catch (Exception ex) {
			System.out.println("RESULT error=" + oneLine(ex));
			System.out.flush();
			parent.readLine();
		}
		System.exit(0);
	}

	/** Heap used after full collections, in MiB. */
	static double heapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
	}

	static String oneLine(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		String text = (cause.getClass().getSimpleName() + ": " + cause.getMessage()).replaceAll("[\\t\\r\\n|]+", " ");
		return (text.length() > 160) ? text.substring(0, 160) + "..." : text;
	}

	/** One row of one round. */
	static final class Measured {

		static final String HEADER = "| informer | round | server saw | start-up requests | synced after | pods cached "
				+ "| managedFields cached | heap after GC, synced | heap before start | retained by the informer |";

		static final String RULE = "|---|---|---|---|---|---|---|---|---|---|";

		final String row;

		final int round;

		final int pods;

		double syncSeconds = -1;

		int cached;

		String managedFields = "-";

		double heapMiB;

		double heapBeforeMiB;

		long requests;

		int openWatches;

		@Nullable String error;

		Measured(String row, int round, int pods) {
			this.row = row;
			this.round = round;
			this.pods = pods;
		}

		void read(Map<String, String> values) {
			if (values.containsKey("error")) {
				this.error = values.get("error");
				return;
			}
			if (!Boolean.parseBoolean(values.get("synced"))) {
				this.error = "not synced in time";
			}
			this.syncSeconds = Double.parseDouble(values.get("syncSeconds"));
			this.cached = Integer.parseInt(values.get("cached"));
			this.managedFields = values.get("managedFields");
			this.heapMiB = Double.parseDouble(values.get("heapMiB"));
			this.heapBeforeMiB = Double.parseDouble(values.get("heapBeforeMiB"));
		}

		boolean ok() {
			return this.error == null && this.syncSeconds >= 0 && this.cached == this.pods;
		}

		/** What the server's request count says the informer did. */
		String protocol() {
			if (this.requests == 1) {
				return "WatchList (1 watch)";
			}
			// More than a LIST and a WATCH: failed attempts (a LIST cut by a timeout, a refused WatchList) or pages.
			return (this.requests == 2) ? "LIST+WATCH" : "LIST+WATCH, " + this.requests + " requests (see stderr)";
		}

		static String label(String row) {
			return switch (row) {
				case "lightkube-watchlist" -> "lightkube SharedInformer, WatchList";
				case "lightkube-watchlist-lean" -> "lightkube SharedInformer, WatchList, dropManagedFields";
				case "lightkube-list-watch" -> "lightkube SharedInformer, LIST+WATCH";
				case "lightkube-list-watch-lean" -> "lightkube SharedInformer, LIST+WATCH, dropManagedFields";
				case "fabric8" -> "fabric8 8.0.0 SharedIndexInformer";
				case "fabric8-watchlist" -> "fabric8 8.0.0 SharedIndexInformer, WatchList (Config watchList)";
				case "official" -> "official client-java 25.0.0 SharedInformerFactory (drops managedFields)";
				default -> row;
			};
		}

		String line() {
			if (this.error != null && this.syncSeconds < 0) {
				return String.format(Locale.ROOT, "| %s | %d | %d requests | - | failed: %s | - | - | - | - | - |",
						label(this.row), this.round, this.requests, this.error);
			}
			String synced = (this.error != null) ? this.error : String.format(Locale.ROOT, "%.2f s", this.syncSeconds);
			return String.format(Locale.ROOT,
					"| %s | %d | %s | %d | %s | %d%s | %s | %.1f MiB | %.1f MiB | %.1f MiB |", label(this.row),
					this.round, protocol(), this.requests, synced, this.cached,
					(this.cached == this.pods) ? "" : " (expected " + this.pods + ")", this.managedFields,
					this.heapMiB, this.heapBeforeMiB, this.heapMiB - this.heapBeforeMiB);
		}

	}

	/** The machine and its load, printed with the results. */
	static final class Machine {

		private Machine() {
		}

		static String describe() {
			String model = "?";
			String memory = "?";
			try {
				model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
					.filter((line) -> line.startsWith("model name"))
					.map((line) -> line.substring(line.indexOf(':') + 1).trim())
					.findFirst()
					.orElse("?");
				memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
					.filter((line) -> line.startsWith("MemTotal") || line.startsWith("MemAvailable"))
					.map((line) -> line.replaceAll("\\s+", " "))
					.reduce((a, b) -> a + ", " + b)
					.orElse("?");
			}
			catch (IOException ex) {
				// Not Linux: the processor count and the JVM are still printed.
			}
			return String.format(Locale.ROOT, "%d processors (%s), %s; %s %s; %s", Runtime.getRuntime().availableProcessors(),
					model, memory, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
					Instant.now());
		}

		/** The output of {@code uptime} (load averages over 1, 5 and 15 minutes). */
		static String uptime() {
			try {
				Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
				String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				process.waitFor(10, TimeUnit.SECONDS);
				return text;
			}
			catch (IOException ex) {
				try {
					return "loadavg " + Files.readString(Path.of("/proc/loadavg")).trim();
				}
				catch (IOException again) {
					return "unknown";
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "unknown";
			}
		}

	}

}
