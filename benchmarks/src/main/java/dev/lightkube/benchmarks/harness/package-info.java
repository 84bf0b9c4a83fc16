/**
 * Runs the operations interleaved across clients, forks probe JVMs and prints the table.
 */
@NullMarked
package dev.lightkube.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
