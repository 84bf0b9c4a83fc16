package dev.lightkube.internal.core;

import dev.lightkube.KubeException;
import dev.lightkube.internal.http.KubeTransport;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Reads one list body on the calling thread, element by element, with one Jackson parser over the bytes as they
 * arrive: the blocking client's lists. Unlike {@link ListDecoder}, which must not block the event loop and so frames
 * each value and parses it once complete, nothing is framed or copied: the event loop only hands the body's buffers
 * over, a bounded number ahead. Same checks and messages ({@link ListChecks}); a value over the size limit fails as
 * soon as more of it than the limit has been read. Read by one thread; {@link #cancel()} from any.
 *
 * @param <T> the item type
 */
final class ListReader<T> {

	// The parser stays inside the list after each value: what follows is the list's, not trailing content.
	private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return KubeJson.MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		}
	};

	private final ListChecks<T> checks;

	private final ObjectReader itemReader;

	private final Body body;

	// made on the first read: making one reads the first bytes, which may fail as any read may
	private @Nullable JsonParser parser;

	private boolean inItems;

	private boolean ended;

	private volatile boolean cancelled;

	/**
	 * Starts reading {@code body} (subscribes to it).
	 * @param body the body (each buffer is released here)
	 * @param readAheadBytes about how many bytes the event loop may read ahead of this thread
	 * @param checks the list's rules
	 */
	ListReader(Flux<DataBuffer> body, long readAheadBytes, ListChecks<T> checks) {
		if (Schedulers.isInNonBlockingThread()) {
			// As Reactor's block(): waiting here for bytes that only this thread could deliver would never end.
			throw new IllegalStateException("The blocking KubeClient's " + checks.what() + " waits for the answer, "
					+ "which is not supported in thread " + Thread.currentThread().getName()
					+ "; use ReactiveKubeClient there");
		}
		this.checks = checks;
		this.itemReader = READERS.get(checks.itemType());
		this.body = new Body(new BodyInputStream(body, readAheadBytes, KubeTransport.MAX_BODY_PIECE_BYTES), checks);
	}

	/** The next element of the body, or {@code null} once it ended as a list must; fails as {@link ListChecks} says. */
	@Nullable ListElement<T> next() {
		if (this.ended) {
			return null;
		}
		try {
			ListElement<T> element = read();
			if (element == null) {
				finish();
			}
			return element;
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			finish();
			if (this.cancelled) {
				// The caller stopped the list: what the cut-off body looks like to the parser is no failure.
				return null;
			}
			throw failure(ex);
		}
	}

	private @Nullable ListElement<T> read() {
		if (this.parser == null) {
			this.parser = KubeJson.MAPPER.createParser(this.body);
			JsonToken first = this.parser.nextToken();
			if (first == null) {
				throw this.checks.truncated();
			}
			if (first != JsonToken.START_OBJECT) {
				throw this.checks.notAListObject(describe(first));
			}
		}
		while (true) {
			if (this.inItems) {
				JsonToken token = this.parser.nextToken();
				if (token == JsonToken.START_OBJECT) {
					return new ListElement.Item<>(this.checks.item(readValue(this.itemReader)));
				}
				if (token != JsonToken.END_ARRAY) {
					throw (token == null) ? this.checks.truncated() : this.checks.itemNotAnObject(describe(token));
				}
				this.inItems = false;
			}
			JsonToken token = this.parser.nextToken();
			if (token == JsonToken.END_OBJECT) {
				if (this.parser.nextToken() != null) {
					throw this.checks.malformed("expected the end of the body, got more", null);
				}
				this.checks.end();
				return null;
			}
			if (token == null) {
				throw this.checks.truncated();
			}
			String field = this.parser.currentName();
			JsonToken value = this.parser.nextToken();
			switch (field) {
				case "metadata" -> {
					if (value == JsonToken.START_OBJECT) {
						return new ListElement.Meta<>(readValue(READERS.get(ListMeta.class)));
					}
					skipValue();
				}
				case "items" -> {
					if (value == JsonToken.START_ARRAY) {
						this.inItems = true;
					}
					else if (value != JsonToken.VALUE_NULL) {
						// Go servers write a nil slice as null.
						throw this.checks.itemsNotAnArray(describe(value));
					}
					this.checks.sawItems();
				}
				case "kind", "reason", "message" -> {
					if (value == JsonToken.VALUE_STRING) {
						text(field, this.parser.getString());
					}
					else {
						skipValue();
					}
				}
				default -> skipValue();
			}
		}
	}

	private void text(String field, String value) {
		switch (field) {
			case "kind" -> this.checks.kind(value);
			case "reason" -> this.checks.reason(value);
			default -> this.checks.message(value);
		}
	}

	// A value of the list that starts at the current token: read under the size limit.
	private <V> V readValue(ObjectReader reader) {
		long start = this.body.startValue(this.parser.currentTokenLocation().getByteOffset());
		V value = reader.readValue(this.parser);
		this.checks.checkSize(this.parser.currentLocation().getByteOffset() - start);
		this.body.endValue();
		return value;
	}

	private void skipValue() {
		if (this.parser.currentToken().isStructStart()) {
			long start = this.body.startValue(this.parser.currentTokenLocation().getByteOffset());
			this.parser.skipChildren();
			this.checks.checkSize(this.parser.currentLocation().getByteOffset() - start);
			this.body.endValue();
		}
	}

	private RuntimeException failure(Throwable ex) {
		// What the body stream threw (the request failed, a value over the limit) wins over how Jackson wrapped it.
		RuntimeException thrown = this.body.thrown;
		if (thrown != null) {
			return thrown;
		}
		if (ex instanceof OutOfMemoryError oom) {
			return this.checks.outOfMemory(oom);
		}
		if (ex instanceof JacksonException jackson) {
			return this.checks.failure(jackson);
		}
		return (RuntimeException) ex;
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NULL -> "null";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			default -> "a number";
		};
	}

	/**
	 * Stops the body, from any thread: cancels it if it is still coming and releases what was read ahead; the
	 * reading thread's {@link #next()} then ends the list quietly.
	 */
	void cancel() {
		this.cancelled = true;
		this.body.source().close();
	}

	// On the reading thread, once the body ended or failed: closes the body and gives the parser's buffers back.
	private void finish() {
		this.ended = true;
		try {
			if (this.parser != null) {
				this.parser.close();
			}
			else {
				this.body.source().close();
			}
		}
		catch (JacksonException ex) {
			// Closing only cancels the body: nothing can fail that the caller could act on.
		}
	}

	/**
	 * The body as a stream: counts the bytes handed to the parser, so that a value over the size limit fails once
	 * the parser asks for more of it than the limit, and remembers what it threw, which Jackson may wrap.
	 */
	private static final class Body extends FilterInputStream {

		private final ListChecks<?> checks;

		private long position;

		// where the value being read started, or -1
		private long valueStart = -1;

		private @Nullable RuntimeException thrown;

		private final BodyInputStream source;

		Body(BodyInputStream source, ListChecks<?> checks) {
			super(source);
			this.source = source;
			this.checks = checks;
		}

		long startValue(long offset) {
			this.valueStart = offset;
			return offset;
		}

		void endValue() {
			this.valueStart = -1;
		}

		// The body itself: its close() may be called from any thread.
		BodyInputStream source() {
			return this.source;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			try {
				// The parser asks for more only once it consumed all it has: all of it belongs to the value.
				if (this.valueStart >= 0) {
					this.checks.checkSize(this.position - this.valueStart);
				}
				int read = super.read(bytes, offset, length);
				if (read > 0) {
					this.position += read;
				}
				return read;
			}
			catch (RuntimeException ex) {
				this.thrown = ex;
				throw ex;
			}
			catch (InterruptedIOException ex) {
				// The interrupt stays set for the caller; the list ends with a message of the list's own.
				this.thrown = new KubeException("Interrupted while reading the answer to " + this.checks.what(), ex);
				throw ex;
			}
		}

	}

}
