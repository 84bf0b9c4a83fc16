package dev.lightkube.internal.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, the only one in the library (reliability items 9 and 22, client-go's reflector
 * back-off): {@code initial * 2^(attempt-1)}, stretched by a random factor in {@code [1, 1 + jitter)}, never above
 * {@code max}. A {@link Failures} counter starts again at 1 after healthy progress or when a failure comes more than
 * {@code resetAfter} after the previous one.
 *
 * @param initial the first delay
 * @param max the longest delay
 * @param jitter the random stretch, {@code 0} for none
 * @param resetAfter how long without failures counts as healthy
 */
public record Backoff(Duration initial, Duration max, double jitter, Duration resetAfter) {

	/** About 0.8 s doubling to 30 s, jitter up to +100 %, reset after 2 minutes without failures (as client-go). */
	public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(800), Duration.ofSeconds(30), 1.0,
			Duration.ofMinutes(2));

	/** Between retries of one request after a transport failure: 0.1 s doubling to 2 s. */
	public static final Backoff REQUEST = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 1.0, Duration.ZERO);

	/** Checks the values. */
	public Backoff {
		Objects.requireNonNull(initial, "initial must not be null");
		Objects.requireNonNull(max, "max must not be null");
		Objects.requireNonNull(resetAfter, "resetAfter must not be null");
		if (initial.isNegative() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("need 0 <= initial <= max, got initial " + initial + ", max " + max);
		}
		if (!(jitter >= 0)) {
			throw new IllegalArgumentException("jitter must not be negative: " + jitter);
		}
		if (resetAfter.isNegative()) {
			throw new IllegalArgumentException("resetAfter must not be negative: " + resetAfter);
		}
	}

	/** The same back-off from {@code initial} to {@code max}. */
	public Backoff withBounds(Duration initial, Duration max) {
		return new Backoff(initial, max, this.jitter, this.resetAfter);
	}

	/**
	 * The delay before the next attempt.
	 * @param attempt failures in a row, from 1
	 * @param random a value in {@code [0, 1)}
	 */
	public Duration delay(long attempt, double random) {
		long maxNanos = this.max.toNanos();
		double base = this.initial.toNanos() * Math.pow(2, Math.max(0, Math.min(attempt - 1, 62)));
		double stretched = base * (1 + this.jitter * random);
		return Duration.ofNanos((long) Math.min(maxNanos, stretched));
	}

	/** The delay before the next attempt, with a random stretch. */
	public Duration delay(long attempt) {
		return delay(attempt, ThreadLocalRandom.current().nextDouble());
	}

	/** A new counter of failures in a row. */
	public Failures failures() {
		return new Failures(this);
	}

	/** Failures in a row of one watch or listener: counts, resets after progress or a quiet period. Thread-safe. */
	public static final class Failures {

		private final Backoff backoff;

		private int count;

		private long lastFailureNanos;

		private Failures(Backoff backoff) {
			this.backoff = backoff;
		}

		/** One more failure; returns the attempt number (1 for the first failure after healthy running). */
		public synchronized int failed() {
			long now = System.nanoTime();
			if (this.count > 0 && now - this.lastFailureNanos > this.backoff.resetAfter().toNanos()) {
				this.count = 0;
			}
			this.count++;
			this.lastFailureNanos = now;
			return this.count;
		}

		/** Healthy progress (an event with a new version, a bookmark, a complete list): the next failure is the first. */
		public synchronized void progressed() {
			this.count = 0;
		}

		/** Failures since the last progress. */
		public synchronized int count() {
			return this.count;
		}

		/** The delay after failure number {@code attempt}. */
		public Duration delay(int attempt) {
			return this.backoff.delay(attempt);
		}

	}

}
