/**
 * Cluster configuration: kubeconfig files, the in-cluster service account, an explicit server.
 * Lightkube's {@code KubeConfig} and {@code SingleConfig}. Every {@code toString()} here masks secrets.
 */
@NullMarked
package dev.lightkube.config;

import org.jspecify.annotations.NullMarked;
