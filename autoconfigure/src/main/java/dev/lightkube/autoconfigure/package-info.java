/**
 * Spring Boot auto-configuration of the lightkube client.
 */
@NullMarked
package dev.lightkube.autoconfigure;

import org.jspecify.annotations.NullMarked;
