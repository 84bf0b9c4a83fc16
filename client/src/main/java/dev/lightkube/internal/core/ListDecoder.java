package dev.lightkube.internal.core;

import dev.lightkube.KubeException;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.ObjectReader;

/**
 * Decodes a Kubernetes list body ({@code {"metadata": {...}, "items": [...]}}) incrementally: the list's own
 * structure is scanned byte by byte, each value in it (an item, the metadata) is framed by counting brackets outside
 * strings, and each complete value is decoded with Jackson's blocking parser straight from its bytes. Only the bytes
 * of the value being read are kept between buffers, so lists of any size and items of any size decode without a
 * buffer limit. It runs where the bytes arrive (the event loop), for the reactive client; the blocking client reads
 * lists on its own thread with {@link ListReader}; both apply {@link ListChecks}. Not thread-safe: one instance per
 * body.
 *
 * @param <T> the item type
 */
public final class ListDecoder<T> {

	private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return KubeJson.MAPPER.readerFor(type);
		}
	};

	private static final int KEEP_BUFFER_BYTES = 1024 * 1024;

	private static final byte[] METADATA = { '"', 'm', 'e', 't', 'a', 'd', 'a', 't', 'a', '"' };

	private static final byte[] ITEMS = { '"', 'i', 't', 'e', 'm', 's', '"' };

	private static final byte[] KIND = { '"', 'k', 'i', 'n', 'd', '"' };

	private static final byte[] MESSAGE = { '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"' };

	private static final byte[] REASON = { '"', 'r', 'e', 'a', 's', 'o', 'n', '"' };

	// where the scan is in the list object; a value being framed completes in KEY*, VALUE or ITEM*
	private static final int ROOT = 0;

	private static final int KEY_OR_END = 1;

	private static final int KEY = 2;

	private static final int COLON = 3;

	private static final int VALUE = 4;

	private static final int AFTER_VALUE = 5;

	private static final int ITEM_OR_END = 6;

	private static final int ITEM = 7;

	private static final int AFTER_ITEM = 8;

	private static final int DONE = 9;

	private static final int OTHER_FIELD = 0;

	private static final int METADATA_FIELD = 1;

	private static final int ITEMS_FIELD = 2;

	private static final int KIND_FIELD = 3;

	private static final int MESSAGE_FIELD = 4;

	private static final int REASON_FIELD = 5;

	private final ObjectReader itemReader;

	private final ListChecks<T> checks;

	private int state = ROOT;

	private int field = OTHER_FIELD;

	// the value being framed: its bytes so far, its bracket depth, and whether a string or an escape is open
	private boolean framing;

	private boolean scalar;

	private int depth;

	private boolean inString;

	private boolean escape;

	// Buffers received ahead of a consumer that does not keep up: pieces are up to 64 KiB (KubeTransport), so at most
	// 2 MiB (Reactor's default of 256 would be 16 MiB).
	static final int READ_AHEAD_BUFFERS = 32;

	private byte[] pending = new byte[0];

	private int pendingLength;

	private byte[] chunk = new byte[0];

	private ListDecoder(ListChecks<T> checks) {
		this.itemReader = READERS.get(checks.itemType());
		this.checks = checks;
	}

	/**
	 * The elements of the list body, emitted as they complete.
	 * @param body the body (each buffer is released here)
	 * @param itemType the item class
	 * @param itemFixer applied to each decoded item (such as filling in {@code apiVersion} and {@code kind})
	 * @param what the request, for error messages
	 */
	public static <T> Flux<ListElement<T>> decode(Flux<DataBuffer> body, Class<T> itemType, UnaryOperator<T> itemFixer,
			String what) {
		return decode(body, itemType, itemFixer, what, null, ResponseLimits.DEFAULT.maxBytes());
	}

	/**
	 * The elements of the list body, checked: the body must be a list (not a {@code Status}, not a list whose
	 * {@code items} are no array or hold something other than objects), of {@code kind} when given, and no value in
	 * it larger than {@code maxValueBytes}; else a {@link KubeException} that says what was wrong.
	 * @param body the body (each buffer is released here)
	 * @param itemType the item class
	 * @param itemFixer applied to each decoded item (such as filling in {@code apiVersion} and {@code kind})
	 * @param what the request, for error messages
	 * @param kind the kind of the items asked for; the list may be {@code <kind>List} (or {@code List}), an item
	 *     may omit its kind; {@code null} to check neither
	 * @param maxValueBytes the largest item (or other value of the list) read into memory
	 */
	public static <T> Flux<ListElement<T>> decode(Flux<DataBuffer> body, Class<T> itemType, UnaryOperator<T> itemFixer,
			String what, @Nullable String kind, int maxValueBytes) {
		return Flux.defer(() -> {
			ListDecoder<T> decoder = new ListDecoder<>(
					new ListChecks<>(itemType, itemFixer, what, kind, maxValueBytes));
			return body.concatMapIterable(decoder::feed, READ_AHEAD_BUFFERS).concatWith(Flux.defer(() -> Flux.fromIterable(decoder.end())));
		}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	/** Decodes the elements that {@code buffer} completes, and releases it. */
	List<ListElement<T>> feed(DataBuffer buffer) {
		int length;
		try {
			length = buffer.readableByteCount();
			if (this.chunk.length < length) {
				this.chunk = new byte[Math.max(length, 8192)];
			}
			buffer.read(this.chunk, 0, length);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
		List<ListElement<T>> out = new ArrayList<>();
		try {
			scan(this.chunk, length, out);
		}
		catch (OutOfMemoryError ex) {
			// Thrown on the event loop, Reactor would treat it as fatal and the caller would wait forever.
			throw this.checks.outOfMemory(ex);
		}
		if (this.chunk.length > KEEP_BUFFER_BYTES) {
			this.chunk = new byte[0];
		}
		return out;
	}

	List<ListElement<T>> end() {
		if (this.state != DONE) {
			throw this.checks.truncated();
		}
		this.checks.end();
		return List.of();
	}

	private void scan(byte[] bytes, int length, List<ListElement<T>> out) {
		int i = 0;
		if (this.framing) {
			int end = frame(bytes, 0, length);
			if (end < 0) {
				append(bytes, 0, length);
				return;
			}
			append(bytes, 0, end);
			this.framing = false;
			complete(this.pending, 0, this.pendingLength, out);
			clearPending();
			i = end;
		}
		while (i < length) {
			byte c = bytes[i];
			if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
				i++;
				continue;
			}
			switch (this.state) {
				case ROOT -> {
					if (c != '{') {
						throw this.checks.notAListObject("'" + (char) (c & 0xFF) + "'");
					}
					this.state = KEY_OR_END;
					i++;
					continue;
				}
				case KEY_OR_END, KEY -> {
					if (c == '}' && this.state == KEY_OR_END) {
						this.state = DONE;
						i++;
						continue;
					}
					expect(c == '"', c, "a field name");
				}
				case COLON -> {
					expect(c == ':', c, "':'");
					this.state = VALUE;
					i++;
					continue;
				}
				case VALUE -> {
					if (c == '[' && this.field == ITEMS_FIELD) {
						this.checks.sawItems();
						this.state = ITEM_OR_END;
						i++;
						continue;
					}
				}
				case AFTER_VALUE -> {
					expect(c == ',' || c == '}', c, "',' or '}'");
					this.state = (c == ',') ? KEY : DONE;
					i++;
					continue;
				}
				case ITEM_OR_END -> {
					if (c == ']') {
						this.state = AFTER_VALUE;
						i++;
						continue;
					}
				}
				case AFTER_ITEM -> {
					expect(c == ',' || c == ']', c, "',' or ']'");
					this.state = (c == ',') ? ITEM : AFTER_VALUE;
					i++;
					continue;
				}
				case DONE -> expect(false, c, "the end of the body");
				default -> {
					// ITEM: a value follows
				}
			}
			// a value starts at i: frame it, and decode it when its last byte is here
			expect(c != ',' && c != ':' && c != '}' && c != ']', c, "a value");
			this.scalar = c != '{' && c != '[' && c != '"';
			this.depth = (c == '{' || c == '[') ? 1 : 0;
			this.inString = c == '"';
			this.escape = false;
			int end = frame(bytes, i + 1, length);
			if (end < 0) {
				this.framing = true;
				append(bytes, i, length - i);
				return;
			}
			this.checks.checkSize(end - i);
			complete(bytes, i, end - i, out);
			i = end;
		}
	}

	/** Scans the value being framed from {@code from}; returns the index after its last byte, or -1 if not there. */
	private int frame(byte[] bytes, int from, int length) {
		if (this.scalar) {
			for (int i = from; i < length; i++) {
				byte c = bytes[i];
				if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
					return i;
				}
			}
			return -1;
		}
		int depth = this.depth;
		int i = from;
		if (this.inString) {
			i = endOfString(bytes, i, length);
			if (i < 0) {
				return -1;
			}
			this.inString = false;
			if (depth == 0) {
				return i;
			}
		}
		while (i < length) {
			byte c = bytes[i++];
			if (c == '"') {
				// Most of a Kubernetes object is strings: skipped by a loop that looks for nothing else.
				i = endOfString(bytes, i, length);
				if (i < 0) {
					this.depth = depth;
					this.inString = true;
					return -1;
				}
			}
			else if (c == '{' || c == '[') {
				depth++;
			}
			else if ((c == '}' || c == ']') && --depth == 0) {
				return i;
			}
		}
		this.depth = depth;
		return -1;
	}

	/**
	 * From inside a string: the index after its closing quote, or -1 when it goes on past {@code length}
	 * ({@link #escape} then says whether the buffer ended right after a backslash).
	 */
	private int endOfString(byte[] bytes, int from, int length) {
		int i = from;
		if (this.escape) {
			if (i >= length) {
				return -1;
			}
			this.escape = false;
			i++;
		}
		while (i < length) {
			byte c = bytes[i++];
			if (c == '"') {
				return i;
			}
			if (c == '\\') {
				if (i >= length) {
					this.escape = true;
					return -1;
				}
				i++;
			}
		}
		return -1;
	}

	/** Handles one complete value: a field name, a field's value, or an element of the items. */
	private void complete(byte[] bytes, int offset, int length, List<ListElement<T>> out) {
		try {
			switch (this.state) {
				case KEY_OR_END, KEY -> {
					this.field = fieldOf(bytes, offset, length);
					this.state = COLON;
				}
				case VALUE -> {
					byte first = bytes[offset];
					if (this.field == METADATA_FIELD && first == '{') {
						out.add(new ListElement.Meta<>(READERS.get(ListMeta.class).readValue(bytes, offset, length)));
					}
					else if (this.field == ITEMS_FIELD) {
						// '[' never gets here; Go servers write a nil slice as null
						if (first != 'n') {
							throw this.checks.itemsNotAnArray(ListChecks.describe(first));
						}
						skip(bytes, offset, length);
						this.checks.sawItems();
					}
					else if (this.field >= KIND_FIELD && first == '"') {
						text(this.field, KubeJson.MAPPER.readValue(bytes, offset, length, String.class));
					}
					else {
						skip(bytes, offset, length);
					}
					this.state = AFTER_VALUE;
				}
				default -> {
					byte first = bytes[offset];
					if (first != '{') {
						throw this.checks.itemNotAnObject(ListChecks.describe(first));
					}
					T item = this.itemReader.readValue(bytes, offset, length);
					out.add(new ListElement.Item<>(this.checks.item(item)));
					this.state = AFTER_ITEM;
				}
			}
		}
		catch (JacksonException ex) {
			throw this.checks.failure(ex);
		}
	}

	/** A top-level text field of the body: its kind (checked at once), or a Status's reason and message. */
	private void text(int field, String value) {
		if (field == KIND_FIELD) {
			this.checks.kind(value);
		}
		else if (field == MESSAGE_FIELD) {
			this.checks.message(value);
		}
		else if (field == REASON_FIELD) {
			this.checks.reason(value);
		}
	}

	private int fieldOf(byte[] bytes, int offset, int length) {
		if (Arrays.equals(bytes, offset, offset + length, METADATA, 0, METADATA.length)) {
			return METADATA_FIELD;
		}
		if (Arrays.equals(bytes, offset, offset + length, ITEMS, 0, ITEMS.length)) {
			return ITEMS_FIELD;
		}
		if (Arrays.equals(bytes, offset, offset + length, KIND, 0, KIND.length)) {
			return KIND_FIELD;
		}
		if (Arrays.equals(bytes, offset, offset + length, MESSAGE, 0, MESSAGE.length)) {
			return MESSAGE_FIELD;
		}
		if (Arrays.equals(bytes, offset, offset + length, REASON, 0, REASON.length)) {
			return REASON_FIELD;
		}
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] == '\\') {
				// an escaped name may still spell one of the two
				String name = KubeJson.MAPPER.readValue(bytes, offset, length, String.class);
				return "metadata".equals(name) ? METADATA_FIELD : "items".equals(name) ? ITEMS_FIELD : OTHER_FIELD;
			}
		}
		return OTHER_FIELD;
	}

	/** Checks a value that is not decoded (such as {@code kind}) is well-formed JSON. */
	private void skip(byte[] bytes, int offset, int length) {
		try (JsonParser parser = KubeJson.MAPPER.createParser(bytes, offset, length)) {
			parser.nextToken();
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw this.checks.malformed("unexpected content after a value", null);
			}
		}
	}

	private void expect(boolean condition, byte c, String expected) {
		if (!condition) {
			throw this.checks.malformed("expected " + expected + ", got '" + (char) (c & 0xFF) + "'", null);
		}
	}

	private void append(byte[] bytes, int offset, int length) {
		this.checks.checkSize((long) this.pendingLength + length);
		int needed = this.pendingLength + length;
		if (needed > this.pending.length) {
			this.pending = Arrays.copyOf(this.pending, Math.max(needed, 2 * this.pending.length + 8192));
		}
		System.arraycopy(bytes, offset, this.pending, this.pendingLength, length);
		this.pendingLength = needed;
	}

	private void clearPending() {
		this.pendingLength = 0;
		// a huge item should not pin its buffer for the rest of the list
		if (this.pending.length > KEEP_BUFFER_BYTES) {
			this.pending = new byte[0];
		}
	}

}
