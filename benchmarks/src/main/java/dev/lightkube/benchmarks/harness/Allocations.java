package dev.lightkube.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

import dev.lightkube.benchmarks.server.LoopbackServer;

/**
 * Bytes allocated by the live threads of this JVM except the loopback server's, from HotSpot's per-thread counters.
 * A sample counts, per thread, what it allocated since the snapshot taken before the sample (all of it for a thread
 * started meanwhile). A thread that ends during a sample takes its share with it (it is then missing, never negative:
 * a thread pool that retires an idle thread, as fabric8's JDK transport and OkHttp do after a minute, would otherwise
 * subtract that thread's whole history).
 */
final class Allocations {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private Allocations() {
	}

	/** Per live thread (by id), the bytes it has allocated so far. */
	static Map<Long, Long> snapshot() {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		ThreadInfo[] infos = THREADS.getThreadInfo(ids);
		Map<Long, Long> snapshot = new HashMap<>(ids.length * 2);
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] > 0 && infos[i] != null && !infos[i].getThreadName().startsWith(LoopbackServer.THREAD_PREFIX)) {
				snapshot.put(ids[i], bytes[i]);
			}
		}
		return snapshot;
	}

	/** Bytes allocated since {@code before} by the threads alive now. */
	static long since(Map<Long, Long> before) {
		long total = 0;
		for (Map.Entry<Long, Long> thread : snapshot().entrySet()) {
			total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
		}
		return total;
	}

	/** The current total over live threads. */
	static long total() {
		return snapshot().values().stream().mapToLong(Long::longValue).sum();
	}

}
