/**
 * Many watches on one client: time until 1,000 watches are open, heap, threads and connections, lightkube against
 * fabric8 and the official client, each in its own JVM ({@link dev.lightkube.benchmarks.watches.ManyWatchesMain}).
 */
@NullMarked
package dev.lightkube.benchmarks.watches;

import org.jspecify.annotations.NullMarked;
