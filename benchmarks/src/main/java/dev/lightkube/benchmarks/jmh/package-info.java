/**
 * JMH versions of the list, get and watch operations, for {@code -prof gc} and the JMH profilers.
 */
@NullMarked
package dev.lightkube.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
