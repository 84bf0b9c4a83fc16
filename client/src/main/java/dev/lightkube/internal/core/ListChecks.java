package dev.lightkube.internal.core;

import dev.lightkube.KubeException;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

/**
 * What a list body must be, and what the client says when it is not: the rules both list decoders apply (the
 * event loop's {@link ListDecoder} and the blocking client's {@link ListReader}), kept in one place so that every
 * path gives the same messages. It remembers what the body said about itself (its {@code kind}, a {@code Status}'s
 * reason and message, whether it had {@code items}) to judge it at the end. One instance per body.
 *
 * @param <T> the item type
 */
final class ListChecks<T> {

	private final Class<T> itemType;

	private final UnaryOperator<T> itemFixer;

	private final String what;

	// the kind of the items asked for ({@code null}: not checked), and the largest value read into memory
	private final @Nullable String kind;

	private final int maxValueBytes;

	private boolean sawItems;

	private @Nullable String bodyKind;

	private @Nullable String reason;

	private @Nullable String message;

	/**
	 * @param itemType the item class
	 * @param itemFixer applied to each decoded item (such as filling in {@code apiVersion} and {@code kind})
	 * @param what the request, for error messages
	 * @param kind the kind of the items asked for; the list may be {@code <kind>List} (or {@code List}), an item
	 *     may omit its kind; {@code null} to check neither
	 * @param maxValueBytes the largest item (or other value of the list) read into memory
	 */
	ListChecks(Class<T> itemType, UnaryOperator<T> itemFixer, String what, @Nullable String kind, int maxValueBytes) {
		this.itemType = itemType;
		this.itemFixer = itemFixer;
		this.what = what;
		this.kind = kind;
		this.maxValueBytes = maxValueBytes;
	}

	Class<T> itemType() {
		return this.itemType;
	}

	String what() {
		return this.what;
	}

	/** An item as decoded: fixed up and checked to be of the kind asked for. */
	T item(T decoded) {
		T item = this.itemFixer.apply(decoded);
		// A server may leave out the kind of items.
		return (this.kind != null) ? KindCheck.check(item, this.kind, this.what + " (an item)") : item;
	}

	/** The body has {@code items} (an array, or {@code null} as Go servers write a nil slice). */
	void sawItems() {
		this.sawItems = true;
	}

	/** The body's {@code kind}: checked at once, unless it is a {@code Status} (reported at the end, in full). */
	void kind(String value) {
		this.bodyKind = value;
		if (this.kind != null && !value.equals("Status") && !value.equals(this.kind + "List") && !value.equals("List")) {
			throw new KubeException("The answer to " + this.what + " is a " + value + ", expected a " + this.kind + "List");
		}
	}

	/** A {@code Status}'s {@code reason}, should the body be one. */
	void reason(String value) {
		this.reason = value;
	}

	/** A {@code Status}'s {@code message}, should the body be one. */
	void message(String value) {
		this.message = value;
	}

	/** The body ended where a list may end: fails unless it was a list. */
	void end() {
		if ("Status".equals(this.bodyKind)) {
			throw new KubeException("The answer to " + this.what + " is a Status, not a list"
					+ ((this.reason != null) ? ": " + this.reason : "")
					+ ((this.message != null) ? ": " + this.message : ""));
		}
		if (!this.sawItems) {
			throw new KubeException("The answer to " + this.what + " is not a list: it has no 'items'"
					+ ((this.bodyKind != null) ? " (kind " + this.bodyKind + ")" : ""));
		}
	}

	/** Fails when a value of {@code bytes} is over the limit. */
	void checkSize(long bytes) {
		if (bytes > this.maxValueBytes) {
			throw tooLarge();
		}
	}

	private KubeException tooLarge() {
		return new KubeException("An item of the answer to " + this.what + " is larger than the limit of "
				+ this.maxValueBytes + " bytes: " + ResponseLimits.RAISE_SIZE);
	}

	KubeException truncated() {
		return new KubeException("Truncated list in the answer to " + this.what + ": the body ended early");
	}

	KubeException notAListObject(String got) {
		return new KubeException("Expected a list object in the answer to " + this.what + ", got " + got);
	}

	KubeException itemsNotAnArray(String described) {
		return new KubeException(
				"The answer to " + this.what + " is not a list: its 'items' is " + described + ", not an array");
	}

	KubeException itemNotAnObject(String described) {
		return new KubeException(
				"The answer to " + this.what + " is not a list of objects: an item is " + described + ", not an object");
	}

	KubeException malformed(String message, @Nullable Exception cause) {
		return new KubeException("Malformed list in the answer to " + this.what + ": " + message, cause);
	}

	/** A Jackson failure while reading the body: truncated, malformed, or an item that does not fit the type. */
	KubeException failure(JacksonException ex) {
		if (ex instanceof UnexpectedEndOfInputException) {
			return truncated();
		}
		if (ex instanceof StreamReadException) {
			return malformed(ex.getOriginalMessage(), ex);
		}
		return new KubeException("Cannot decode an item of the answer to " + this.what + " as "
				+ this.itemType.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
	}

	KubeException outOfMemory(OutOfMemoryError ex) {
		return RequestSender.outOfMemory(this.what, ex);
	}

	/** How a JSON value that starts with {@code first} is called in messages. */
	static String describe(byte first) {
		return switch (first) {
			case '{' -> "an object";
			case '[' -> "an array";
			case '"' -> "a string";
			case 'n' -> "null";
			case 't', 'f' -> "a boolean";
			default -> "a number";
		};
	}

}
