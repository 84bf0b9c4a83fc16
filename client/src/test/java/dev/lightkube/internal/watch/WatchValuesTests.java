package dev.lightkube.internal.watch;

import dev.lightkube.internal.retry.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static java.util.Map.entry;

import dev.lightkube.EventType;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The small values around the engine: policies, events, queries, settings and the backoff curve.
 */
class WatchValuesTests {

	@Test
	void builtInPoliciesMatchLightkube() {
		RuntimeException error = new RuntimeException("boom");
		assertThat(WatchErrorHandler.raise().onError(error, 1)).isEqualTo(WatchErrorAction.raise());
		assertThat(WatchErrorHandler.stop().onError(error, 1)).isEqualTo(WatchErrorAction.stop());
		assertThat(WatchErrorHandler.retry().onError(error, 3)).isEqualTo(WatchErrorAction.retry());
		assertThat(WatchErrorAction.retry().delay()).isNull();
		assertThat(WatchErrorAction.retry(Duration.ofSeconds(2)).delay()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void actionRejectsDelaysThatMeanNothing() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WatchErrorAction(WatchErrorAction.Kind.STOP, Duration.ofSeconds(1)))
			.withMessage("delay is only meaningful for RETRY, not STOP");
		assertThatIllegalArgumentException().isThrownBy(() -> WatchErrorAction.retry(Duration.ofSeconds(-1)))
			.withMessage("delay must not be negative: PT-1S");
	}

	@Test
	void eventNeedsTypeAndObject() {
		assertThat(new WatchEvent<>(EventType.ADDED, new Pod()).resync()).isFalse();
		assertThatNullPointerException().isThrownBy(() -> new WatchEvent<>(null, new Pod()))
			.withMessage("type must not be null");
		assertThatNullPointerException().isThrownBy(() -> new WatchEvent<Pod>(EventType.ADDED, null))
			.withMessage("object must not be null");
	}

	@Test
	void queryParamsAlwaysAskForBookmarks() {
		assertThat(new WatchQuery("42", 300, Duration.ofSeconds(330)).params()).containsExactly(
				entry("watch", "true"), entry("allowWatchBookmarks", "true"), entry("timeoutSeconds", "300"),
				entry("resourceVersion", "42"));
		assertThat(new WatchQuery(null, 5, Duration.ofSeconds(35)).params()).doesNotContainKey("resourceVersion");
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchQuery(null, 0, Duration.ofSeconds(1)))
			.withMessage("timeoutSeconds must be at least 1: 0");
	}

	@Test
	void settingsRejectBadValuesBeforeAnyRequest() {
		WatchSettings.Builder builder = WatchSettings.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> builder.resourceVersion(""))
			.withMessage("resourceVersion must not be empty (use null for none)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.serverTimeout(Duration.ofMillis(500)))
			.withMessage("serverTimeout must be at least 1 second: PT0.5S");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.readIdleMargin(Duration.ZERO))
			.withMessage("readIdleMargin must be positive: PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.absorbedFailures(-1))
			.withMessage("absorbedFailures must not be negative: -1");
		assertThatNullPointerException().isThrownBy(() -> builder.onError(null)).withMessage("onError must not be null");
		WatchSettings defaults = builder.build();
		assertThat(defaults.onError().onError(new RuntimeException(), 1)).isEqualTo(WatchErrorAction.raise());
		assertThat(defaults.resourceVersion()).isNull();
		assertThat(defaults.serverTimeout()).isNull();
		assertThat(defaults.backoff()).isEqualTo(Backoff.DEFAULT);
	}

	@Test
	void backoffDoublesFromAbout800MillisAndStopsAt30Seconds() {
		// item 9, the curve itself: random 0 is the lower bound, random just below 1 the upper
		Backoff backoff = Backoff.DEFAULT;
		assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofMillis(1600));
		assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ofMillis(3200));
		assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofMillis(1200));
		assertThat(backoff.delay(6, 0)).isEqualTo(Duration.ofSeconds(25).plusMillis(600));
		assertThat(backoff.delay(6, 0.99)).isEqualTo(Duration.ofSeconds(30));
		assertThat(backoff.delay(1000, 0.99)).isEqualTo(Duration.ofSeconds(30));
		assertThat(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0, Duration.ZERO).delay(2, 0.9))
			.isEqualTo(Duration.ofMillis(200));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, Duration.ZERO));
	}

}
