/**
 * Spring Boot test support: {@link dev.lightkube.test.autoconfigure.AutoConfigureKubeApiServer}.
 */
@NullMarked
package dev.lightkube.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
