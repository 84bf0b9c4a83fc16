package dev.lightkube;

import java.util.List;

/** A condition named in {@code raiseForConditions} became true (lightkube's {@code ConditionError}). */
public class ConditionException extends KubeException {

	private static final long serialVersionUID = 1L;

	private final String name;

	private final List<String> messages;

	public ConditionException(String name, List<String> messages) {
		super("'" + name + "' reached a failure condition: " + String.join("; ", messages));
		this.name = name;
		this.messages = List.copyOf(messages);
	}

	/** The object's name. */
	public String name() {
		return this.name;
	}

	/** The failed conditions' messages (their type where they have none). */
	public List<String> messages() {
		return this.messages;
	}

}
