package dev.lightkube;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code log}: lightkube's {@code namespace}, {@code container}, {@code follow}, {@code since},
 * {@code tail_lines}, {@code timestamps}, {@code newlines}, plus the API's {@code sinceTime}, {@code previous} and
 * {@code limitBytes}. Immutable; start from {@link #defaults()} or {@link #inNamespace(String)} and use the
 * {@code with*} methods.
 */
public final class LogOptions {

	private static final LogOptions DEFAULTS = new LogOptions(null, null, false, null, null, null, false, false, null,
			true);

	private final @Nullable String namespace;

	private final @Nullable String container;

	private final boolean follow;

	private final @Nullable Integer since;

	private final @Nullable Instant sinceTime;

	private final @Nullable Integer tailLines;

	private final boolean timestamps;

	private final boolean previous;

	private final @Nullable Long limitBytes;

	private final boolean newlines;

	private LogOptions(@Nullable String namespace, @Nullable String container, boolean follow,
			@Nullable Integer since, @Nullable Instant sinceTime, @Nullable Integer tailLines, boolean timestamps,
			boolean previous, @Nullable Long limitBytes, boolean newlines) {
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
		this.namespace = namespace;
		this.container = container;
		this.follow = follow;
		this.since = since;
		this.sinceTime = sinceTime;
		this.tailLines = tailLines;
		this.timestamps = timestamps;
		this.previous = previous;
		this.limitBytes = limitBytes;
		this.newlines = newlines;
	}

	/** The whole log of the only container, in the client's namespace, without following. */
	public static LogOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static LogOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The pod's namespace; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The container; {@code null} for the pod's only container. */
	public @Nullable String container() {
		return this.container;
	}

	/** Whether to keep streaming new lines until the container stops (no read timeout then). */
	public boolean follow() {
		return this.follow;
	}

	/** Only lines newer than this many seconds. */
	public @Nullable Integer since() {
		return this.since;
	}

	/** Only lines after this instant (not together with {@code since}). */
	public @Nullable Instant sinceTime() {
		return this.sinceTime;
	}

	/** Only this many last lines. */
	public @Nullable Integer tailLines() {
		return this.tailLines;
	}

	/** Whether each line starts with its RFC 3339 timestamp. */
	public boolean timestamps() {
		return this.timestamps;
	}

	/** Whether to read the log of the previous, terminated container. */
	public boolean previous() {
		return this.previous;
	}

	/** Stop after this many bytes; {@code null} for no limit. */
	public @Nullable Long limitBytes() {
		return this.limitBytes;
	}

	/** Whether each line keeps its {@code \n} (default {@code true}, as lightkube). */
	public boolean newlines() {
		return this.newlines;
	}

	/** A copy in another namespace ({@code null}: the client's). */
	public LogOptions withNamespace(@Nullable String namespace) {
		return new LogOptions(namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy for another container ({@code null}: the pod's only container). */
	public LogOptions withContainer(@Nullable String container) {
		return new LogOptions(this.namespace, container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy that follows (or not) the log. */
	public LogOptions withFollow(boolean follow) {
		return new LogOptions(this.namespace, this.container, follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	/** A copy with lines of the last {@code since} seconds only. */
	public LogOptions withSince(@Nullable Integer since) {
		return new LogOptions(this.namespace, this.container, this.follow, since, this.sinceTime, this.tailLines,
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

	/** A copy that keeps (or strips) the newline at the end of each line. */
	public LogOptions withNewlines(boolean newlines) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, newlines);
	}

	/** A copy that stops after {@code limitBytes} bytes (a plain number: {@code withLimitBytes(1000)}). */
	public LogOptions withLimitBytes(long limitBytes) {
		return withLimitBytes(Long.valueOf(limitBytes));
	}

	/** A copy that stops after {@code limitBytes} bytes ({@code null}: no limit). */
	public LogOptions withLimitBytes(@Nullable Long limitBytes) {
		return new LogOptions(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, limitBytes, this.newlines);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof LogOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.container, that.container) && this.follow == that.follow
				&& Objects.equals(this.since, that.since) && Objects.equals(this.sinceTime, that.sinceTime)
				&& Objects.equals(this.tailLines, that.tailLines) && this.timestamps == that.timestamps
				&& this.previous == that.previous && Objects.equals(this.limitBytes, that.limitBytes)
				&& this.newlines == that.newlines;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.container, this.follow, this.since, this.sinceTime, this.tailLines,
				this.timestamps, this.previous, this.limitBytes, this.newlines);
	}

	@Override
	public String toString() {
		return "LogOptions[namespace=" + this.namespace + ", container=" + this.container + ", follow=" + this.follow
				+ ", since=" + this.since + ", sinceTime=" + this.sinceTime + ", tailLines=" + this.tailLines
				+ ", timestamps=" + this.timestamps + ", previous=" + this.previous
				+ ", limitBytes=" + this.limitBytes + ", newlines=" + this.newlines + "]";
	}

}
