package dev.lightkube.internal.watch;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import dev.lightkube.internal.core.ResponseLimits;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.api.model.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Decodes the newline-delimited JSON of one watch stream as buffers arrive, in two steps that may run on two threads:
 * {@link #split} cuts each buffer into complete lines (copied out, the buffer released where it was read: on the event
 * loop), and {@link #decode} decodes those lines straight into the target type (wherever the consumer asks for
 * events: a blocking consumer decodes on its own thread). Only the bytes of an incomplete last line are kept between
 * buffers, so an event may be split anywhere and be of any size up to a limit. Not thread-safe: each step is called
 * by one thread at a time, one instance per stream.
 */
final class WatchEventDecoder<T> {

	private static final Logger logger = LoggerFactory.getLogger(WatchEventDecoder.class);

	private static final int KEEP_BUFFER_BYTES = 1024 * 1024;

	/** The annotation of the bookmark that ends the initial events of a WatchList (KEP-3157). */
	static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

	private final ObjectMapper mapper;

	private final ObjectReader objectReader;

	private final ObjectReader bookmarkReader;

	private final ObjectReader statusReader;

	private final ObjectReader treeReader;

	private final String path;

	private final int maxEventBytes;

	// split's state

	private byte[] chunk = new byte[0];

	private byte[] pending = new byte[0];

	private int pendingLength;

	private boolean splitFailed;

	// decode's state

	private boolean failed;

	WatchEventDecoder(ObjectMapper mapper, Class<T> type, String path, int maxEventBytes) {
		this.mapper = mapper;
		// each value is read from inside the event, so the rest of the event follows it
		this.objectReader = mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		this.bookmarkReader = this.objectReader.forType(PartialObjectMetadata.class);
		this.statusReader = this.objectReader.forType(Status.class);
		this.treeReader = this.objectReader.forType(JsonNode.class);
		this.path = path;
		this.maxEventBytes = maxEventBytes;
	}

	/**
	 * The complete lines that {@code buffer} finishes, each copied into an array of its own; releases the buffer.
	 * Called where the buffer was read, so that the release (and Netty's recycling) stays on that thread.
	 */
	Lines split(DataBuffer buffer) {
		try {
			if (this.splitFailed) {
				return Lines.NONE;
			}
			// Netty's buffer as it came off the socket: its indexOf scans eight bytes at a time, and each line is
			// copied once, straight into its own array. Any other buffer is copied into one reused array first.
			ByteBuf bytes;
			if (buffer instanceof NettyDataBuffer netty) {
				bytes = netty.getNativeBuffer();
			}
			else {
				int length = buffer.readableByteCount();
				if (this.chunk.length < length) {
					this.chunk = new byte[Math.max(length, 8192)];
				}
				buffer.read(this.chunk, 0, length);
				bytes = Unpooled.wrappedBuffer(this.chunk, 0, length);
			}
			int start = bytes.readerIndex();
			int end = bytes.writerIndex();
			List<byte[]> lines = new ArrayList<>(2);
			int newline;
			while (start < end && (newline = bytes.indexOf(start, end, (byte) '\n')) >= 0) {
				if (this.pendingLength == 0) {
					if (newline - start > this.maxEventBytes) {
						// a whole line in one buffer is checked too: a buffer may hold up to 64 KiB of one event
						return tooLarge(lines);
					}
					byte[] line = new byte[newline - start];
					bytes.getBytes(start, line);
					lines.add(line);
				}
				else if (append(bytes, start, newline - start)) {
					lines.add(Arrays.copyOf(this.pending, this.pendingLength));
					clearPending();
				}
				else {
					return tooLarge(lines);
				}
				start = newline + 1;
			}
			if (start < end && !append(bytes, start, end - start)) {
				return tooLarge(lines);
			}
			if (this.chunk.length > KEEP_BUFFER_BYTES) {
				this.chunk = new byte[0];
			}
			return new Lines(lines, null);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** A last line that the stream ended without a newline, if any. */
	Lines finishSplit() {
		if (this.splitFailed || this.pendingLength == 0) {
			return Lines.NONE;
		}
		byte[] last = Arrays.copyOf(this.pending, this.pendingLength);
		clearPending();
		return new Lines(List.of(last), null);
	}

	/** Decodes complete lines, in order; after a failure, nothing more. */
	List<WatchFrame<T>> decode(Lines lines) {
		List<WatchFrame<T>> frames = new ArrayList<>(lines.lines().size() + 1);
		for (byte[] line : lines.lines()) {
			if (this.failed) {
				return frames;
			}
			decodeLine(line, 0, line.length, frames);
		}
		if (lines.failure() != null && !this.failed) {
			fail(frames, lines.failure());
		}
		return frames;
	}

	private Lines tooLarge(List<byte[]> lines) {
		this.splitFailed = true;
		clearPending();
		return new Lines(lines, new WatchDecodingException("watch " + this.path
				+ ": an event is larger than the limit of " + this.maxEventBytes + " bytes: " + ResponseLimits.RAISE_SIZE,
				null));
	}

	private boolean append(ByteBuf bytes, int offset, int length) {
		int needed = this.pendingLength + length;
		if (needed > this.maxEventBytes) {
			return false;
		}
		if (needed > this.pending.length) {
			int grown = (int) Math.min(this.maxEventBytes, Math.max(needed, 2L * this.pending.length + 8192));
			this.pending = Arrays.copyOf(this.pending, grown);
		}
		bytes.getBytes(offset, this.pending, this.pendingLength, length);
		this.pendingLength = needed;
		return true;
	}

	private void clearPending() {
		this.pendingLength = 0;
		// a huge event should not pin its buffer for the rest of the watch
		if (this.pending.length > KEEP_BUFFER_BYTES) {
			this.pending = new byte[0];
		}
	}

	private void fail(List<WatchFrame<T>> frames, RuntimeException error) {
		this.failed = true;
		frames.add(new WatchFrame.Failure<>(error));
	}

	private void decodeLine(byte[] bytes, int offset, int length, List<WatchFrame<T>> frames) {
		if (isBlank(bytes, offset, length)) {
			return;
		}
		try {
			WatchFrame<T> frame = decode(bytes, offset, length);
			if (frame != null) {
				frames.add(frame);
			}
		}
		catch (WatchDecodingException ex) {
			fail(frames, ex);
		}
		catch (RuntimeException ex) {
			fail(frames, new WatchDecodingException("watch " + this.path + ": cannot decode an event: "
					+ ex.getMessage(), ex));
		}
		catch (OutOfMemoryError ex) {
			// Thrown on the event loop, Reactor would treat it as fatal and the watch would hang.
			fail(frames, new WatchDecodingException("watch " + this.path + ": out of memory while decoding an event "
					+ "of " + length + " bytes: give the JVM more heap, or lower the size limit ("
					+ ResponseLimits.RAISE_SIZE.replace("raise it", "set it") + ")", ex));
		}
	}

	private @Nullable WatchFrame<T> decode(byte[] bytes, int offset, int length) {
		try (JsonParser parser = this.mapper.createParser(bytes, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new WatchDecodingException("watch " + this.path + ": an event is not a JSON object", null);
			}
			String eventType = null;
			Object object = null;
			JsonNode early = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if ("type".equals(name)) {
					eventType = parser.getString();
				}
				else if ("object".equals(name)) {
					if (eventType != null) {
						object = readObject(eventType, parser);
					}
					else {
						// "object" before "type": keep the tree until the type is known
						early = this.treeReader.readValue(parser);
					}
				}
				else {
					parser.skipChildren();
				}
			}
			if (eventType == null) {
				throw new WatchDecodingException("watch " + this.path + ": an event has no type", null);
			}
			if (object == null && early != null && !early.isNull()) {
				object = readObject(eventType, this.mapper.treeAsTokens(early));
			}
			return frame(eventType, object);
		}
	}

	private @Nullable Object readObject(String eventType, JsonParser parser) {
		if (parser.currentToken() == null) {
			parser.nextToken();
		}
		if (parser.currentToken() == JsonToken.VALUE_NULL) {
			return null;
		}
		return switch (eventType) {
			case "BOOKMARK" -> this.bookmarkReader.readValue(parser);
			case "ERROR" -> this.statusReader.readValue(parser);
			case "ADDED", "MODIFIED", "DELETED" -> this.objectReader.readValue(parser);
			default -> {
				parser.skipChildren();
				yield null;
			}
		};
	}

	@SuppressWarnings("unchecked")
	private @Nullable WatchFrame<T> frame(String eventType, @Nullable Object object) {
		switch (eventType) {
			case "ADDED", "MODIFIED", "DELETED" -> {
				if (object == null) {
					throw new WatchDecodingException("watch " + this.path + ": an event of type " + eventType
							+ " has no object", null);
				}
				return new WatchFrame.Change<>(EventType.valueOf(eventType), (T) object);
			}
			case "BOOKMARK" -> {
				ObjectMeta metadata = (object instanceof PartialObjectMetadata bookmark) ? bookmark.getMetadata() : null;
				String version = (metadata != null) ? metadata.getResourceVersion() : null;
				if (version == null || version.isEmpty()) {
					return null;
				}
				if (metadata.getAnnotations() == null
						|| !"true".equals(metadata.getAnnotations().get(INITIAL_EVENTS_END))) {
					return new WatchFrame.Bookmark<>(version);
				}
				// The end of a WatchList's initial events: kept as the watched type, so it can be delivered.
				JsonNode tree = this.mapper.valueToTree(object);
				return new WatchFrame.Bookmark<>(version, true, (T) this.objectReader.readValue(tree));
			}
			case "ERROR" -> {
				Status status = (object instanceof Status s) ? s : new Status();
				return new WatchFrame.Failure<>(new ApiException(status, "watch", this.path));
			}
			default -> {
				// newer servers may add event types; an old client must keep going
				logger.debug("Ignoring watch event of unknown type {} on {}", eventType, this.path);
				return null;
			}
		}
	}

	private static boolean isBlank(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			byte b = bytes[i];
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	/**
	 * The complete lines of one buffer (blank ones included), and the failure that ends the stream after them: an
	 * event larger than the limit.
	 */
	record Lines(List<byte[]> lines, @Nullable WatchDecodingException failure) {

		static final Lines NONE = new Lines(List.of(), null);

	}

}
