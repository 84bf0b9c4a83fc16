/**
 * Codecs: YAML multi-document load and dump, and apply/delete ordering (lightkube's {@code codecs}).
 */
@NullMarked
package dev.lightkube.codec;

import org.jspecify.annotations.NullMarked;
