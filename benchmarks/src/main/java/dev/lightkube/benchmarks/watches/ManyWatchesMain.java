package dev.lightkube.benchmarks.watches;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.google.gson.reflect.TypeToken;
import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WatchOptions;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.ClientBuilder;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Opens many watches (default 1,000) at once on one client instance and measures: the time until the server counts
 * them all open and the client has the first event of every one, the heap used after full GCs, the live threads, the
 * connections the server counts, the client JVM's open sockets, and the latency of one {@code get} while the watches
 * stay open. Each client runs in its own JVM; the server runs in this one. Prints Markdown.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.lightkube.benchmarks.watches.ManyWatchesMain \
 *     [--watches 1000] [--rounds 3] [--clients lightkube,fabric8,official] [--tls] [--open-timeout 120]
 * </pre>
 *
 * Every client is used in its default configuration, as its documentation shows: lightkube's
 * {@code ReactiveKubeClient} (one subscription per watch, no thread per watch), fabric8 8.0.0 on the JDK
 * {@code HttpClient} transport (this module's fabric8; watches over WebSocket, each {@code watch(...)} call from its
 * own opener thread as it blocks until the watch is open), the official client with {@code Watch.createWatch} read
 * by one thread per watch (its blocking iterator is the way to consume a watch) and the read timeout off, as its
 * watch examples configure it.
 */
public final class ManyWatchesMain {

	static final String THREAD_PREFIX = "mw-";

	private static final String CHILD = "--child";

	private ManyWatchesMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(CHILD)) {
			child(args);
			return;
		}
		int watches = 1000;
		int rounds = 3;
		List<String> clients = List.of("lightkube", "fabric8", "official");
		boolean tls = false;
		int openTimeout = 120;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--watches" -> watches = Integer.parseInt(args[++i]);
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--clients" -> clients = List.of(args[++i].split(","));
				case "--tls" -> tls = true;
				case "--open-timeout" -> openTimeout = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]
						+ "; options: --watches n, --rounds n, --clients lightkube,fabric8,official, --tls, --open-timeout s");
			}
		}
		for (String line : run(watches, rounds, clients, tls, openTimeout, System.err)) {
			System.out.println(line);
		}
	}

	/** Runs every round and returns the Markdown table, one line per client and round. */
	static List<String> run(int watches, int rounds, List<String> clients, boolean tls, int openTimeout,
			PrintStream log) throws Exception {
		List<String> table = new ArrayList<>();
		table.add("| client | round | watches open (server) | first events | all open after | get before (warm-up) | get while open "
				+ "| heap after GC | threads (of which harness) | connections (server, most) | client sockets | errors |");
		table.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
		try (WatchServer server = new WatchServer(tls)) {
			Path ca = null;
			if (server.certificatePem() != null) {
				ca = Files.createTempFile("watch-server", ".pem");
				Files.writeString(ca, server.certificatePem());
				ca.toFile().deleteOnExit();
			}
			log.println("server " + server.uri() + ", " + watches + " watches per client, " + rounds + " rounds");
			for (int round = 1; round <= rounds; round++) {
				for (String client : clients) {
					String row = measure(server, ca, client, round, watches, openTimeout, log);
					log.println(row);
					table.add(row);
				}
			}
		}
		return table;
	}

	private static String measure(WatchServer server, @Nullable Path ca, String client, int round, int watches,
			int openTimeout, PrintStream log) throws Exception {
		server.expect(watches);
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
				"-cp", System.getProperty("java.class.path"), ManyWatchesMain.class.getName(), CHILD, client,
				server.uri().toString(), String.valueOf(watches), (ca != null) ? ca.toString() : "-",
				String.valueOf(openTimeout));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Map<String, String> result = null;
		int openWatches = 0;
		int connections = 0;
		int most = 0;
		long reachedAt = 0;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				if (line.startsWith("RESULT ")) {
					// The child holds its watches open until told to close them: count them now.
					openWatches = server.openWatches();
					connections = server.openConnections();
					most = server.mostConnections();
					reachedAt = server.targetReachedAt();
					result = parse(line.substring("RESULT ".length()));
					process.getOutputStream().write('\n');
					process.getOutputStream().flush();
				}
				else {
					log.println("  [" + client + "] " + line);
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
		// The next client starts against a server without leftovers.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while ((server.openWatches() > 0 || server.openConnections() > 0) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		if (server.openWatches() > 0 || server.openConnections() > 0) {
			log.println("  after " + client + " exited: still " + server.openWatches() + " watches, "
					+ server.openConnections() + " connections open on the server");
		}
		if (result == null) {
			return String.format(Locale.ROOT, "| %s | %d | %d | - | failed (exit %d) | - | - | - | - | %d, %d | - | - |",
					client, round, openWatches, process.exitValue(), connections, most);
		}
		long start = Long.parseLong(result.get("start"));
		long allFirst = Long.parseLong(result.get("allFirst"));
		String allOpen = (reachedAt == 0 || allFirst == 0) ? "not all open in " + openTimeout + " s"
				: String.format(Locale.ROOT, "%.2f s", (Math.max(reachedAt, allFirst) - start) / 1e9);
		return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s MiB | %s (%s) | %d, %d | %s | %s |",
				client, round, openWatches, result.get("events"), allOpen, result.get("warmUp"), result.get("get"), result.get("heapMiB"),
				result.get("threads"), result.get("harnessThreads"), connections, most, result.get("sockets"),
				result.get("errors"));
	}

	private static Map<String, String> parse(String line) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String part : line.split("\t")) {
			int equals = part.indexOf('=');
			values.put(part.substring(0, equals), part.substring(equals + 1));
		}
		return values;
	}

	// ---- the child JVM: one client, its watches, its numbers ----

	private static void child(String[] args) throws Exception {
		String client = args[1];
		String url = args[2];
		int watches = Integer.parseInt(args[3]);
		Path ca = args[4].equals("-") ? null : Path.of(args[4]);
		int openTimeout = Integer.parseInt(args[5]);
		String podName = new PodFixtures(1, 1).pod().getMetadata().getName();
		Progress progress = new Progress(watches);
		try (Subject subject = switch (client) {
			case "lightkube" -> new Lightkube(url, ca);
			case "fabric8" -> new Fabric8(url, ca);
			case "official" -> new Official(url, ca);
			default -> throw new IllegalArgumentException("Unknown client " + client);
		}) {
			// One unmeasured get first: the client's start-up (class loading, first connection) is not a watch's.
			String warmUp = timedGet(subject, podName);
			long start = System.nanoTime();
			subject.open(watches, progress);
			progress.await(openTimeout);
			String get = timedGet(subject, podName);
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(200);
			}
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			long harness = Thread.getAllStackTraces().keySet().stream()
				.filter((thread) -> thread.getName().startsWith(THREAD_PREFIX))
				.count();
			System.out.println(String.join("\t", "RESULT start=" + start, "allFirst=" + progress.allFirstAt.get(),
					"events=" + (watches - progress.remaining.get()), "get=" + get, "warmUp=" + warmUp,
					"heapMiB=" + String.format(Locale.ROOT, "%.1f", heap / 1048576.0), "threads=" + threads,
					"harnessThreads=" + harness, "sockets=" + sockets(), "errors=" + progress.errors()));
			System.out.flush();
			// Hold the watches open until the parent has counted them on the server.
			new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		}
		System.exit(0);
	}

	private static String timedGet(Subject subject, String name) {
		long start = System.nanoTime();
		CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> {
			try {
				return subject.get(name);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, (runnable) -> {
			Thread thread = new Thread(runnable, THREAD_PREFIX + "get");
			thread.setDaemon(true);
			thread.start();
		});
		try {
			answer.get(30, TimeUnit.SECONDS);
			return String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return "no answer in 30 s";
		}
		catch (Exception ex) {
			return "failed: " + oneLine(ex);
		}
	}

	private static String sockets() {
		try (var fds = Files.list(Path.of("/proc/self/fd"))) {
			return String.valueOf(fds.filter((fd) -> {
				try {
					return Files.readSymbolicLink(fd).toString().startsWith("socket:");
				}
				catch (IOException ex) {
					return false;
				}
			}).count());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "-";
		}
	}

	static String oneLine(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof IllegalStateException || cause instanceof java.util.concurrent.ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		text = text.replaceAll("[\\t\\r\\n|]+", " ");
		return (text.length() > 160) ? text.substring(0, 160) + "..." : text;
	}

	/** First events of the watches, and what failed. */
	static final class Progress {

		final AtomicInteger remaining;

		final AtomicLong allFirstAt = new AtomicLong();

		final AtomicInteger errorCount = new AtomicInteger();

		final AtomicReference<String> firstError = new AtomicReference<>();

		Progress(int watches) {
			this.remaining = new AtomicInteger(watches);
		}

		/** One watch's event; only its first counts. */
		void event(AtomicBoolean seen) {
			if (seen.compareAndSet(false, true) && this.remaining.decrementAndGet() == 0) {
				this.allFirstAt.set(System.nanoTime());
			}
		}

		void error(Throwable error) {
			this.errorCount.incrementAndGet();
			this.firstError.compareAndSet(null, oneLine(error));
		}

		void await(int seconds) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			while (this.remaining.get() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}

		String errors() {
			int count = this.errorCount.get();
			return (count == 0) ? "0" : count + ", first: " + this.firstError.get();
		}

	}

	/** One client under test. */
	interface Subject extends AutoCloseable {

		/** Starts {@code watches} watches at once; returns when they are started (not necessarily open). */
		void open(int watches, Progress progress) throws Exception;

		Object get(String name) throws Exception;

	}

	static final class Lightkube implements Subject {

		private final ReactiveKubeClient client;

		private final List<Disposable> subscriptions = new ArrayList<>();

		Lightkube(String url, @Nullable Path ca) {
			KubeConfig config = (ca != null)
					? KubeConfig.fromServer(new Cluster(url, ca, null, false, null, null, false), User.ANONYMOUS, null)
					: KubeConfig.fromServer(url);
			this.client = KubeClient.builder()
				.config(config)
				.namespace(PodFixtures.NAMESPACE)
				.trustEnv(false)
				.buildReactive();
		}

		@Override
		public void open(int watches, Progress progress) {
			WatchOptions options = WatchOptions.inNamespace(PodFixtures.NAMESPACE);
			for (int i = 0; i < watches; i++) {
				AtomicBoolean seen = new AtomicBoolean();
				this.subscriptions.add(this.client.watch(Pod.class, options)
					.subscribe((event) -> progress.event(seen), progress::error));
			}
		}

		@Override
		public Object get(String name) {
			return this.client.get(Pod.class, name, PodFixtures.NAMESPACE).block(Duration.ofSeconds(60));
		}

		@Override
		public void close() {
			this.subscriptions.forEach(Disposable::dispose);
			this.client.close();
		}

	}

	static final class Fabric8 implements Subject {

		private final KubernetesClient client;

		private final List<Watch> opened = new ArrayList<>();

		Fabric8(String url, @Nullable Path ca) {
			ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(url)
				.withNamespace(PodFixtures.NAMESPACE);
			if (ca != null) {
				config.withCaCertFile(ca.toString());
			}
			this.client = new KubernetesClientBuilder().withConfig(config.build())
				.withHttpClientFactory(new JdkHttpClientFactory())
				.build();
		}

		@Override
		public void open(int watches, Progress progress) throws InterruptedException {
			// watch(...) returns once the watch is open: one opener thread per watch opens them all at once.
			ExecutorService openers = Executors.newFixedThreadPool(watches, (runnable) -> {
				Thread thread = new Thread(runnable, THREAD_PREFIX + "open");
				thread.setDaemon(true);
				return thread;
			});
			for (int i = 0; i < watches; i++) {
				AtomicBoolean seen = new AtomicBoolean();
				openers.execute(() -> {
					try {
						Watch watch = this.client.pods().inNamespace(PodFixtures.NAMESPACE).watch(new Watcher<Pod>() {

							@Override
							public void eventReceived(Action action, Pod resource) {
								progress.event(seen);
							}

							@Override
							public void onClose(WatcherException cause) {
								progress.error(cause);
							}

						});
						synchronized (this.opened) {
							this.opened.add(watch);
						}
					}
					catch (RuntimeException ex) {
						progress.error(ex);
					}
				});
			}
			openers.shutdown();
			openers.awaitTermination(10, TimeUnit.MINUTES);
		}

		@Override
		public Object get(String name) {
			return this.client.pods().inNamespace(PodFixtures.NAMESPACE).withName(name).get();
		}

		@Override
		public void close() {
			synchronized (this.opened) {
				this.opened.forEach(Watch::close);
			}
			this.client.close();
		}

	}

	static final class Official implements Subject {

		private static final Type EVENT_TYPE = new TypeToken<io.kubernetes.client.util.Watch.Response<V1Pod>>() {
		}.getType();

		private final ApiClient api;

		private final CoreV1Api core;

		private final List<io.kubernetes.client.util.Watch<V1Pod>> opened = new ArrayList<>();

		Official(String url, @Nullable Path ca) throws IOException {
			ClientBuilder builder = new ClientBuilder().setBasePath(url);
			if (ca != null) {
				builder.setCertificateAuthority(Files.readAllBytes(ca));
			}
			ApiClient client = builder.build();
			// A watch waits for events for as long as it lives, as the client's watch examples configure it.
			OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build();
			this.api = client.setHttpClient(http);
			this.core = new CoreV1Api(this.api);
		}

		@Override
		public void open(int watches, Progress progress) {
			// Watch.createWatch executes the call and its iterator blocks: one reader thread per watch.
			for (int i = 0; i < watches; i++) {
				AtomicBoolean seen = new AtomicBoolean();
				Thread reader = new Thread(() -> {
					try {
						io.kubernetes.client.util.Watch<V1Pod> watch = io.kubernetes.client.util.Watch.createWatch(
								this.api, this.core.listNamespacedPod(PodFixtures.NAMESPACE).watch(true).buildCall(null),
								EVENT_TYPE);
						synchronized (this.opened) {
							this.opened.add(watch);
						}
						for (io.kubernetes.client.util.Watch.Response<V1Pod> event : watch) {
							progress.event(seen);
						}
					}
					catch (Exception ex) {
						progress.error(ex);
					}
				}, THREAD_PREFIX + "read");
				reader.setDaemon(true);
				reader.start();
			}
		}

		@Override
		public Object get(String name) throws Exception {
			return this.core.readNamespacedPod(name, PodFixtures.NAMESPACE).execute();
		}

		@Override
		public void close() throws IOException {
			synchronized (this.opened) {
				for (io.kubernetes.client.util.Watch<V1Pod> watch : this.opened) {
					watch.close();
				}
			}
			this.api.getHttpClient().dispatcher().executorService().shutdown();
			this.api.getHttpClient().connectionPool().evictAll();
		}

	}

}
