package dev.lightkube.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import dev.lightkube.benchmarks.clients.ClientUnderTest;

/**
 * The timed operations. Each run returns how many items it saw, which the harness checks, so that a client that
 * silently does less is caught rather than timed.
 */
public enum Operation {

	/** List every pod in one request. */
	LIST("list", (client, settings, pool) -> client.list(), Settings::pods,
			(settings) -> "list " + settings.pods() + " pods"),

	/** Go through every pod with the least memory (the lazy list where a client has one). */
	ITERATE("iterate", (client, settings, pool) -> client.iterate(), Settings::pods,
			(settings) -> "iterate " + settings.pods() + " pods"),

	/** Sequential gets of one pod by name. */
	GET("get", (client, settings, pool) -> repeat(settings.gets(), (i) -> client.get(podName(i))), Settings::gets,
			(settings) -> settings.gets() + " sequential gets"),

	/** The same gets, spread over a fixed pool of threads (one pool for every client). */
	GET_CONCURRENT("get-concurrent", Operation::concurrentGets, Settings::gets,
			(settings) -> settings.gets() + " gets, " + settings.getThreads() + " threads"),

	/** Consume the watch stream. */
	WATCH("watch", (client, settings, pool) -> client.watch(settings.events()), Settings::events,
			(settings) -> settings.events() + " watch events"),

	/** Create round trips. */
	CREATE("create", (client, settings, pool) -> repeat(settings.writes(), (i) -> client.create()), Settings::writes,
			(settings) -> settings.writes() + " create round trips"),

	/** JSON merge patch round trips. */
	PATCH("patch", (client, settings, pool) -> repeat(settings.writes(), (i) -> client.patch()), Settings::writes,
			(settings) -> settings.writes() + " patch round trips"),

	/** Server-side apply round trips. */
	APPLY("apply", (client, settings, pool) -> repeat(settings.writes(), (i) -> client.apply()), Settings::writes,
			(settings) -> settings.writes() + " apply round trips");

	private final String id;

	private final Body body;

	private final ToIntFunction<Settings> expected;

	private final Function<Settings, String> label;

	Operation(String id, Body body, ToIntFunction<Settings> expected, Function<Settings, String> label) {
		this.id = id;
		this.body = body;
		this.expected = expected;
		this.label = label;
	}

	/** The command-line name. */
	public String id() {
		return this.id;
	}

	/** Run the operation once; return how many items or round trips completed. */
	long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
		return this.body.run(client, settings, pool);
	}

	/** What {@link #run} must return. */
	long expected(Settings settings) {
		return this.expected.applyAsInt(settings);
	}

	/** The row label in the table. */
	String label(Settings settings) {
		return this.label.apply(settings);
	}

	/** The operation with the command-line name {@code id}. */
	public static Operation byId(String id) {
		for (Operation operation : values()) {
			if (operation.id.equals(id)) {
				return operation;
			}
		}
		throw new IllegalArgumentException(
				"Unknown operation '" + id + "'; known: " + Arrays.stream(values()).map(Operation::id).toList());
	}

	static String podName(int i) {
		return "app-" + (i % 50) + "-pod-" + i;
	}

	private static long repeat(int times, Call call) throws Exception {
		long count = 0;
		for (int i = 0; i < times; i++) {
			count += (call.run(i) != null) ? 1 : 0;
		}
		return count;
	}

	private static long concurrentGets(ClientUnderTest client, Settings settings, ExecutorService pool)
			throws Exception {
		int threads = settings.getThreads();
		List<Future<Long>> futures = new ArrayList<>(threads);
		for (int t = 0; t < threads; t++) {
			int first = t;
			futures.add(pool.submit(() -> {
				long count = 0;
				for (int i = first; i < settings.gets(); i += threads) {
					count += (client.get(podName(i)) != null) ? 1 : 0;
				}
				return count;
			}));
		}
		long count = 0;
		for (Future<Long> future : futures) {
			count += future.get();
		}
		return count;
	}

	@FunctionalInterface
	private interface Body {

		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception;

	}

	@FunctionalInterface
	private interface Call {

		Object run(int index) throws Exception;

	}

}
