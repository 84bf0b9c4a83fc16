package dev.lightkube.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Network timeouts, like lightkube's {@code httpx.Timeout}: 10 seconds each by default.
 *
 * @param connect time to establish a TCP (and TLS) connection
 * @param read longest silence while reading a response; streaming requests (watch, log with follow, exec)
 *     replace it with their own rule
 * @param write longest time to write a request
 * @param pool longest wait for a free connection from the pool
 */
public record Timeouts(Duration connect, Duration read, Duration write, Duration pool) {

	/** Ten seconds for each, lightkube's default. */
	public static final Timeouts DEFAULT = of(Duration.ofSeconds(10));

	public Timeouts {
		requirePositive(connect, "connect");
		requirePositive(read, "read");
		requirePositive(write, "write");
		requirePositive(pool, "pool");
	}

	/** The same duration for every timeout. */
	public static Timeouts of(Duration all) {
		return new Timeouts(all, all, all, all);
	}

	public Timeouts withConnect(Duration connect) {
		return new Timeouts(connect, this.read, this.write, this.pool);
	}

	public Timeouts withRead(Duration read) {
		return new Timeouts(this.connect, read, this.write, this.pool);
	}

	public Timeouts withWrite(Duration write) {
		return new Timeouts(this.connect, this.read, write, this.pool);
	}

	public Timeouts withPool(Duration pool) {
		return new Timeouts(this.connect, this.read, this.write, pool);
	}

	private static void requirePositive(Duration value, String name) {
		Objects.requireNonNull(value, () -> name + " timeout must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " timeout must be positive, got " + value);
		}
	}

}
