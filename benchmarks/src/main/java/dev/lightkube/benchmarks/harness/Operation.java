package dev.lightkube.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.lightkube.benchmarks.clients.ClientUnderTest;

/**
 * The timed operations. Each run returns how many items it saw, which the harness checks, so that a client that
 * silently does less is caught rather than timed.
 */
public enum Operation {

	/** List every pod in one request. */
	LIST("list") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			return client.list();
		}

		@Override
		long expected(Settings settings) {
			return settings.pods();
		}

		@Override
		String label(Settings settings) {
			return "list " + settings.pods() + " pods";
		}
	},

	/** Go through every pod with the least memory (the lazy list where a client has one). */
	ITERATE("iterate") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			return client.iterate();
		}

		@Override
		long expected(Settings settings) {
			return settings.pods();
		}

		@Override
		String label(Settings settings) {
			return "iterate " + settings.pods() + " pods";
		}
	},

	/** Sequential gets of one pod by name. */
	GET("get") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			long count = 0;
			for (int i = 0; i < settings.gets(); i++) {
				count += (client.get(podName(i)) != null) ? 1 : 0;
			}
			return count;
		}

		@Override
		long expected(Settings settings) {
			return settings.gets();
		}

		@Override
		String label(Settings settings) {
			return settings.gets() + " sequential gets";
		}
	},

	/** The same gets, spread over a fixed pool of threads (one pool for every client). */
	GET_CONCURRENT("get-concurrent") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
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

		@Override
		long expected(Settings settings) {
			return settings.gets();
		}

		@Override
		String label(Settings settings) {
			return settings.gets() + " gets, " + settings.getThreads() + " threads";
		}
	},

	/** Consume the watch stream. */
	WATCH("watch") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			return client.watch(settings.events());
		}

		@Override
		long expected(Settings settings) {
			return settings.events();
		}

		@Override
		String label(Settings settings) {
			return settings.events() + " watch events";
		}
	},

	/** Create round trips. */
	CREATE("create") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			long count = 0;
			for (int i = 0; i < settings.writes(); i++) {
				count += (client.create() != null) ? 1 : 0;
			}
			return count;
		}
	},

	/** JSON merge patch round trips. */
	PATCH("patch") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			long count = 0;
			for (int i = 0; i < settings.writes(); i++) {
				count += (client.patch() != null) ? 1 : 0;
			}
			return count;
		}
	},

	/** Server-side apply round trips. */
	APPLY("apply") {
		@Override
		long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception {
			long count = 0;
			for (int i = 0; i < settings.writes(); i++) {
				count += (client.apply() != null) ? 1 : 0;
			}
			return count;
		}
	};

	private final String id;

	Operation(String id) {
		this.id = id;
	}

	/** The command-line name. */
	public String id() {
		return this.id;
	}

	/** Run the operation once; return how many items or round trips completed. */
	abstract long run(ClientUnderTest client, Settings settings, ExecutorService pool) throws Exception;

	/** What {@link #run} must return. */
	long expected(Settings settings) {
		return settings.writes();
	}

	/** The row label in the table. */
	String label(Settings settings) {
		return settings.writes() + " " + this.id + " round trips";
	}

	/** The operation with the command-line name {@code id}. */
	public static Operation byId(String id) {
		for (Operation operation : values()) {
			if (operation.id.equals(id)) {
				return operation;
			}
		}
		throw new IllegalArgumentException("Unknown operation '" + id + "'; known: "
				+ java.util.Arrays.stream(values()).map(Operation::id).toList());
	}

	static String podName(int i) {
		return "app-" + (i % 50) + "-pod-" + i;
	}

}
