package dev.lightkube.internal.core;

import io.fabric8.kubernetes.api.model.ListMeta;

/**
 * One element of a decoded list body: its metadata or one item, in the order they arrive.
 *
 * @param <T> the item type
 */
public sealed interface ListElement<T> {

	/**
	 * The list's metadata (resource version, continue token).
	 * @param metadata the metadata
	 * @param <T> the item type
	 */
	record Meta<T>(ListMeta metadata) implements ListElement<T> {
	}

	/**
	 * One item.
	 * @param item the decoded item
	 * @param <T> the item type
	 */
	record Item<T>(T item) implements ListElement<T> {
	}

}
