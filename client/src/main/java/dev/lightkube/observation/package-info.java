/**
 * Micrometer observations of API requests: the context the client fills and the convention that names and tags
 * them. With no {@code ObservationRegistry} given, the client observes nothing and pays nothing.
 */
@NullMarked
package dev.lightkube.observation;

import org.jspecify.annotations.NullMarked;
