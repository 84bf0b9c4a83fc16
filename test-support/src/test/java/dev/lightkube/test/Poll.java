package dev.lightkube.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, with a generous limit as a safety net only (tests assert the condition, never a time). */
final class Poll {

	private static final Duration LIMIT = Duration.ofSeconds(60);

	private Poll() {
	}

	static void until(String what, BooleanSupplier condition) {
		until(what, condition, () -> {
		});
	}

	/** Runs {@code between} (such as a garbage collection) before every check. */
	static void until(String what, BooleanSupplier condition, Runnable between) {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (true) {
			between.run();
			if (condition.getAsBoolean()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Still waiting for " + what + " after " + LIMIT);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for " + what, ex);
			}
		}
	}

}
