package dev.lightkube.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.Objects;

/**
 * A resource kind: its Java class, API group, version, kind, plural and scope. Made from any fabric8 model class
 * with {@link #of(Class)}, or for CRDs without a class, with {@link GenericResources}.
 *
 * @param <T> the Java type of the objects
 */
public final class ResourceType<T> {

	// ClassValue, not a map keyed by Class: the entry lives with the class, so a class loader that is dropped
	// (a devtools restart, a redeployed application) is not pinned by this cache.
	private static final ClassValue<ResourceType<?>> CACHE = new ClassValue<>() {
		@Override
		@SuppressWarnings({ "unchecked", "rawtypes" })
		protected ResourceType<?> computeValue(Class<?> type) {
			return fromClass((Class) type);
		}
	};

	private final Class<T> type;

	private final String group;

	private final String version;

	private final String kind;

	private final String plural;

	private final boolean namespaced;

	private ResourceType(Class<T> type, String group, String version, String kind, String plural, boolean namespaced) {
		this.type = type;
		this.group = group;
		this.version = version;
		this.kind = kind;
		this.plural = plural;
		this.namespaced = namespaced;
	}

	/**
	 * The kind of a fabric8 model class (or {@code CustomResource} subclass): group, version, kind and plural from
	 * its annotations, namespaced when it implements {@link Namespaced}.
	 */
	@SuppressWarnings("unchecked")
	public static <T extends HasMetadata> ResourceType<T> of(Class<T> type) {
		Objects.requireNonNull(type, "type must not be null");
		if (type == GenericKubernetesResource.class) {
			throw new IllegalArgumentException("GenericKubernetesResource has no kind of its own: describe it with "
					+ "GenericResources.of(group, version, kind, plural, namespaced)");
		}
		return (ResourceType<T>) CACHE.get(type);
	}

	private static <T extends HasMetadata> ResourceType<T> fromClass(Class<T> type) {
		String version = HasMetadata.getVersion(type);
		if (version == null || version.isEmpty()) {
			throw new IllegalArgumentException(type.getName() + " has no @Version annotation: not a resource kind");
		}
		String group = HasMetadata.getGroup(type);
		return new ResourceType<>(type, (group != null) ? group : "", version, HasMetadata.getKind(type),
				HasMetadata.getPlural(type), Namespaced.class.isAssignableFrom(type));
	}

	/**
	 * A kind described explicitly; used for generic resources and sub-resource bodies.
	 * @param type the Java class of the objects
	 * @param group the API group ({@code ""} for the core group)
	 * @param version the API version, such as {@code v1}
	 * @param kind the kind, such as {@code CronTab}
	 * @param plural the plural used in paths, such as {@code crontabs}
	 * @param namespaced whether objects live in a namespace
	 */
	public static <T extends KubernetesResource> ResourceType<T> of(Class<T> type, String group, String version,
			String kind, String plural, boolean namespaced) {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(group, "group must not be null (use \"\" for the core group)");
		requireText(version, "version");
		requireText(kind, "kind");
		requireText(plural, "plural");
		if (!plural.equals(plural.toLowerCase(java.util.Locale.ROOT)) || plural.contains("/")) {
			throw new IllegalArgumentException("plural must be a lower-case path segment, got '" + plural + "'");
		}
		return new ResourceType<>(type, group, version, kind, plural, namespaced);
	}

	private static void requireText(String value, String name) {
		Objects.requireNonNull(value, () -> name + " must not be null");
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
	}

	/** The Java class of the objects. */
	public Class<T> type() {
		return this.type;
	}

	/** The API group; {@code ""} for the core group. */
	public String group() {
		return this.group;
	}

	/** The API version, such as {@code v1}. */
	public String version() {
		return this.version;
	}

	/** {@code group/version}, or just {@code version} for the core group. */
	public String apiVersion() {
		return this.group.isEmpty() ? this.version : this.group + "/" + this.version;
	}

	/** The kind, such as {@code Deployment}. */
	public String kind() {
		return this.kind;
	}

	/** The plural used in paths, such as {@code deployments}. */
	public String plural() {
		return this.plural;
	}

	/** Whether objects of this kind live in a namespace. */
	public boolean namespaced() {
		return this.namespaced;
	}

	/** Whether objects are {@link GenericKubernetesResource}s (a CRD without a Java class). */
	public boolean generic() {
		return this.type == GenericKubernetesResource.class;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof ResourceType<?> that)) {
			return false;
		}
		return this.type == that.type && this.namespaced == that.namespaced && this.group.equals(that.group)
				&& this.version.equals(that.version) && this.kind.equals(that.kind) && this.plural.equals(that.plural);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.type, this.group, this.version, this.kind, this.plural, this.namespaced);
	}

	@Override
	public String toString() {
		return this.kind + " (" + this.apiVersion() + ", " + this.plural + ", "
				+ (this.namespaced ? "namespaced" : "cluster-scoped") + ")";
	}

}
