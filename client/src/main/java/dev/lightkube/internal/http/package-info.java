/**
 * The HTTP transport: a WebClient on Reactor Netty built from a {@code SingleConfig}. Internal: may change
 * without notice.
 */
@NullMarked
package dev.lightkube.internal.http;

import org.jspecify.annotations.NullMarked;
