/**
 * Internals of the in-memory API server; this package may change without notice.
 */
@NullMarked
package dev.lightkube.test.internal;

import org.jspecify.annotations.NullMarked;
