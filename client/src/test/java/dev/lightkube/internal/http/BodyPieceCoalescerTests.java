package dev.lightkube.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyPieceCoalescerTests {

	private final EmbeddedChannel channel = new EmbeddedChannel(new BodyPieceCoalescer());

	private final List<ByteBuf> sent = new ArrayList<>();

	@Test
	void theSmallPiecesOfOneReadGoOnAsOnePieceWhenTheReadEnds() {
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			String event = "{\"type\":\"ADDED\",\"n\":" + i + "}\n";
			expected.append(event);
			this.channel.pipeline().fireChannelRead(piece(event));
		}
		assertThat((Object) this.channel.readInbound()).as("held until the read ends").isNull();
		this.channel.pipeline().fireChannelReadComplete();
		HttpContent joined = this.channel.readInbound();
		assertThat(joined.content().toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
		assertThat((Object) this.channel.readInbound()).isNull();
		joined.release();
		assertAllReleased();
	}

	@Test
	void aReadOfOneSmallPieceHandsOnThatPieceAsItCame() {
		HttpContent piece = piece("{\"type\":\"MODIFIED\"}\n");
		this.channel.pipeline().fireChannelRead(piece);
		this.channel.pipeline().fireChannelReadComplete();
		assertThat((Object) this.channel.readInbound()).isSameAs(piece);
		piece.release();
		assertAllReleased();
	}

	@Test
	void everythingElseGoesOnAsItCameAndInOrder() {
		HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		HttpContent large = piece("x".repeat(BodyPieceCoalescer.SMALL_PIECE_BYTES));
		HttpContent failed = piece("broken");
		failed.setDecoderResult(DecoderResult.failure(new IllegalStateException("bad chunk")));
		LastHttpContent last = new DefaultLastHttpContent(bytes("tail"));
		this.sent.add(last.content());
		this.channel.pipeline().fireChannelRead(head);
		this.channel.pipeline().fireChannelRead(piece("a"));
		this.channel.pipeline().fireChannelRead(piece("b"));
		this.channel.pipeline().fireChannelRead(large);
		this.channel.pipeline().fireChannelRead(piece("c"));
		this.channel.pipeline().fireChannelRead(failed);
		this.channel.pipeline().fireChannelRead(piece("d"));
		this.channel.pipeline().fireChannelRead(last);
		this.channel.pipeline().fireChannelReadComplete();
		assertThat((Object) this.channel.readInbound()).isSameAs(head);
		assertThat(text(this.channel.readInbound())).isEqualTo("ab");
		assertThat((Object) this.channel.readInbound()).isSameAs(large);
		assertThat(text(this.channel.readInbound())).isEqualTo("c");
		assertThat((Object) this.channel.readInbound()).isSameAs(failed);
		assertThat(text(this.channel.readInbound())).isEqualTo("d");
		assertThat((Object) this.channel.readInbound()).isSameAs(last);
		assertThat((Object) this.channel.readInbound()).isNull();
		large.release();
		failed.release();
		last.release();
		assertAllReleased();
	}

	@Test
	void aLongReadOfSmallPiecesGoesOnInPiecesOfBoundedSize() {
		int pieces = 40;
		for (int i = 0; i < pieces; i++) {
			this.channel.pipeline().fireChannelRead(piece("y".repeat(4096)));
		}
		this.channel.pipeline().fireChannelReadComplete();
		int total = 0;
		int count = 0;
		for (HttpContent out; (out = this.channel.readInbound()) != null; count++) {
			assertThat(out.content().readableBytes()).isLessThanOrEqualTo(BodyPieceCoalescer.JOINED_PIECE_BYTES);
			total += out.content().readableBytes();
			out.release();
		}
		assertThat(total).isEqualTo(pieces * 4096);
		assertThat(count).isEqualTo(4);
		assertAllReleased();
	}

	@Test
	void whatWasReadBeforeTheConnectionClosedGoesOnBeforeTheClose() {
		this.channel.pipeline().fireChannelRead(piece("one "));
		this.channel.pipeline().fireChannelRead(piece("two"));
		this.channel.close();
		HttpContent out = this.channel.readInbound();
		assertThat(text(out)).isEqualTo("one two");
		assertAllReleased();
	}

	@Test
	void piecesHeldWhenTheHandlerIsRemovedGoOn() {
		this.channel.pipeline().fireChannelRead(piece("held"));
		this.channel.pipeline().remove(BodyPieceCoalescer.class);
		HttpContent out = this.channel.readInbound();
		assertThat(text(out)).isEqualTo("held");
		assertAllReleased();
	}

	private HttpContent piece(String text) {
		return new DefaultHttpContent(bytes(text));
	}

	private ByteBuf bytes(String text) {
		ByteBuf buffer = Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
		this.sent.add(buffer);
		return buffer;
	}

	// reads and releases
	private static String text(HttpContent content) {
		try {
			return content.content().toString(StandardCharsets.UTF_8);
		}
		finally {
			content.release();
		}
	}

	private void assertAllReleased() {
		assertThat(this.sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

}
