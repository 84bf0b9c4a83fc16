package dev.lightkube.leader;

import dev.lightkube.observation.LeaderElectionObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link LeaderElector}: which lease, who this replica is, and client-go's three durations
 * (defaults 15 s, 10 s, 2 s). Immutable; {@link #builder(String)} validates when it builds.
 */
public final class LeaderElectionConfig {

	/** The default lease duration, as client-go's: 15 seconds. */
	public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

	/** The default renew deadline, as client-go's: 10 seconds. */
	public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);

	/** The default retry period, as client-go's: 2 seconds. */
	public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

	/** client-go's {@code JitterFactor}: candidates wait between 1 and 2.2 retry periods between attempts. */
	public static final double JITTER_FACTOR = 1.2;

	private final String leaseName;

	private final @Nullable String namespace;

	private final String identity;

	private final Duration leaseDuration;

	private final Duration renewDeadline;

	private final Duration retryPeriod;

	private final boolean releaseOnCancel;

	private final LeaderElectionObserver observer;

	private final LongSupplier nanoClock;

	private final Clock wallClock;

	private LeaderElectionConfig(Builder builder) {
		this.leaseName = builder.leaseName;
		this.namespace = builder.namespace;
		this.identity = (builder.identity != null) ? builder.identity : defaultIdentity();
		this.leaseDuration = builder.leaseDuration;
		this.renewDeadline = builder.renewDeadline;
		this.retryPeriod = builder.retryPeriod;
		this.releaseOnCancel = builder.releaseOnCancel;
		this.observer = builder.observer;
		this.nanoClock = builder.nanoClock;
		this.wallClock = builder.wallClock;
	}

	/** Settings for the lease named {@code leaseName}, with the defaults for everything else. */
	public static Builder builder(String leaseName) {
		return new Builder(leaseName);
	}

	/**
	 * The default identity: the host name ({@code HOSTNAME}, the pod's name in Kubernetes) and a random suffix, so two
	 * electors in one process, or a restarted pod of the same name, are never taken for each other.
	 */
	public static String defaultIdentity() {
		String host = System.getenv("HOSTNAME");
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		return ((host != null && !host.isBlank()) ? host.strip() : "lightkube") + "_" + suffix;
	}

	/** The name of the lease. */
	public String leaseName() {
		return this.leaseName;
	}

	/** The lease's namespace; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** This replica's identity, written as the lease's {@code holderIdentity}. */
	public String identity() {
		return this.identity;
	}

	/** How long candidates wait, after they last saw the lease change, before they take it over. */
	public Duration leaseDuration() {
		return this.leaseDuration;
	}

	/** How long the leader keeps leading without a successful renewal, measured from the start of the last one. */
	public Duration renewDeadline() {
		return this.renewDeadline;
	}

	/** How long to wait between attempts to acquire or renew. */
	public Duration retryPeriod() {
		return this.retryPeriod;
	}

	/** Whether stopping the elector releases a lease it holds, so another replica takes over at once. */
	public boolean releaseOnCancel() {
		return this.releaseOnCancel;
	}

	/** Told when leadership changes, to count it. */
	public LeaderElectionObserver observer() {
		return this.observer;
	}

	/** The monotonic clock (nanoseconds) that judges expiry and deadlines. */
	public LongSupplier nanoClock() {
		return this.nanoClock;
	}

	/** The wall clock whose time is written as the lease's acquire and renew times (for people reading it). */
	public Clock wallClock() {
		return this.wallClock;
	}

	/** A builder holding these settings. */
	public Builder toBuilder() {
		Builder builder = new Builder(this.leaseName).namespace(this.namespace)
			.identity(this.identity)
			.leaseDuration(this.leaseDuration)
			.renewDeadline(this.renewDeadline)
			.retryPeriod(this.retryPeriod)
			.releaseOnCancel(this.releaseOnCancel)
			.observer(this.observer)
			.wallClock(this.wallClock);
		builder.nanoClock = this.nanoClock;
		return builder;
	}

	@Override
	public String toString() {
		return "LeaderElectionConfig[lease=" + ((this.namespace != null) ? this.namespace + "/" : "") + this.leaseName
				+ ", identity=" + this.identity + ", leaseDuration=" + this.leaseDuration + ", renewDeadline="
				+ this.renewDeadline + ", retryPeriod=" + this.retryPeriod + ", releaseOnCancel="
				+ this.releaseOnCancel + "]";
	}

	/** Checks the three durations as client-go does; returns the problem, or {@code null} when they are valid. */
	public static @Nullable String validate(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
		if (leaseDuration.isNegative() || leaseDuration.isZero()) {
			return "leaseDuration must be positive, got " + leaseDuration;
		}
		if (renewDeadline.isNegative() || renewDeadline.isZero()) {
			return "renewDeadline must be positive, got " + renewDeadline;
		}
		if (retryPeriod.isNegative() || retryPeriod.isZero()) {
			return "retryPeriod must be positive, got " + retryPeriod;
		}
		if (renewDeadline.compareTo(leaseDuration) >= 0) {
			return "renewDeadline (" + renewDeadline + ") must be shorter than leaseDuration (" + leaseDuration
					+ "): a leader that cannot renew must stop before another replica may take the lease";
		}
		if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
			return "renewDeadline (" + renewDeadline + ") must be longer than " + JITTER_FACTOR + " x retryPeriod ("
					+ retryPeriod + "), so the leader can retry before its deadline";
		}
		return null;
	}

	/** Builds a {@link LeaderElectionConfig}; {@link #build()} validates. */
	public static final class Builder {

		private final String leaseName;

		private @Nullable String namespace;

		private @Nullable String identity;

		private Duration leaseDuration = DEFAULT_LEASE_DURATION;

		private Duration renewDeadline = DEFAULT_RENEW_DEADLINE;

		private Duration retryPeriod = DEFAULT_RETRY_PERIOD;

		private boolean releaseOnCancel = true;

		private LeaderElectionObserver observer = LeaderElectionObserver.NOOP;

		private LongSupplier nanoClock = System::nanoTime;

		private Clock wallClock = Clock.systemUTC();

		private Builder(String leaseName) {
			Objects.requireNonNull(leaseName, "leaseName must not be null");
			if (leaseName.isBlank()) {
				throw new IllegalArgumentException("leaseName must not be blank");
			}
			this.leaseName = leaseName;
		}

		/** The lease's namespace; {@code null} (the default) for the client's. */
		public Builder namespace(@Nullable String namespace) {
			this.namespace = (namespace != null && !namespace.isBlank()) ? namespace : null;
			return this;
		}

		/** This replica's identity; default {@link #defaultIdentity()}. Must differ between replicas. */
		public Builder identity(@Nullable String identity) {
			this.identity = (identity != null && !identity.isBlank()) ? identity : null;
			return this;
		}

		/** How long candidates wait before they take over a lease that stopped changing; default 15 s. */
		public Builder leaseDuration(Duration leaseDuration) {
			this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration must not be null");
			return this;
		}

		/** How long the leader leads without a successful renewal; default 10 s, shorter than the lease. */
		public Builder renewDeadline(Duration renewDeadline) {
			this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline must not be null");
			return this;
		}

		/** The wait between attempts; default 2 s. */
		public Builder retryPeriod(Duration retryPeriod) {
			this.retryPeriod = Objects.requireNonNull(retryPeriod, "retryPeriod must not be null");
			return this;
		}

		/** Whether stopping the elector releases the lease (client-go's {@code ReleaseOnCancel}); default true. */
		public Builder releaseOnCancel(boolean releaseOnCancel) {
			this.releaseOnCancel = releaseOnCancel;
			return this;
		}

		/** Told when leadership changes (metrics); none by default. */
		public Builder observer(LeaderElectionObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer must not be null");
			return this;
		}

		/**
		 * The monotonic clock in nanoseconds, as {@link System#nanoTime()} (the default); for tests that control time.
		 */
		public Builder nanoClock(LongSupplier nanoClock) {
			this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock must not be null");
			return this;
		}

		/**
		 * The wall clock for the times written into the lease; default UTC system time. Expiry never depends on it,
		 * so replicas with skewed clocks still agree.
		 */
		public Builder wallClock(Clock wallClock) {
			this.wallClock = Objects.requireNonNull(wallClock, "wallClock must not be null");
			return this;
		}

		/**
		 * The settings.
		 * @throws IllegalArgumentException when the durations are not as client-go requires: all positive,
		 *     renewDeadline shorter than leaseDuration and longer than 1.2 x retryPeriod
		 */
		public LeaderElectionConfig build() {
			String problem = validate(this.leaseDuration, this.renewDeadline, this.retryPeriod);
			if (problem != null) {
				throw new IllegalArgumentException("Invalid leader election settings for lease '" + this.leaseName
						+ "': " + problem);
			}
			return new LeaderElectionConfig(this);
		}

	}

}
