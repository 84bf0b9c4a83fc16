package dev.lightkube;

/** The object a {@code waitFor} was waiting on was deleted (lightkube's {@code ObjectDeleted}). */
public class ObjectDeletedException extends KubeException {

	private static final long serialVersionUID = 1L;

	private final String name;

	public ObjectDeletedException(String name) {
		super("'" + name + "' was deleted while waiting for it");
		this.name = name;
	}

	/** The deleted object's name. */
	public String name() {
		return this.name;
	}

}
