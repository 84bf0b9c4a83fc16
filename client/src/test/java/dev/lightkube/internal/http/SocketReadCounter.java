package dev.lightkube.internal.http;

import dev.lightkube.config.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/** For tests: counts the socket reads of a transport's connections (the buffers below Netty's HTTP decoder). */
@ChannelHandler.Sharable
public final class SocketReadCounter extends ChannelInboundHandlerAdapter {

	private static final String NAME = "test-socket-reads";

	private final AtomicInteger reads = new AtomicInteger();

	/** The socket reads counted so far. */
	public int reads() {
		return this.reads.get();
	}

	/** Transport settings (the defaults otherwise) that put this counter first in every connection's pipeline. */
	public TransportSettings settings() {
		return new TransportSettings(Timeouts.DEFAULT, false, null, false,
				(client) -> client.doOnConnected((connection) -> {
					if (connection.channel().pipeline().get(NAME) == null) {
						connection.channel().pipeline().addFirst(NAME, this);
					}
				}), (builder) -> {
				});
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof ByteBuf) {
			this.reads.incrementAndGet();
		}
		context.fireChannelRead(message);
	}

}
