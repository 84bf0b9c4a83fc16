/**
 * An in-memory Kubernetes API server for tests and demos: {@link dev.lightkube.test.KubeApiServer} and its JUnit 5
 * extension.
 */
@NullMarked
package dev.lightkube.test;

import org.jspecify.annotations.NullMarked;
