/**
 * Small profiling mains that isolate one cost of the client (issue 19: where the list decode time goes).
 */
@NullMarked
package dev.lightkube.benchmarks.profile;

import org.jspecify.annotations.NullMarked;
