package dev.lightkube.internal.watch;

import dev.lightkube.internal.retry.Backoff;
import dev.lightkube.WatchErrorHandler;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one watch behaves. Build with {@link #builder()}; every value has a default.
 */
public final class WatchSettings {

	private final @Nullable String resourceVersion;

	private final @Nullable Duration serverTimeout;

	private final WatchErrorHandler onError;

	private final Backoff backoff;

	private final Duration readIdleMargin;

	private final Duration shortWatch;

	private final int absorbedFailures;

	private final int maxEventBytes;

	private final WatchObserver observer;

	private final @Nullable Boolean sendInitialEvents;

	private final @Nullable String resourceVersionMatch;

	private final boolean initialEventsEndEvent;

	private WatchSettings(Builder builder) {
		this.resourceVersion = builder.resourceVersion;
		this.serverTimeout = builder.serverTimeout;
		this.onError = builder.onError;
		this.backoff = builder.backoff;
		this.readIdleMargin = builder.readIdleMargin;
		this.shortWatch = builder.shortWatch;
		this.absorbedFailures = builder.absorbedFailures;
		this.maxEventBytes = builder.maxEventBytes;
		this.observer = builder.observer;
		this.sendInitialEvents = builder.sendInitialEvents;
		this.resourceVersionMatch = builder.resourceVersionMatch;
		this.initialEventsEndEvent = builder.initialEventsEndEvent;
	}

	/** A builder with the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** Where the watch starts ({@code null}: the current state as synthetic {@code ADDED} events). */
	public @Nullable String resourceVersion() {
		return this.resourceVersion;
	}

	/** The {@code timeoutSeconds} of every request; {@code null}: a random 5 to 10 minutes per request. */
	public @Nullable Duration serverTimeout() {
		return this.serverTimeout;
	}

	/** The error policy. */
	public WatchErrorHandler onError() {
		return this.onError;
	}

	/** The backoff between attempts. */
	public Backoff backoff() {
		return this.backoff;
	}

	/** How much longer than {@code timeoutSeconds} a silent connection is trusted. */
	public Duration readIdleMargin() {
		return this.readIdleMargin;
	}

	/** A stream that ends without events sooner than this counts as a failure (reliability item 6). */
	public Duration shortWatch() {
		return this.shortWatch;
	}

	/** How many failures in a row the engine absorbs (retries itself) before the handler sees them. */
	public int absorbedFailures() {
		return this.absorbedFailures;
	}

	/** The largest single event, in bytes. */
	public int maxEventBytes() {
		return this.maxEventBytes;
	}

	/** Hooks for metrics and tests. */
	public WatchObserver observer() {
		return this.observer;
	}

	/**
	 * The WatchList {@code sendInitialEvents} parameter ({@code null}: not sent). Sent until the watch has a resume
	 * point; with {@code true}, the point is the bookmark that ends the initial events (or a later event).
	 */
	public @Nullable Boolean sendInitialEvents() {
		return this.sendInitialEvents;
	}

	/** The {@code resourceVersionMatch} parameter ({@code null}: not sent), sent with {@link #sendInitialEvents()}. */
	public @Nullable String resourceVersionMatch() {
		return this.resourceVersionMatch;
	}

	/**
	 * Whether the bookmark that ends the initial events is delivered as an
	 * {@link dev.lightkube.EventType#INITIAL_EVENTS_END} event.
	 */
	public boolean initialEventsEndEvent() {
		return this.initialEventsEndEvent;
	}

	/** Builds {@link WatchSettings}; setters check their argument. */
	public static final class Builder {

		private @Nullable String resourceVersion;

		private @Nullable Duration serverTimeout;

		private WatchErrorHandler onError = WatchErrorHandler.raise();

		private Backoff backoff = Backoff.DEFAULT;

		private Duration readIdleMargin = Duration.ofSeconds(30);

		private Duration shortWatch = Duration.ofSeconds(1);

		private int absorbedFailures = 10;

		private int maxEventBytes = 64 * 1024 * 1024;

		private WatchObserver observer = WatchObserver.NONE;

		private @Nullable Boolean sendInitialEvents;

		private @Nullable String resourceVersionMatch;

		private boolean initialEventsEndEvent;

		private Builder() {
		}

		/** The WatchList parameters ({@code null}: not sent). */
		public Builder initialEvents(@Nullable Boolean sendInitialEvents, @Nullable String resourceVersionMatch) {
			this.sendInitialEvents = sendInitialEvents;
			this.resourceVersionMatch = resourceVersionMatch;
			return this;
		}

		/** Whether to deliver the end of the initial events as an event (needs {@code sendInitialEvents=true}). */
		public Builder initialEventsEndEvent(boolean initialEventsEndEvent) {
			this.initialEventsEndEvent = initialEventsEndEvent;
			return this;
		}

		/** Where to start; {@code null} or {@code "0"} for the current state. */
		public Builder resourceVersion(@Nullable String resourceVersion) {
			if (resourceVersion != null && resourceVersion.isEmpty()) {
				throw new IllegalArgumentException("resourceVersion must not be empty (use null for none)");
			}
			this.resourceVersion = resourceVersion;
			return this;
		}

		/** The server-side timeout per request, whole seconds, at least 1 s; {@code null} for 5–10 min random. */
		public Builder serverTimeout(@Nullable Duration serverTimeout) {
			if (serverTimeout != null && serverTimeout.getSeconds() < 1) {
				throw new IllegalArgumentException("serverTimeout must be at least 1 second: " + serverTimeout);
			}
			this.serverTimeout = serverTimeout;
			return this;
		}

		/** The error policy (default {@link WatchErrorHandler#raise()}). */
		public Builder onError(WatchErrorHandler onError) {
			this.onError = Objects.requireNonNull(onError, "onError must not be null");
			return this;
		}

		/** The backoff (default {@link Backoff#DEFAULT}). */
		public Builder backoff(Backoff backoff) {
			this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
			return this;
		}

		/** The read-idle margin above {@code timeoutSeconds} (default 30 s). */
		public Builder readIdleMargin(Duration readIdleMargin) {
			Objects.requireNonNull(readIdleMargin, "readIdleMargin must not be null");
			if (readIdleMargin.isNegative() || readIdleMargin.isZero()) {
				throw new IllegalArgumentException("readIdleMargin must be positive: " + readIdleMargin);
			}
			this.readIdleMargin = readIdleMargin;
			return this;
		}

		/** Below this, an empty stream counts as a failure (default 1 s, as client-go). */
		public Builder shortWatch(Duration shortWatch) {
			Objects.requireNonNull(shortWatch, "shortWatch must not be null");
			if (shortWatch.isNegative()) {
				throw new IllegalArgumentException("shortWatch must not be negative: " + shortWatch);
			}
			this.shortWatch = shortWatch;
			return this;
		}

		/** Failures in a row the engine retries itself before asking the handler (default 10, as client-go). */
		public Builder absorbedFailures(int absorbedFailures) {
			if (absorbedFailures < 0) {
				throw new IllegalArgumentException("absorbedFailures must not be negative: " + absorbedFailures);
			}
			this.absorbedFailures = absorbedFailures;
			return this;
		}

		/** The largest single event in bytes (default 64 MiB). */
		public Builder maxEventBytes(int maxEventBytes) {
			if (maxEventBytes < 1024) {
				throw new IllegalArgumentException("maxEventBytes must be at least 1024: " + maxEventBytes);
			}
			this.maxEventBytes = maxEventBytes;
			return this;
		}

		/** Hooks for metrics and tests. */
		public Builder observer(WatchObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer must not be null");
			return this;
		}

		/** The settings. */
		public WatchSettings build() {
			if (this.initialEventsEndEvent && !Boolean.TRUE.equals(this.sendInitialEvents)) {
				throw new IllegalArgumentException("the end of the initial events exists only with sendInitialEvents=true");
			}
			return new WatchSettings(this);
		}

	}

}
