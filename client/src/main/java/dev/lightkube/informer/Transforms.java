package dev.lightkube.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.UnaryOperator;

/**
 * Ready-made transforms for {@link InformerOptions#withTransform(UnaryOperator)} (client-go's
 * {@code TransformFunc}).
 */
public final class Transforms {

	private static final UnaryOperator<HasMetadata> DROP_MANAGED_FIELDS = (object) -> {
		if (object.getMetadata() != null) {
			object.getMetadata().setManagedFields(null);
		}
		return object;
	};

	private Transforms() {
	}

	/**
	 * Drops {@code metadata.managedFields}: the server-side apply bookkeeping, often the largest part of a small
	 * object and rarely read by controllers. Changes the object in place.
	 */
	public static UnaryOperator<HasMetadata> dropManagedFields() {
		return DROP_MANAGED_FIELDS;
	}

}
