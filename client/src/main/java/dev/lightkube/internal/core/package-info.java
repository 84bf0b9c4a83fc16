/**
 * The client's engine: request values, the one sender, streaming decoders. Internal: may change without notice.
 */
@NullMarked
package dev.lightkube.internal.core;

import org.jspecify.annotations.NullMarked;
