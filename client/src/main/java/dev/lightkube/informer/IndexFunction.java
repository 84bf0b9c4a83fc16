package dev.lightkube.informer;

import java.util.Collection;

/**
 * Computes the values under which an object is indexed (client-go's {@code IndexFunc}); see
 * {@link InformerCache#addIndex(String, IndexFunction)}. Must be a pure function of the object.
 *
 * @param <T> the object type
 */
@FunctionalInterface
public interface IndexFunction<T> {

	/** The index values of the object; empty to leave it out of the index. */
	Collection<String> values(T object);

}
