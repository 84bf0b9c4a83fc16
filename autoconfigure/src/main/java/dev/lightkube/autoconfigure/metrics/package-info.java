/**
 * Auto-configuration of metrics and observations.
 */
@NullMarked
package dev.lightkube.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
