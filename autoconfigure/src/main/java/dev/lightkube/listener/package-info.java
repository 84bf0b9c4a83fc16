/**
 * Listener containers that run @KubeWatch methods, their registry and read-only object caches.
 */
@NullMarked
package dev.lightkube.listener;

import org.jspecify.annotations.NullMarked;
