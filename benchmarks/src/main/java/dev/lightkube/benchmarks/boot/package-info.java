/**
 * The minimal Spring Boot application whose start-up is timed with and without the starter.
 */
@NullMarked
package dev.lightkube.benchmarks.boot;

import org.jspecify.annotations.NullMarked;
