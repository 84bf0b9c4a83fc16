package dev.lightkube.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

import dev.lightkube.benchmarks.server.LoopbackServer;

/**
 * Bytes allocated by every live thread of this JVM except the loopback server's, from HotSpot's per-thread
 * counters. A thread that ends during an operation takes its count with it; the clients measured here keep their
 * threads in pools, so that loss is small.
 */
final class Allocations {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private Allocations() {
	}

	/** The current total. */
	static long total() {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		ThreadInfo[] infos = THREADS.getThreadInfo(ids);
		long total = 0;
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] > 0 && infos[i] != null && !infos[i].getThreadName().startsWith(LoopbackServer.THREAD_PREFIX)) {
				total += bytes[i];
			}
		}
		return total;
	}

}
