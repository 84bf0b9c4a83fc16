/**
 * The {@link dev.lightkube.annotation.KubeWatch} annotation and the bean post-processor that finds it.
 */
@NullMarked
package dev.lightkube.annotation;

import org.jspecify.annotations.NullMarked;
