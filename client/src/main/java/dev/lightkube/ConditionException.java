package dev.lightkube;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A condition named in {@code raiseForConditions} became true (lightkube's {@code ConditionError}). */
public class ConditionException extends KubeException {

	private static final long serialVersionUID = 1L;

	private final String resource;

	private final String name;

	private final @Nullable String namespace;

	private final List<String> messages;

	/**
	 * @param resource the kind's plural, such as {@code pods}
	 * @param name the object's name
	 * @param namespace the object's namespace, {@code null} for cluster-scoped kinds
	 * @param messages the failed conditions' messages
	 */
	public ConditionException(String resource, String name, @Nullable String namespace, List<String> messages) {
		super(ObjectDeletedException.describe(resource, name, namespace) + " reached a failure condition: "
				+ String.join("; ", messages));
		this.resource = Objects.requireNonNull(resource, "resource must not be null");
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.namespace = namespace;
		this.messages = List.copyOf(messages);
	}

	/** The kind's plural, such as {@code pods}. */
	public String resource() {
		return this.resource;
	}

	/** The object's name. */
	public String name() {
		return this.name;
	}

	/** The object's namespace, or {@code null} for a cluster-scoped kind. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The failed conditions' messages (their type where they have none). */
	public List<String> messages() {
		return this.messages;
	}

}
