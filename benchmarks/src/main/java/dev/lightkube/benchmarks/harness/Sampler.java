package dev.lightkube.benchmarks.harness;

import java.util.Map;

import dev.lightkube.benchmarks.server.ServerKind;

/**
 * Takes one sample of one operation for one client against one kind of server, wherever that client lives: in this
 * JVM ({@link LocalSampler}) or in a timing JVM of its own ({@link ForkedSampler}).
 */
interface Sampler extends AutoCloseable {

	/** The key of a client on a server kind, e.g. {@code "fabric8 @ content-length"}. */
	static String key(String client, ServerKind kind) {
		return client + " @ " + kind.id();
	}

	/** Per {@link #key key} of every client that could be built: its transport and where it runs. */
	Map<String, String> transports();

	/** Per {@link #key key} of every client that could not be built: why. */
	Map<String, String> unavailable();

	/**
	 * Run {@code operation} once for {@code client} on the server of {@code kind}, after a full GC; the sample counts
	 * the collections inside the clock only.
	 */
	Sample sample(Operation operation, String client, ServerKind kind) throws Exception;

	@Override
	void close() throws Exception;

	/**
	 * One sample.
	 *
	 * @param nanos wall time of the operation
	 * @param allocatedBytes bytes allocated meanwhile by the sampling JVM's threads (see {@link Allocations})
	 * @param count items or round trips the operation saw
	 * @param gcCount collections in the sampling JVM during the operation (after the pre-sample full GC; see
	 *     {@link GcCounters})
	 * @param gcMillis their accumulated time in milliseconds, part of {@code nanos}
	 * @param failure why there is no sample, or {@code null}
	 */
	record Sample(long nanos, long allocatedBytes, long count, long gcCount, long gcMillis, String failure) {

		static Sample failed(String failure) {
			return new Sample(0, 0, 0, 0, 0, failure);
		}

	}

}
