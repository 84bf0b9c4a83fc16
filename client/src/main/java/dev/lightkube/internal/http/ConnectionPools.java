package dev.lightkube.internal.http;

/**
 * The connection budgets of a client. Ordinary requests and long-lived streams (watches, followed logs, exec
 * sessions, lists being read lazily) draw on separate pools, so that streams, which hold an HTTP/1.1 connection for
 * minutes, never starve short requests. Over HTTP/2 each pool's connections carry many requests at once.
 *
 * @param requests most connections for ordinary requests
 * @param streams most connections for long-lived streams
 * @param maxPending most requests waiting for a connection of one pool, {@code -1} for no limit; each waits at most
 *     the pool timeout ({@code Timeouts.pool()})
 */
public record ConnectionPools(int requests, int streams, int maxPending) {

	/** 64 connections for requests, 1024 for streams, and no limit on waiting requests (each waits a bounded time). */
	public static final ConnectionPools DEFAULT = new ConnectionPools(64, 1024, -1);

	/** Checks the values. */
	public ConnectionPools {
		if (requests < 1) {
			throw new IllegalArgumentException("the request pool needs at least 1 connection, got " + requests);
		}
		if (streams < 1) {
			throw new IllegalArgumentException("the stream pool needs at least 1 connection, got " + streams);
		}
		if (maxPending < -1) {
			throw new IllegalArgumentException("maxPending must be -1 (no limit) or at least 0, got " + maxPending);
		}
	}

}
