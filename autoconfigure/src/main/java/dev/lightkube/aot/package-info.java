/**
 * Hints for ahead-of-time processing and native images.
 */
@NullMarked
package dev.lightkube.aot;

import org.jspecify.annotations.NullMarked;
