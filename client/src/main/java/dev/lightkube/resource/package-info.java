/**
 * Resource kinds: {@link dev.lightkube.resource.ResourceType} for any fabric8 model class or generic CRD
 * descriptor, {@link dev.lightkube.resource.SubResource} for sub-resources, and the
 * {@link dev.lightkube.resource.ResourceRegistry} from {@code apiVersion} + {@code kind} back to a type.
 */
@NullMarked
package dev.lightkube.resource;

import org.jspecify.annotations.NullMarked;
