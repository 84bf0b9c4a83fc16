/**
 * The lightkube sample application: HTTP endpoints over the injected {@code KubeClient}, two {@code @KubeWatch}
 * listeners, and an embedded in-memory API server when no cluster is configured.
 */
@NullMarked
package dev.lightkube.sample;

import org.jspecify.annotations.NullMarked;
