package dev.lightkube.informer;

/**
 * Receives the changes of a {@link SharedInformer}'s cache (client-go's {@code ResourceEventHandler}). Each handler
 * runs on its own thread, one call at a time, in the order the changes reached the cache. A handler added to a
 * running informer first receives every object already cached as {@link #onAdd}.
 *
 * <p>An exception thrown by a method is logged and the next change is delivered: one bad object does not stop the
 * handler.
 *
 * @param <T> the object type
 */
public interface ResourceEventHandler<T> {

	/** The object is new to the cache (created, or already there when the handler was added). */
	default void onAdd(T object) {
	}

	/**
	 * The object changed. After a relist this is called only for objects whose resource version differs from the
	 * cached one.
	 * @param oldObject the cached state before the change
	 * @param newObject the new state
	 */
	default void onUpdate(T oldObject, T newObject) {
	}

	/**
	 * The object was deleted; after a relist also for objects deleted while the watch was away.
	 * @param lastObject the last state known to the cache
	 */
	default void onDelete(T lastObject) {
	}

}
