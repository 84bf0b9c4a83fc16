/**
 * {@code exec} in a pod: a WebSocket speaking Kubernetes' channel protocol ({@code v5.channel.k8s.io}, falling
 * back to {@code v4.channel.k8s.io}). Internal: may change without notice.
 */
@NullMarked
package dev.lightkube.internal.exec;

import org.jspecify.annotations.NullMarked;
