/**
 * Auto-configuration of the {@code kube} health indicator.
 */
@NullMarked
package dev.lightkube.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
