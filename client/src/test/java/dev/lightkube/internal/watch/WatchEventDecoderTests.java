package dev.lightkube.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import io.fabric8.kubernetes.api.model.Pod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The line decoder on its own: events split anywhere, field order, blank lines, errors.
 */
class WatchEventDecoderTests {

	private final WatchEventDecoder<Pod> decoder = new WatchEventDecoder<>(JsonMapper.builder().build(), Pod.class,
			"/api/v1/pods", 4096);

	@Test
	void eventsSplitAtEveryByteDecodeAsWhole() {
		String body = WatchWireMockSupport.event("ADDED", "a", "1") + WatchWireMockSupport.bookmark("2")
				+ WatchWireMockSupport.event("DELETED", "a", "3");
		List<WatchFrame<Pod>> frames = new ArrayList<>();
		for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
			frames.addAll(feed(buffer(new byte[] { b })));
		}
		frames.addAll(finish());

		assertThat(frames).hasSize(3);
		assertThat(change(frames.get(0)).type()).isEqualTo(EventType.ADDED);
		// the support's bookmark carries k8s.io/initial-events-end: kept, with the object as the watched type
		WatchFrame.Bookmark<Pod> bookmark = (WatchFrame.Bookmark<Pod>) frames.get(1);
		assertThat(bookmark.resourceVersion()).isEqualTo("2");
		assertThat(bookmark.initialEventsEnd()).isTrue();
		assertThat(bookmark.object().getMetadata().getResourceVersion()).isEqualTo("2");
		assertThat(bookmark.object().getMetadata().getAnnotations()).containsEntry("k8s.io/initial-events-end", "true");
		assertThat(change(frames.get(2)).type()).isEqualTo(EventType.DELETED);
		assertThat(change(frames.get(2)).object().getMetadata().getResourceVersion()).isEqualTo("3");
	}

	@Test
	void nettyBuffersOfEverySizeAreCutIntoTheSameLinesAndReleased() {
		// The event loop's buffers (Netty's, read straight from the socket), cut at every size from 1 byte to more
		// than a line, some starting inside their Netty buffer: the lines come out whole, each buffer is released.
		String body = WatchWireMockSupport.event("ADDED", "a", "1") + "\n  \r\n"
				+ WatchWireMockSupport.event("MODIFIED", "a", "2") + WatchWireMockSupport.event("DELETED", "a", "3");
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		NettyDataBufferFactory factory = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));
		for (int size = 1; size <= 300; size += (size < 20) ? 1 : 37) {
			WatchEventDecoder<Pod> decoder = new WatchEventDecoder<>(JsonMapper.builder().build(), Pod.class, "/p", 4096);
			List<String> versions = new ArrayList<>();
			List<ByteBuf> sent = new ArrayList<>();
			for (int offset = 0; offset < bytes.length; offset += size) {
				int length = Math.min(size, bytes.length - offset);
				ByteBuf bigger = Unpooled.directBuffer(length + 3).writeBytes(new byte[] { 'x', 'y', 'z' });
				bigger.writeBytes(bytes, offset, length).readerIndex(3);
				sent.add(bigger);
				WatchEventDecoder.Lines lines = decoder.split(factory.wrap(bigger));
				decoder.decode(lines).forEach((frame) -> versions.add(change(frame).object().getMetadata().getResourceVersion()));
			}
			decoder.decode(decoder.finishSplit()).forEach((frame) -> versions.add(change(frame).object().getMetadata()
				.getResourceVersion()));

			assertThat(versions).as("buffers of %d bytes", size).containsExactly("1", "2", "3");
			assertThat(sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
		}
	}

	@Test
	void aLineThatGrowsPastTheLimitAcrossNettyBuffersFailsAfterTheLinesBeforeIt() {
		NettyDataBufferFactory factory = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));
		String first = WatchWireMockSupport.event("ADDED", "a", "1");
		byte[] big = new byte[3000];
		java.util.Arrays.fill(big, (byte) 'x');

		WatchEventDecoder.Lines lines = this.decoder.split(factory.wrap((first + new String(big, StandardCharsets.UTF_8))
			.getBytes(StandardCharsets.UTF_8)));
		WatchEventDecoder.Lines more = this.decoder.split(factory.wrap(big));

		assertThat(lines.failure()).isNull();
		assertThat(this.decoder.decode(lines)).singleElement().isInstanceOf(WatchFrame.Change.class);
		assertThat(more.failure()).hasMessageContaining("an event is larger than the limit of 4096 bytes");
		assertThat(this.decoder.decode(more)).singleElement().isInstanceOf(WatchFrame.Failure.class);
		assertThat(this.decoder.split(factory.wrap(first.getBytes(StandardCharsets.UTF_8))).lines()).isEmpty();
	}

	@Test
	void aWholeLineOverTheLimitInOneBufferFailsAfterTheLinesBeforeIt() {
		NettyDataBufferFactory factory = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));
		String first = WatchWireMockSupport.event("ADDED", "a", "1");
		String big = "x".repeat(5000) + "\n";

		WatchEventDecoder.Lines lines = this.decoder.split(factory.wrap((first + big).getBytes(StandardCharsets.UTF_8)));

		assertThat(lines.failure()).hasMessageContaining("an event is larger than the limit of 4096 bytes");
		assertThat(this.decoder.decode(lines)).hasSize(2)
			.satisfiesExactly((change) -> assertThat(change).isInstanceOf(WatchFrame.Change.class),
					(failure) -> assertThat(failure).isInstanceOf(WatchFrame.Failure.class));
	}

	@Test
	void aBookmarkWithoutTheEndAnnotationIsAPlainBookmark() {
		String body = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"4\","
				+ "\"annotations\":{\"k8s.io/initial-events-end\":\"false\"}}}}\n"
				+ "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"5\"}}}\n";
		List<WatchFrame<Pod>> frames = feed(buffer(body.getBytes(StandardCharsets.UTF_8)));

		assertThat(frames).containsExactly(new WatchFrame.Bookmark<>("4"), new WatchFrame.Bookmark<>("5"));
	}

	@Test
	void manyEventsInOneBufferAndObjectBeforeType() {
		String body = "{\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"resourceVersion\":\"7\"}},"
				+ "\"type\":\"MODIFIED\"}\r\n\n   \n" + WatchWireMockSupport.event("ADDED", "y", "8");

		List<WatchFrame<Pod>> frames = feed(buffer(body));

		assertThat(frames).hasSize(2);
		assertThat(change(frames.get(0)).type()).isEqualTo(EventType.MODIFIED);
		assertThat(change(frames.get(0)).object().getMetadata().getName()).isEqualTo("x");
		assertThat(change(frames.get(1)).object().getMetadata().getName()).isEqualTo("y");
	}

	@Test
	void lastEventWithoutNewlineIsDecodedAtTheEnd() {
		String line = WatchWireMockSupport.event("ADDED", "a", "1").strip();

		assertThat(feed(buffer(line))).isEmpty();
		assertThat(finish()).singleElement()
			.satisfies((frame) -> assertThat(change(frame).object().getMetadata().getName()).isEqualTo("a"));
	}

	@Test
	void unknownEventTypesAndBookmarksWithoutVersionAreSkipped() {
		String body = "{\"type\":\"SOMETHING_NEW\",\"object\":{\"a\":[1,{\"b\":2}]}}\n"
				+ "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{}}}\n" + WatchWireMockSupport.event("ADDED", "a", "1");

		assertThat(feed(buffer(body))).singleElement().isInstanceOf(WatchFrame.Change.class);
	}

	@Test
	void errorEventBecomesApiExceptionWithTheStatus() {
		String body = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":500,\"reason\":\"InternalError\","
				+ "\"message\":\"etcd is down\"}}\n";

		WatchFrame<Pod> frame = feed(buffer(body)).get(0);

		assertThat(frame).isInstanceOfSatisfying(WatchFrame.Failure.class, (failure) -> {
			assertThat(failure.error()).isInstanceOf(ApiException.class).hasMessage("watch /api/v1/pods: 500 InternalError: etcd is down");
			assertThat(((ApiException) failure.error()).code()).isEqualTo(500);
		});
	}

	@Test
	void malformedLineFailsAndTheRestIsIgnored() {
		List<WatchFrame<Pod>> frames = feed(buffer("{\"type\":\"ADDED\",\"object\":{\"metadata\":[}\n"
				+ WatchWireMockSupport.event("ADDED", "a", "1")));

		assertThat(frames).singleElement()
			.isInstanceOfSatisfying(WatchFrame.Failure.class, (failure) -> assertThat(failure.error())
				.isInstanceOf(WatchDecodingException.class)
				.hasMessageStartingWith("watch /api/v1/pods: cannot decode an event"));
		assertThat(feed(buffer(WatchWireMockSupport.event("ADDED", "b", "2")))).isEmpty();
	}

	@Test
	void eventWithoutTypeOrObjectFails() {
		assertThat(feed(buffer("{\"object\":{}}\n"))).singleElement()
			.isInstanceOf(WatchFrame.Failure.class);
		WatchEventDecoder<Pod> other = new WatchEventDecoder<>(JsonMapper.builder().build(), Pod.class, "/p", 4096);
		assertThat(other.decode(other.split(buffer("{\"type\":\"ADDED\"}\n")))).singleElement()
			.isInstanceOf(WatchFrame.Failure.class);
	}

	@Test
	void eventLargerThanTheLimitFailsClearly() {
		byte[] big = new byte[5000];
		java.util.Arrays.fill(big, (byte) 'x');

		List<WatchFrame<Pod>> frames = feed(buffer(big));

		assertThat(frames).singleElement()
			.isInstanceOfSatisfying(WatchFrame.Failure.class, (failure) -> assertThat(failure.error())
				.hasMessage("watch /api/v1/pods: an event is larger than the limit of 4096 bytes: raise it with "
						+ "KubeClientBuilder.maxResponseSize(...) or the property lightkube.response.max-size"));
	}

	@SuppressWarnings("unchecked")
	private static WatchFrame.Change<Pod> change(WatchFrame<Pod> frame) {
		assertThat(frame).isInstanceOf(WatchFrame.Change.class);
		return (WatchFrame.Change<Pod>) frame;
	}

	private static DataBuffer buffer(String text) {
		return buffer(text.getBytes(StandardCharsets.UTF_8));
	}

	private static DataBuffer buffer(byte[] bytes) {
		return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
	}

	// Both steps on one thread (the engine splits on the event loop and decodes where events are asked for).
	private List<WatchFrame<Pod>> feed(DataBuffer buffer) {
		return this.decoder.decode(this.decoder.split(buffer));
	}

	private List<WatchFrame<Pod>> finish() {
		return this.decoder.decode(this.decoder.finishSplit());
	}

}
