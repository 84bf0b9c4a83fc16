package dev.lightkube.internal.watch;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * Opens one watch HTTP stream: the caller's path and selectors plus {@link WatchQuery#params()}.
 *
 * <p>Contract: one attempt, no retries (the engine retries itself, reliability items 8, 13, 14). An HTTP error
 * status errors the Flux with {@link dev.lightkube.ApiException}; put a {@code Retry-After} header into
 * {@code status.details.retryAfterSeconds} when the body does not carry it. Transport failures error it with the
 * transport's exception. Cancelling the Flux must close the stream.
 */
@FunctionalInterface
public interface WatchConnector {

	/** The body of one watch request, as it arrives. */
	Flux<DataBuffer> open(WatchQuery query);

}
