package dev.lightkube.internal.watch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The watch-specific part of one watch request, chosen by the engine for each attempt.
 *
 * @param resourceVersion where to start ({@code null}: the current state, sent as synthetic {@code ADDED} events)
 * @param timeoutSeconds the {@code timeoutSeconds} the server closes the stream after
 * @param readIdleTimeout the longest silence the engine accepts between two reads (the engine checks it itself); the
 * connector should let its own read timeout (Reactor Netty's {@code responseTimeout}) be at least this long, or off
 * @param sendInitialEvents the WatchList {@code sendInitialEvents} parameter, or {@code null}; sent only until the
 * engine has a resume point, since a resumed watch continues from it like any watch
 * @param resourceVersionMatch the {@code resourceVersionMatch} parameter, or {@code null}; sent with
 * {@code sendInitialEvents}
 */
public record WatchQuery(@Nullable String resourceVersion, long timeoutSeconds, Duration readIdleTimeout,
		@Nullable Boolean sendInitialEvents, @Nullable String resourceVersionMatch) {

	/** A query without WatchList parameters. */
	public WatchQuery(@Nullable String resourceVersion, long timeoutSeconds, Duration readIdleTimeout) {
		this(resourceVersion, timeoutSeconds, readIdleTimeout, null, null);
	}

	/** Checks the values. */
	public WatchQuery {
		if (timeoutSeconds < 1) {
			throw new IllegalArgumentException("timeoutSeconds must be at least 1: " + timeoutSeconds);
		}
		Objects.requireNonNull(readIdleTimeout, "readIdleTimeout must not be null");
	}

	/**
	 * The query parameters to add to the watch request, in this order: {@code watch=true},
	 * {@code allowWatchBookmarks=true}, {@code timeoutSeconds}, {@code resourceVersion} when there is one, then
	 * {@code sendInitialEvents} and {@code resourceVersionMatch} when set.
	 */
	public Map<String, String> params() {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("watch", "true");
		params.put("allowWatchBookmarks", "true");
		params.put("timeoutSeconds", Long.toString(this.timeoutSeconds));
		if (this.resourceVersion != null) {
			params.put("resourceVersion", this.resourceVersion);
		}
		if (this.sendInitialEvents != null) {
			params.put("sendInitialEvents", this.sendInitialEvents.toString());
		}
		if (this.resourceVersionMatch != null) {
			params.put("resourceVersionMatch", this.resourceVersionMatch);
		}
		return params;
	}

}
