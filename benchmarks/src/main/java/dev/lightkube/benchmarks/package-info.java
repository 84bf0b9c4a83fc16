/**
 * Benchmarks comparing lightkube with the other Java Kubernetes clients against one loopback server.
 */
@NullMarked
package dev.lightkube.benchmarks;

import org.jspecify.annotations.NullMarked;
