package dev.lightkube.test.internal;

import java.time.Duration;
import java.util.Objects;

import dev.lightkube.test.Faults;
import org.jspecify.annotations.Nullable;

/**
 * The pending faults, consulted once per request.
 */
final class FaultState implements Faults {

	private final Store store;

	private int failCount;

	private int failStatus;

	private @Nullable Duration retryAfter;

	private int closeCount;

	private int expireInitialEventsCount;

	private Duration delay = Duration.ZERO;

	FaultState(Store store) {
		this.store = store;
	}

	/** A failure to answer now with. */
	record Failure(int status, @Nullable Duration retryAfter) {
	}

	@Override
	public void dropWatches() {
		this.store.dropWatches();
	}

	@Override
	public void breakWatches() {
		this.store.breakWatches();
	}

	@Override
	public void forgetHistory() {
		this.store.forgetHistory();
	}

	@Override
	public void expireContinueTokens() {
		this.store.expireContinueTokens();
	}

	@Override
	public void failNext(int count, int status) {
		fail(count, status, null);
	}

	@Override
	public void failNext(int count, int status, Duration retryAfter) {
		fail(count, status, Objects.requireNonNull(retryAfter, "retryAfter must not be null"));
	}

	private synchronized void fail(int count, int status, @Nullable Duration retryAfter) {
		if (count < 0 || status < 100 || status > 599) {
			throw new IllegalArgumentException("count must be >= 0 and status an HTTP status, got " + count + " and "
					+ status);
		}
		this.failCount = count;
		this.failStatus = status;
		this.retryAfter = retryAfter;
	}

	@Override
	public synchronized void expireDuringInitialEvents(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must be >= 0, got " + count);
		}
		this.expireInitialEventsCount = count;
	}

	/** Whether this WatchList watch should end its initial events with 410 (counts it). */
	synchronized boolean takeExpireDuringInitialEvents() {
		if (this.expireInitialEventsCount <= 0) {
			return false;
		}
		this.expireInitialEventsCount--;
		return true;
	}

	@Override
	public synchronized void closeMidBody(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must be >= 0, got " + count);
		}
		this.closeCount = count;
	}

	@Override
	public synchronized void delay(Duration delay) {
		Objects.requireNonNull(delay, "delay must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, got " + delay);
		}
		this.delay = delay;
	}

	@Override
	public synchronized void clear() {
		this.failCount = 0;
		this.closeCount = 0;
		this.expireInitialEventsCount = 0;
		this.delay = Duration.ZERO;
	}

	synchronized @Nullable Failure takeFailure() {
		if (this.failCount <= 0) {
			return null;
		}
		this.failCount--;
		return new Failure(this.failStatus, this.retryAfter);
	}

	synchronized boolean takeCloseMidBody() {
		if (this.closeCount <= 0) {
			return false;
		}
		this.closeCount--;
		return true;
	}

	synchronized Duration delay() {
		return this.delay;
	}

}
