/**
 * The one failure policy of the client and its listeners: what is retried, how long to wait, when to give up.
 * Internal: may change without notice.
 */
@NullMarked
package dev.lightkube.internal.retry;

import org.jspecify.annotations.NullMarked;
