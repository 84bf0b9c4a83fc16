package dev.lightkube.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;

/**
 * Joins the small pieces of a response body that one socket read brought into one piece, handed on when the read ends.
 * Netty's HTTP/1.1 decoder hands on a piece per chunk, and an API server writes a watch event per chunk: a read of
 * 64 KiB held a dozen events, each then paid through Reactor Netty, Spring's buffers, the client's operators and the
 * hand-over to a blocking reader. Joined, it is one buffer per read, as for a body written in large writes. Nothing is
 * held beyond the read that brought it, so no event waits for the next; large pieces (a list's) go on as they are.
 * One per connection (it keeps the read's pieces).
 */
final class BodyPieceCoalescer extends ChannelInboundHandlerAdapter {

	static final String NAME = "lightkube.bodyPieces";

	/** Pieces at least this large go on as they are: copying them would cost more than their hand-over. */
	static final int SMALL_PIECE_BYTES = 16 * 1024;

	/** A joined piece is handed on once it holds this much, so a read of many small pieces stays a few buffers. */
	static final int JOINED_PIECE_BYTES = 64 * 1024;

	// the first small piece of this read, as it came (not copied unless a second one follows)
	private @Nullable HttpContent first;

	// the small pieces of this read copied into one buffer, once there are two
	private @Nullable ByteBuf joined;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (!(message instanceof HttpContent piece) || message instanceof LastHttpContent
				|| !piece.decoderResult().isSuccess() || piece.content().readableBytes() >= SMALL_PIECE_BYTES) {
			handOn(ctx);
			ctx.fireChannelRead(message);
			return;
		}
		ByteBuf bytes = piece.content();
		if (this.joined == null && this.first == null) {
			this.first = piece;
			return;
		}
		if (this.joined == null) {
			HttpContent held = this.first;
			this.first = null;
			this.joined = ctx.alloc().buffer(JOINED_PIECE_BYTES);
			this.joined.writeBytes(held.content());
			held.release();
		}
		this.joined.writeBytes(bytes);
		piece.release();
		if (this.joined.readableBytes() >= JOINED_PIECE_BYTES - SMALL_PIECE_BYTES) {
			handOn(ctx);
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		handOn(ctx);
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		// what was read before the connection closed is the body's, as without this handler
		handOn(ctx);
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		handOn(ctx);
	}

	private void handOn(ChannelHandlerContext ctx) {
		HttpContent held = this.first;
		ByteBuf bytes = this.joined;
		this.first = null;
		this.joined = null;
		if (held != null) {
			ctx.fireChannelRead(held);
		}
		else if (bytes != null) {
			ctx.fireChannelRead(new DefaultHttpContent(bytes));
		}
	}

}
