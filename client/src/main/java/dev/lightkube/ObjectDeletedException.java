package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The object a {@code waitFor} was waiting on was deleted (lightkube's {@code ObjectDeleted}). */
public class ObjectDeletedException extends KubeException {

	private static final long serialVersionUID = 1L;

	private final String resource;

	private final String name;

	private final @Nullable String namespace;

	/**
	 * @param resource the kind's plural, such as {@code pods}
	 * @param name the object's name
	 * @param namespace the object's namespace, {@code null} for cluster-scoped kinds
	 */
	public ObjectDeletedException(String resource, String name, @Nullable String namespace) {
		super(describe(resource, name, namespace) + " was deleted while waiting for it");
		this.resource = Objects.requireNonNull(resource, "resource must not be null");
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.namespace = namespace;
	}

	/** The kind's plural, such as {@code pods}. */
	public String resource() {
		return this.resource;
	}

	/** The deleted object's name. */
	public String name() {
		return this.name;
	}

	/** The object's namespace, or {@code null} for a cluster-scoped kind. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** {@code pods/web-0 in namespace shop}, as kubectl names objects. */
	static String describe(String resource, String name, @Nullable String namespace) {
		return resource + "/" + name + ((namespace != null) ? " in namespace " + namespace : "");
	}

}
