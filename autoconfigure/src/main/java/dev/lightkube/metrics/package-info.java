/**
 * Micrometer meters of watches.
 */
@NullMarked
package dev.lightkube.metrics;

import org.jspecify.annotations.NullMarked;
