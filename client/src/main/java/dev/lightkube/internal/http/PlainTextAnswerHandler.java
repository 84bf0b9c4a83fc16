package dev.lightkube.internal.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Placed after the TLS handler: a server that answers a TLS handshake in plain text (an {@code https://} URL with an
 * HTTP port) fails the request with one short message, instead of Netty's exception, whose message is a hex dump of
 * the answer and which Reactor Netty logs with its stack trace, twice per attempt.
 */
@ChannelHandler.Sharable
final class PlainTextAnswerHandler extends ChannelInboundHandlerAdapter {

	static final PlainTextAnswerHandler INSTANCE = new PlainTextAnswerHandler();

	static final String NAME = "lightkube.plainTextAnswer";

	private PlainTextAnswerHandler() {
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		// Reactor Netty fails the connection, and logs, from the handshake's completion event: replace its cause too.
		if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()
				&& isPlainText(completion.cause())) {
			ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(new PlainTextAnswerException()));
			return;
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (isPlainText(cause)) {
			ctx.fireExceptionCaught(new PlainTextAnswerException());
			return;
		}
		ctx.fireExceptionCaught(cause);
	}

	private static boolean isPlainText(@Nullable Throwable cause) {
		for (Throwable current = cause; current != null; current = current.getCause()) {
			if (current instanceof NotSslRecordException) {
				return true;
			}
		}
		return false;
	}

	/** Without a stack trace: it says all there is, and a log line is enough. */
	static final class PlainTextAnswerException extends SSLHandshakeException {

		private static final long serialVersionUID = 1L;

		PlainTextAnswerException() {
			super("TLS handshake failed: the server answered in plain text, not TLS; use an http:// server URL, or "
					+ "the server's TLS port");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
