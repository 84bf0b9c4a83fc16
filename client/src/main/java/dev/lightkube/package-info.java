/**
 * The lightkube client: {@code KubeClient} (blocking) and {@code ReactiveKubeClient} (Reactor).
 */
@NullMarked
package dev.lightkube;

import org.jspecify.annotations.NullMarked;
