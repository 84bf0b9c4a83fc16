package dev.lightkube.test;

import java.time.Duration;

/**
 * Fault injection: make the server misbehave the way real API servers and networks do, to test a client's recovery.
 */
public interface Faults {

	/** Ends every open watch now (the response ends cleanly, as when a server restarts or times out a watch). */
	void dropWatches();

	/** Breaks every open watch: the connection closes in the middle of the chunked body, as when a network fails. */
	void breakWatches();

	/** Forgets the change history: the next watch from any resource version before now gets 410 Expired. */
	void forgetHistory();

	/**
	 * Makes the next {@code count} WatchList watches ({@code sendInitialEvents=true}) fail in their initial stream:
	 * they send the current objects as {@code ADDED} events, then, instead of the bookmark that ends them, an
	 * {@code ERROR} event {@code 410 Expired}, and end (as an API server whose watch cache was re-initialized or whose
	 * resource version expired while it streamed).
	 */
	void expireDuringInitialEvents(int count);

	/** Makes every continue token issued so far expire (the next page request gets 410 Expired). */
	void expireContinueTokens();

	/** Answers the next {@code count} requests with {@code status} (a {@code Status} body), no {@code Retry-After}. */
	void failNext(int count, int status);

	/** Answers the next {@code count} requests with {@code status} and a {@code Retry-After} header in seconds. */
	void failNext(int count, int status, Duration retryAfter);

	/** Closes the connection halfway through the body of the next {@code count} non-streaming responses. */
	void closeMidBody(int count);

	/** Delays every response by {@code delay} until {@link #clear()}. */
	void delay(Duration delay);

	/** Removes every pending fault. */
	void clear();

}
