/**
 * The {@code kube} actuator health indicator.
 */
@NullMarked
package dev.lightkube.health;

import org.jspecify.annotations.NullMarked;
