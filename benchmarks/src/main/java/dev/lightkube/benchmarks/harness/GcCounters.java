package dev.lightkube.benchmarks.harness;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Collections of this JVM so far, summed over its collectors ({@link GarbageCollectorMXBean}: for the parallel
 * collector its young and its full collector). A sample reads them after its pre-sample full GC and again after the
 * operation, so {@link #since(GcCounters) the difference} is what collected inside the clock: a collection there is
 * part of the sample's wall time, and where it falls depends on the JVM's GC history, not only on the client.
 *
 * @param count collections
 * @param millis accumulated collection time in milliseconds (the collectors' own clock)
 */
record GcCounters(long count, long millis) {

	/** The counters now. */
	static GcCounters now() {
		long count = 0;
		long millis = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			// -1 means "not available" for that collector
			count += Math.max(0, collector.getCollectionCount());
			millis += Math.max(0, collector.getCollectionTime());
		}
		return new GcCounters(count, millis);
	}

	/** What collected between {@code before} and these counters. */
	GcCounters since(GcCounters before) {
		return new GcCounters(this.count - before.count, this.millis - before.millis);
	}

	/**
	 * The committed size of this JVM's eden in bytes (0 when no pool is named so): with a fixed young generation and
	 * an empty eden after the pre-sample full GC, a sample that allocates less than this has no young collection.
	 */
	static long edenBytes() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP && pool.getName().contains("Eden"))
			.mapToLong((MemoryPoolMXBean pool) -> pool.getUsage().getCommitted())
			.sum();
	}

}
