package dev.lightkube.internal.exec;

import dev.lightkube.ApiException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;

/**
 * Keeps the status and body of a refused WebSocket handshake. Netty's handshake exception keeps only the status
 * line and Reactor Netty releases the body, but the API server explains a 403 or 404 in a {@code Status} body,
 * which is worth showing. Sits just before Reactor Netty's bridge and passes every message on untouched.
 * Sharable because Reactor Netty may retry a connection that closed before answering, adding it again.
 */
@Sharable
final class HandshakeCapture extends ChannelInboundHandlerAdapter {

	private static final String NAME = "lightkube.execHandshake";

	private static final int MAX_BODY = 64 * 1024;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private final IntConsumer onStatus;

	private @Nullable HttpResponseStatus status;

	/** @param onStatus told the status of the handshake's answer once, as it arrives */
	HandshakeCapture(IntConsumer onStatus) {
		this.onStatus = onStatus;
	}

	/** Adds this capture to the connection the handshake is about to be sent on. */
	void attach(Connection connection) {
		connection.addHandlerLast(NAME, this);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		HttpResponseStatus answered = null;
		synchronized (this) {
			if (this.status == null && msg instanceof HttpResponse response) {
				this.status = response.status();
				answered = this.status;
			}
			if (isRefused() && msg instanceof HttpContent content) {
				ByteBuf data = content.content();
				int length = Math.min(data.readableBytes(), MAX_BODY - this.body.size());
				if (length > 0) {
					byte[] bytes = new byte[length];
					// Copied without moving the reader index: the message goes on unchanged.
					data.getBytes(data.readerIndex(), bytes);
					this.body.write(bytes, 0, length);
				}
			}
		}
		if (answered != null) {
			// Before the message goes on: the observation and the log see the answer before the session starts.
			this.onStatus.accept(answered.code());
		}
		ctx.fireChannelRead(msg);
	}

	/** Whether the server answered the handshake at all. */
	synchronized boolean isAnswered() {
		return this.status != null;
	}

	/** Whether the server refused the upgrade with {@code code}. */
	synchronized boolean isRefusedWith(int code) {
		return this.status != null && this.status.code() == code;
	}

	/** Whether the server answered the handshake with something other than 101 Switching Protocols. */
	synchronized boolean isRefused() {
		return this.status != null && this.status.code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
	}

	/** The refusal as an {@link ApiException} carrying the server's {@code Status}, or one built from the HTTP status. */
	synchronized ApiException toException(String path, Throwable cause) {
		HttpResponseStatus httpStatus = this.status;
		if (httpStatus == null) {
			throw new IllegalStateException("the handshake was not refused");
		}
		byte[] bytes = this.body.toByteArray();
		Status status = ExecSession.readStatus(bytes);
		if (status == null || status.getCode() == null) {
			String text = new String(bytes, StandardCharsets.UTF_8).strip();
			status = new StatusBuilder().withStatus("Failure")
				.withCode(httpStatus.code())
				.withMessage(text.isEmpty() ? httpStatus.reasonPhrase() : ExecSession.abbreviate(text))
				.build();
		}
		return new ApiException(status, "exec", path, cause);
	}

}
