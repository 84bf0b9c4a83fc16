/**
 * The clients under test: two floors, the peers, and the slot for lightkube.
 */
@NullMarked
package dev.lightkube.benchmarks.clients;

import org.jspecify.annotations.NullMarked;
