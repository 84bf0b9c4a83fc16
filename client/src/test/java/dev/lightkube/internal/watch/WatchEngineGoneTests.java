package dev.lightkube.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ApiException;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@code 410 Gone}: reliability.md item 5. The expired version is never sent again.
 */
class WatchEngineGoneTests extends WatchWireMockSupport {

	@Test
	void expiredErrorEventWithRetryStartsAgainWithoutVersionAndFlagsTheResync() {
		List<String> handled = new ArrayList<>();
		respondInSequence(stream(event("MODIFIED", "a", "11"), expired()),
				stream(event("ADDED", "a", "14"), event("ADDED", "c", "12"), bookmark("15")),
				stream(event("DELETED", "c", "16")));

		List<WatchEvent<Pod>> events = watch(
				settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.retry())).build())
			.take(4)
			.collectList()
			.block(GUARD);

		// "b" was deleted during the gap: it is not among the resync events, which tells a stateful consumer so
		assertThat(describe(events)).containsExactly("MODIFIED a 11", "ADDED a 14 resync", "ADDED c 12 resync",
				"DELETED c 16");
		assertThat(handled).containsExactly("410#1");
		assertThat(queries()).containsExactly(query("10"), query(null), query("15"));
	}

	@Test
	void goneHttpStatusWithRetryStartsAgainWithoutVersion() {
		List<String> handled = new ArrayList<>();
		respondInSequence(stream(event("MODIFIED", "a", "11")), status(410, "Gone", null),
				stream(event("ADDED", "a", "14"), event("MODIFIED", "a", "15")));

		List<WatchEvent<Pod>> events = watch(
				settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.retry())).build())
			.take(3)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 11", "ADDED a 14 resync", "MODIFIED a 15");
		assertThat(handled).containsExactly("410#1");
		assertThat(queries()).containsExactly(query("10"), query("11"), query(null));
	}

	@Test
	void expiredErrorEventIsRaisedByDefaultAfterTheEventsBeforeIt() {
		respondInSequence(stream(event("MODIFIED", "a", "11"), expired(), event("MODIFIED", "a", "12")));

		StepVerifier.create(watch(settings().resourceVersion("10").build()))
			.assertNext((event) -> assertThat(event.object().getMetadata().getResourceVersion()).isEqualTo("11"))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(ApiException.class);
				ApiException api = (ApiException) error;
				assertThat(api.code()).isEqualTo(410);
				assertThat(api.reason()).isEqualTo("Expired");
				assertThat(api.verb()).isEqualTo("watch");
				assertThat(api.path()).isEqualTo(PATH);
				assertThat(api).hasMessageContaining("too old resource version");
			})
			.verify(GUARD);
		assertThat(queries()).containsExactly(query("10"));
	}

	@Test
	void goneWithRetryKeepsNoExpiredVersionEvenWhenItHappensAgain() {
		// the first request without a version may itself be answered 410 by a confused server: no loop on "10"
		List<String> handled = new ArrayList<>();
		respondInSequence(status(410, "Expired", null), status(410, "Expired", null),
				stream(event("ADDED", "a", "3"), event("MODIFIED", "a", "4")));

		List<WatchEvent<Pod>> events = watch(
				settings().resourceVersion("10").onError(recording(handled, WatchErrorHandler.retry())).build())
			.take(2)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 3 resync", "MODIFIED a 4");
		assertThat(handled).containsExactly("410#1", "410#2");
		assertThat(queries()).containsExactly(query("10"), query(null), query(null));
	}

	@Test
	void stopPolicyEndsTheWatchQuietlyOnGone() {
		respondInSequence(stream(event("MODIFIED", "a", "11"), expired()));

		StepVerifier.create(watch(settings().resourceVersion("10").onError(WatchErrorHandler.stop()).build()))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(queries()).containsExactly(query("10"));
	}

}
