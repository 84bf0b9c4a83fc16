package dev.lightkube.internal.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter between watch attempts (reliability item 9, client-go's reflector backoff):
 * {@code initial * 2^(attempt-1)}, stretched by a random factor in {@code [1, 1 + jitter)}, never above {@code max}.
 * The failure count starts again at 1 when a failure comes more than {@code resetAfter} after the previous one.
 *
 * @param initial the first delay
 * @param max the longest delay
 * @param jitter the random stretch, {@code 0} for none
 * @param resetAfter how long without failures counts as healthy
 */
public record WatchBackoff(Duration initial, Duration max, double jitter, Duration resetAfter) {

	/** About 0.8 s doubling to 30 s, jitter up to +100 %, reset after 2 minutes without failures (as client-go). */
	public static final WatchBackoff DEFAULT = new WatchBackoff(Duration.ofMillis(800), Duration.ofSeconds(30), 1.0,
			Duration.ofMinutes(2));

	/** Checks the values. */
	public WatchBackoff {
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

	/**
	 * The delay before the next attempt.
	 * @param attempt failures in a row, from 1
	 * @param random a value in {@code [0, 1)}
	 */
	public Duration delay(int attempt, double random) {
		long maxNanos = this.max.toNanos();
		double base = this.initial.toNanos() * Math.pow(2, Math.max(0, Math.min(attempt - 1, 62)));
		double stretched = base * (1 + this.jitter * random);
		return Duration.ofNanos((long) Math.min(maxNanos, stretched));
	}

}
