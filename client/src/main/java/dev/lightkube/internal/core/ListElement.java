package dev.lightkube.internal.core;

import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.function.Function;

/**
 * One element of a decoded list body: its metadata or one item, in the order they arrive. An item is either
 * decoded ({@link Item}) or still its JSON ({@link Encoded}), for a consumer that decodes on its own thread.
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

	/**
	 * One item not decoded yet: {@link #decode()} decodes it on the calling thread.
	 * @param json the item's JSON
	 * @param decoder decodes it (with the list's error messages)
	 * @param <T> the item type
	 */
	record Encoded<T>(byte[] json, Function<byte[], T> decoder) implements ListElement<T> {

		/** The decoded item; a {@code KubeException} when it cannot be decoded. */
		public T decode() {
			return this.decoder.apply(this.json);
		}

	}

}
