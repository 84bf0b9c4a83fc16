/**
 * Informers over many pods: time from start until synced and the heap retained once synced, lightkube's
 * {@code SharedInformer} (WatchList and LIST+WATCH, with and without dropping {@code managedFields}) against
 * fabric8's {@code SharedIndexInformer} and the official client's {@code SharedInformerFactory}, each in its own
 * JVM, all against one in-memory API server ({@link dev.lightkube.benchmarks.informers.InformerSyncMain}).
 */
@NullMarked
package dev.lightkube.benchmarks.informers;

import org.jspecify.annotations.NullMarked;
