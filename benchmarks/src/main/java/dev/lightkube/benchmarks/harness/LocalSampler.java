package dev.lightkube.benchmarks.harness;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.lightkube.benchmarks.clients.ClientUnderTest;
import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.ServerKind;

/**
 * Samples clients in this JVM: one client instance (with its own connection pool) per client and server kind, built
 * once and kept for the whole run. A full GC precedes each sample, outside the clock; the collections inside the clock
 * are counted ({@link GcCounters}).
 */
final class LocalSampler implements Sampler {

	private final Settings settings;

	private final Map<String, ClientUnderTest> clients = new LinkedHashMap<>();

	private final Map<String, String> transports = new LinkedHashMap<>();

	private final Map<String, String> unavailable = new LinkedHashMap<>();

	private final ExecutorService pool;

	/** Build {@code clients} against each of {@code servers}. */
	LocalSampler(Settings settings, Map<ServerKind, URI> servers, PodFixtures fixtures, List<String> clients)
			throws Exception {
		this.settings = settings;
		for (String name : clients) {
			for (Map.Entry<ServerKind, URI> server : servers.entrySet()) {
				String key = Sampler.key(name, server.getKey());
				try {
					ClientUnderTest client = Clients.factory(name).create(server.getValue(), fixtures);
					this.clients.put(key, client);
					this.transports.put(key, client.transport());
				}
				catch (UnsupportedOperationException ex) {
					this.unavailable.put(key, "not wired yet: " + ex.getMessage());
				}
			}
		}
		this.pool = Executors.newFixedThreadPool(settings.getThreads());
	}

	/** Sample {@code clients} (per {@link Sampler#key key}), already built; for tests with clients of their own. */
	LocalSampler(Settings settings, Map<String, ClientUnderTest> clients) {
		this.settings = settings;
		clients.forEach((key, client) -> {
			this.clients.put(key, client);
			this.transports.put(key, client.transport());
		});
		this.pool = Executors.newFixedThreadPool(settings.getThreads());
	}

	@Override
	public Map<String, String> transports() {
		return this.transports;
	}

	@Override
	public Map<String, String> unavailable() {
		return this.unavailable;
	}

	@Override
	public Sample sample(Operation operation, String client, ServerKind kind) {
		ClientUnderTest under = this.clients.get(Sampler.key(client, kind));
		if (under == null) {
			return Sample.failed("no such client in this JVM: " + Sampler.key(client, kind));
		}
		System.gc();
		// read after the full GC: only collections inside the clock count
		GcCounters gcBefore = GcCounters.now();
		Map<Long, Long> allocatedBefore = Allocations.snapshot();
		long start = System.nanoTime();
		try {
			long count = operation.run(under, this.settings, this.pool);
			long elapsed = System.nanoTime() - start;
			GcCounters gc = GcCounters.now().since(gcBefore);
			return new Sample(elapsed, Allocations.since(allocatedBefore), count, gc.count(), gc.millis(), null);
		}
		catch (Exception | Error ex) {
			return Sample.failed("failed: " + ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.pool.shutdownNow();
		for (ClientUnderTest client : this.clients.values()) {
			client.close();
		}
	}

}
