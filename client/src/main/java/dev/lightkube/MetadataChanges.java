package dev.lightkube;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Labels and annotations to set or remove with {@code set}: lightkube's {@code labels={"a": "b", "old": None}}
 * without a map that holds {@code null} ({@code Map.of} rejects nulls). Immutable; start from {@link #none()}.
 *
 * <pre>{@code
 * client.set(Deployment.class, "web", MetadataChanges.none().withLabel("tier", "front").withoutLabel("legacy"));
 * }</pre>
 */
public final class MetadataChanges {

	private static final MetadataChanges NONE = new MetadataChanges(Map.of(), Map.of());

	private final Map<String, @Nullable String> labels;

	private final Map<String, @Nullable String> annotations;

	private MetadataChanges(Map<String, @Nullable String> labels, Map<String, @Nullable String> annotations) {
		this.labels = labels;
		this.annotations = annotations;
	}

	/** No change. */
	public static MetadataChanges none() {
		return NONE;
	}

	/**
	 * The changes of lightkube's {@code labels} and {@code annotations} dictionaries: a {@code null} value removes
	 * the key. Either map may be {@code null} (no change).
	 */
	public static MetadataChanges of(@Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations) {
		return new MetadataChanges(copy(labels, "labels"), copy(annotations, "annotations"));
	}

	/** A copy that sets label {@code key} to {@code value}. */
	public MetadataChanges withLabel(String key, String value) {
		return new MetadataChanges(put(this.labels, key, Objects.requireNonNull(value, "value must not be null")),
				this.annotations);
	}

	/** A copy that removes label {@code key} (nothing happens when the object does not have it). */
	public MetadataChanges withoutLabel(String key) {
		return new MetadataChanges(put(this.labels, key, null), this.annotations);
	}

	/** A copy that sets annotation {@code key} to {@code value}. */
	public MetadataChanges withAnnotation(String key, String value) {
		return new MetadataChanges(this.labels,
				put(this.annotations, key, Objects.requireNonNull(value, "value must not be null")));
	}

	/** A copy that removes annotation {@code key} (nothing happens when the object does not have it). */
	public MetadataChanges withoutAnnotation(String key) {
		return new MetadataChanges(this.labels, put(this.annotations, key, null));
	}

	/** The label changes in order: a {@code null} value removes the label. Read-only. */
	public Map<String, @Nullable String> labels() {
		return this.labels;
	}

	/** The annotation changes in order: a {@code null} value removes the annotation. Read-only. */
	public Map<String, @Nullable String> annotations() {
		return this.annotations;
	}

	/** Whether nothing changes. */
	public boolean isEmpty() {
		return this.labels.isEmpty() && this.annotations.isEmpty();
	}

	private static Map<String, @Nullable String> put(Map<String, @Nullable String> map, String key,
			@Nullable String value) {
		Objects.requireNonNull(key, "key must not be null");
		if (key.isBlank()) {
			throw new IllegalArgumentException("key must not be empty");
		}
		Map<String, @Nullable String> copy = new LinkedHashMap<>(map);
		copy.put(key, value);
		return Collections.unmodifiableMap(copy);
	}

	private static Map<String, @Nullable String> copy(@Nullable Map<String, ? extends @Nullable String> map,
			String what) {
		if (map == null) {
			return Map.of();
		}
		Map<String, @Nullable String> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, what + " must not hold a null key"), value));
		return Collections.unmodifiableMap(copy);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof MetadataChanges that && this.labels.equals(that.labels)
				&& this.annotations.equals(that.annotations);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.labels, this.annotations);
	}

	@Override
	public String toString() {
		return "MetadataChanges[labels=" + this.labels + ", annotations=" + this.annotations + "]";
	}

}
