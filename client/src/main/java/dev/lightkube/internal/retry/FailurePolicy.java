package dev.lightkube.internal.retry;

import dev.lightkube.ApiException;
import dev.lightkube.internal.http.ClientClosedException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a failure means, in one place for requests, watches and listeners (reliability items 5, 8, 13, 14).
 * The request sender, the watch engine and the listener containers ask here instead of testing statuses
 * themselves.
 */
public final class FailurePolicy {

	private FailurePolicy() {
	}

	/**
	 * Whether the resource version asked for has expired: {@code 410} as the status of the request or the code of an
	 * {@code ERROR} event, or reason {@code Expired} or {@code Gone} (an {@code ERROR} event may carry the reason
	 * without a code). The cure is to list again, never to retry the same version.
	 */
	public static boolean isGone(@Nullable Throwable error) {
		return error instanceof ApiException api
				&& (api.code() == 410 || "Expired".equals(api.reason()) || "Gone".equals(api.reason()));
	}

	/** Whether the client was closed: never retried. */
	public static boolean isClosed(@Nullable Throwable error) {
		return error instanceof ClientClosedException;
	}

	/**
	 * The server's wait for a {@code 429} or {@code 5xx}: the {@code retryAfterSeconds} of its {@code Status}
	 * (which the sender also fills from a {@code Retry-After} header), or {@code null}.
	 */
	public static @Nullable Duration retryAfter(@Nullable Throwable error) {
		if (error instanceof ApiException api && (api.code() == 429 || api.code() >= 500)
				&& api.status().getDetails() != null) {
			Integer seconds = api.status().getDetails().getRetryAfterSeconds();
			if (seconds != null && seconds > 0) {
				return Duration.ofSeconds(seconds);
			}
		}
		return null;
	}

}
