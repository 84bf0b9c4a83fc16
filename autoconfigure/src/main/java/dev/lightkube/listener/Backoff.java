package dev.lightkube.listener;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter between two attempts, as client-go's reflector does. */
record Backoff(Duration initial, Duration max) {

	/** The delay before attempt {@code attempt} (1 for the first retry): doubled each time, capped, +-20% jitter. */
	Duration delay(long attempt) {
		double base = this.initial.toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
		double capped = Math.min(base, this.max.toMillis());
		double jittered = capped * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
		return Duration.ofMillis((long) Math.min(jittered, this.max.toMillis()));
	}

}
