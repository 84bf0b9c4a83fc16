/**
 * Auto-configuration of {@code @KubeWatch} listeners.
 */
@NullMarked
package dev.lightkube.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
