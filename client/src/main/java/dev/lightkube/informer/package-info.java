/**
 * Shared informers: one watch per kind, namespace and selectors (started as a WatchList, or a list then a watch), a
 * local cache of the current objects with indexes, and event handlers that each run on their own thread (client-go's
 * {@code tools/cache}).
 *
 * <p>Start from {@link dev.lightkube.informer.SharedInformerFactory}.
 */
@NullMarked
package dev.lightkube.informer;

import org.jspecify.annotations.NullMarked;
