package dev.lightkube;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A whole list: its items and the list's resource version (to start a watch from).
 *
 * @param items the items, in server order
 * @param resourceVersion the resource version of the list ({@code null} when the server sent none)
 * @param <T> the item type
 */
public record ResourceList<T>(List<T> items, @Nullable String resourceVersion) {

	public ResourceList {
		items = List.copyOf(Objects.requireNonNull(items, "items must not be null"));
	}

}
