package dev.lightkube.internal.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How large and how slow an answer may be: the most bytes read into memory for one answer (a whole non-streaming
 * answer, one list item, one watch event), and the longest time one attempt of a non-streaming request may take from
 * sending to the last byte of its answer. Both are client settings ({@code KubeClientBuilder.maxResponseSize} and
 * {@code responseDeadline}).
 *
 * @param maxBytes the largest answer, list item or watch event, in bytes
 * @param deadline the longest time for one attempt of a non-streaming request
 */
public record ResponseLimits(int maxBytes, Duration deadline) {

	/** 64 MiB (as watch events always had) and two minutes (the API server's own limit is one). */
	public static final ResponseLimits DEFAULT = new ResponseLimits(64 * 1024 * 1024, Duration.ofMinutes(2));

	/** The smallest {@link #maxBytes()}. */
	public static final int MIN_BYTES = 1024;

	public ResponseLimits {
		Objects.requireNonNull(deadline, "deadline must not be null");
		if (maxBytes < MIN_BYTES) {
			throw new IllegalArgumentException("maxResponseSize must be at least " + MIN_BYTES + " bytes, got "
					+ maxBytes);
		}
		if (deadline.isNegative() || deadline.isZero()) {
			throw new IllegalArgumentException("responseDeadline must be positive, got " + deadline);
		}
	}

	/** How to raise the size limit, for messages. */
	public static final String RAISE_SIZE = "raise it with KubeClientBuilder.maxResponseSize(...) or the property "
			+ "lightkube.response.max-size";

	/** How to raise the deadline, for messages. */
	public static final String RAISE_DEADLINE = "raise it with KubeClientBuilder.responseDeadline(...) or the "
			+ "property lightkube.response.deadline";

}
