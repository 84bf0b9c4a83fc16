/**
 * Small profiling mains that isolate one cost (issue 19): where the list decode time goes
 * ({@code ListDecodeProfile}), and what the starter costs a bean-less application's start-up whatever it does
 * ({@code StartupCostProfile}).
 */
@NullMarked
package dev.lightkube.benchmarks.profile;

import org.jspecify.annotations.NullMarked;
