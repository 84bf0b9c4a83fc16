package dev.lightkube.internal.core;

import dev.lightkube.KubeException;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteBufferFeeder;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Decodes a Kubernetes list body ({@code {"metadata": {...}, "items": [...]}}) incrementally with Jackson's
 * non-blocking parser: each item is decoded as soon as its last byte arrived, and nothing but the item being read
 * is held, so lists of any size and items of any size decode without a buffer limit.
 *
 * @param <T> the item type
 */
public final class ListDecoder<T> {

	private final JsonParser parser = KubeJson.MAPPER.createNonBlockingByteBufferParser();

	private final ByteBufferFeeder feeder = (ByteBufferFeeder) this.parser.nonBlockingInputFeeder();

	private final Class<T> itemType;

	private final UnaryOperator<T> itemFixer;

	private final String what;

	// 0: before the list object, 1: in the list object, 2: in its items array
	private int depth;

	private @Nullable String field;

	private int skipDepth;

	private @Nullable TokenBuffer capture;

	private int captureDepth;

	private boolean captureIsMeta;

	private boolean done;

	private ListDecoder(Class<T> itemType, UnaryOperator<T> itemFixer, String what) {
		this.itemType = itemType;
		this.itemFixer = itemFixer;
		this.what = what;
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
		return Flux.defer(() -> {
			ListDecoder<T> decoder = new ListDecoder<>(itemType, itemFixer, what);
			return body.concatMapIterable((buffer) -> {
				try {
					return decoder.feed(buffer);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			}).concatWith(Flux.defer(() -> Flux.fromIterable(decoder.end())));
		}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	List<ListElement<T>> feed(DataBuffer buffer) {
		List<ListElement<T>> out = new ArrayList<>();
		try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
			while (buffers.hasNext()) {
				ByteBuffer next = buffers.next();
				this.feeder.feedInput(next);
				drain(out);
			}
		}
		catch (JacksonException ex) {
			throw new KubeException("Malformed list in the answer to " + this.what + ": " + ex.getOriginalMessage(), ex);
		}
		return out;
	}

	List<ListElement<T>> end() {
		List<ListElement<T>> out = new ArrayList<>();
		try {
			this.feeder.endOfInput();
			drain(out);
		}
		catch (JacksonException ex) {
			throw new KubeException("Malformed list in the answer to " + this.what + ": " + ex.getOriginalMessage(), ex);
		}
		if (!this.done) {
			throw new KubeException("Truncated list in the answer to " + this.what + ": the body ended early");
		}
		return out;
	}

	private void drain(List<ListElement<T>> out) {
		JsonToken token;
		while ((token = this.parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
			onToken(token, out);
		}
	}

	private void onToken(JsonToken token, List<ListElement<T>> out) {
		TokenBuffer buffer = this.capture;
		if (buffer != null) {
			buffer.copyCurrentEvent(this.parser);
			if (token.isStructStart()) {
				this.captureDepth++;
			}
			else if (token.isStructEnd() && --this.captureDepth == 0) {
				this.capture = null;
				out.add(complete(buffer));
			}
			return;
		}
		if (this.skipDepth > 0) {
			if (token.isStructStart()) {
				this.skipDepth++;
			}
			else if (token.isStructEnd()) {
				this.skipDepth--;
			}
			return;
		}
		switch (this.depth) {
			case 0 -> {
				if (token != JsonToken.START_OBJECT || this.done) {
					throw new KubeException("Expected a list object in the answer to " + this.what + ", got " + token);
				}
				this.depth = 1;
			}
			case 1 -> inList(token);
			default -> inItems(token);
		}
	}

	private void inList(JsonToken token) {
		if (token == JsonToken.PROPERTY_NAME) {
			this.field = this.parser.currentName();
		}
		else if (token == JsonToken.END_OBJECT) {
			this.depth = 0;
			this.done = true;
		}
		else if (token == JsonToken.START_OBJECT && "metadata".equals(this.field)) {
			startCapture(true);
		}
		else if (token == JsonToken.START_ARRAY && "items".equals(this.field)) {
			this.depth = 2;
		}
		else if (token.isStructStart()) {
			this.skipDepth = 1;
		}
	}

	private void inItems(JsonToken token) {
		if (token == JsonToken.START_OBJECT) {
			startCapture(false);
		}
		else if (token == JsonToken.END_ARRAY) {
			this.depth = 1;
		}
		else if (token.isStructStart()) {
			this.skipDepth = 1;
		}
	}

	private void startCapture(boolean meta) {
		TokenBuffer buffer = TokenBuffer.forBuffering(this.parser, this.parser.objectReadContext());
		buffer.copyCurrentEvent(this.parser);
		this.capture = buffer;
		this.captureDepth = 1;
		this.captureIsMeta = meta;
	}

	private ListElement<T> complete(TokenBuffer buffer) {
		try (JsonParser captured = buffer.asParser(this.parser.objectReadContext())) {
			if (this.captureIsMeta) {
				return new ListElement.Meta<>(KubeJson.MAPPER.readValue(captured, ListMeta.class));
			}
			return new ListElement.Item<>(this.itemFixer.apply(KubeJson.MAPPER.readValue(captured, this.itemType)));
		}
		catch (JacksonException ex) {
			throw new KubeException("Cannot decode an item of the answer to " + this.what + " as "
					+ this.itemType.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
