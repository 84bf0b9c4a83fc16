package dev.lightkube.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ApiException;
import dev.lightkube.KubeException;
import dev.lightkube.internal.http.ClientClosedException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one test of "gone", "closed" and "the server said when", and the one back-off. */
class FailurePolicyTests {

	@Test
	void goneIs410OrReasonExpiredOrGoneWithOrWithoutACode() {
		assertThat(FailurePolicy.isGone(api(new StatusBuilder().withCode(410).build()))).isTrue();
		assertThat(FailurePolicy.isGone(api(new StatusBuilder().withReason("Expired").build()))).isTrue();
		assertThat(FailurePolicy.isGone(api(new StatusBuilder().withReason("Gone").build()))).isTrue();
		assertThat(FailurePolicy.isGone(api(new StatusBuilder().withCode(500).withReason("InternalError").build())))
			.isFalse();
		assertThat(FailurePolicy.isGone(new IOException("reset"))).isFalse();
		assertThat(FailurePolicy.isGone(null)).isFalse();
	}

	@Test
	void closedIsTheClientClosedException() {
		assertThat(FailurePolicy.isClosed(new ClientClosedException("closed", null))).isTrue();
		assertThat(FailurePolicy.isClosed(new KubeException("other"))).isFalse();
	}

	@Test
	void retryAfterIsReadFromTheStatusOf429And5xxOnly() {
		Status tooMany = new StatusBuilder().withCode(429).withNewDetails().withRetryAfterSeconds(3).endDetails().build();
		assertThat(FailurePolicy.retryAfter(api(tooMany))).isEqualTo(Duration.ofSeconds(3));
		Status conflict = new StatusBuilder().withCode(409).withNewDetails().withRetryAfterSeconds(3).endDetails().build();
		assertThat(FailurePolicy.retryAfter(api(conflict))).isNull();
		assertThat(FailurePolicy.retryAfter(api(new StatusBuilder().withCode(503).build()))).isNull();
	}

	@Test
	void backoffDoublesWithinItsBoundsAndStartsAgainAfterProgress() {
		Backoff backoff = new Backoff(Duration.ofMillis(800), Duration.ofSeconds(30), 1.0, Duration.ofMinutes(2));
		assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofMillis(1600));
		assertThat(backoff.delay(2, 0.5)).isEqualTo(Duration.ofMillis(2400));
		assertThat(backoff.delay(20, 0.9)).isEqualTo(Duration.ofSeconds(30));
		Backoff.Failures failures = backoff.failures();
		assertThat(failures.failed()).isEqualTo(1);
		assertThat(failures.failed()).isEqualTo(2);
		failures.progressed();
		assertThat(failures.failed()).isEqualTo(1);
	}

	private static ApiException api(Status status) {
		return new ApiException(status, "watch", "/api/v1/pods");
	}

}
