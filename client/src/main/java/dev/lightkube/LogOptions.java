package dev.lightkube;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code log}: lightkube's {@code namespace}, {@code container}, {@code follow}, {@code since},
 * {@code tail_lines}, {@code timestamps}, {@code newlines}, plus the API's {@code sinceTime}, {@code previous} and
 * {@code limitBytes}.
 *
 * @param namespace the pod's namespace; {@code null} for the client's
 * @param container the container; {@code null} for the pod's only container
 * @param follow keep streaming new lines until the container stops (no read timeout then)
 * @param since only lines newer than this many seconds
 * @param sinceTime only lines after this instant (not together with {@code since})
 * @param tailLines only this many last lines
 * @param timestamps prefix each line with its RFC 3339 timestamp
 * @param previous the log of the previous, terminated container
 * @param limitBytes stop after this many bytes
 * @param newlines keep the {@code \n} at the end of each line (default {@code true}, as lightkube)
 */
public record LogOptions(@Nullable String namespace, @Nullable String container, boolean follow,
		@Nullable Integer since, @Nullable Instant sinceTime, @Nullable Integer tailLines, boolean timestamps,
		boolean previous, @Nullable Long limitBytes, boolean newlines) {

	private static final LogOptions DEFAULTS = new LogOptions(null, null, false, null, null, null, false, false, null,
			true);

	public LogOptions {
		if (since != null && since < 0) {
			throw new IllegalArgumentException("since must not be negative, got " + since);
		}
		if (since != null && sinceTime != null) {
			throw new IllegalArgumentException("give since or sinceTime, not both");
		}
		if (tailLines != null && tailLines < 0) {
			throw new IllegalArgumentException("tailLines must not be negative, got " + tailLines);
		}
		if (limitBytes != null && limitBytes < 1) {
			throw new IllegalArgumentException("limitBytes must be positive, got " + limitBytes);
		}
	}

	/** The whole log of the only container, in the client's namespace, without following. */
	public static LogOptions defaults() {
		return DEFAULTS;
	}

	/** A copy in another namespace. */
	public LogOptions withNamespace(@Nullable String namespace) {
		return new LogOptions(namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy for another container. */
	public LogOptions withContainer(@Nullable String container) {
		return new LogOptions(this.namespace, container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy that follows (or not) the log. */
	public LogOptions withFollow(boolean follow) {
		return new LogOptions(this.namespace, this.container, follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy with lines of the last {@code seconds} only. */
	public LogOptions withSince(@Nullable Integer seconds) {
		return new LogOptions(this.namespace, this.container, this.follow, seconds, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy with lines after {@code sinceTime} only. */
	public LogOptions withSinceTime(@Nullable Instant sinceTime) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy with the last {@code tailLines} lines only. */
	public LogOptions withTailLines(@Nullable Integer tailLines) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy with (or without) timestamps. */
	public LogOptions withTimestamps(boolean timestamps) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy for the previous container instance. */
	public LogOptions withPrevious(boolean previous) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, previous, this.limitBytes, this.newlines);
	}

	/** A copy that stops after {@code limitBytes} bytes. */
	public LogOptions withLimitBytes(@Nullable Long limitBytes) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, limitBytes, this.newlines);
	}

	/** A copy that keeps (or strips) the newline at the end of each line. */
	public LogOptions withNewlines(boolean newlines) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, newlines);
	}

}
