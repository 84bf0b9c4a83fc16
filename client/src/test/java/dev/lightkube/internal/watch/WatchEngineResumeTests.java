package dev.lightkube.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resuming after clean ends: reliability.md items 1 to 4.
 */
class WatchEngineResumeTests extends WatchWireMockSupport {

	@Test
	void cleanEndResumesFromTheLastEventWithoutRelistOrRepeats() {
		// item 1: each stream ends cleanly (timeoutSeconds reached); the next starts after the last event
		respondInSequence(stream(event("ADDED", "a", "11"), event("MODIFIED", "a", "12")),
				stream(event("DELETED", "a", "13"), event("ADDED", "b", "14")),
				stream(event("MODIFIED", "b", "15")));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("10").build()).take(5)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 11", "MODIFIED a 12", "DELETED a 13", "ADDED b 14",
				"MODIFIED b 15");
		assertThat(queries()).containsExactly(query("10"), query("12"), query("14"));
		assertThat(this.observer.reasons()).containsExactly("end", "end");
	}

	@Test
	void resourceVersionsAreOpaqueAndNeverCompared() {
		// item 2: "9" < "10" numerically but not as text, "b" is not a number, and the bookmark "1" goes "back":
		// the engine only stores and returns what the server sent last
		respondInSequence(stream(event("MODIFIED", "a", "9"), event("MODIFIED", "a", "10")),
				stream(event("MODIFIED", "a", "b"), bookmark("1")), stream(event("MODIFIED", "a", "0x2")));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("8").build()).take(4)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 9", "MODIFIED a 10", "MODIFIED a b",
				"MODIFIED a 0x2");
		assertThat(queries()).containsExactly(query("8"), query("10"), query("1"));
	}

	@Test
	void bookmarksMoveTheResumePointAndAreNotDelivered() {
		// item 3: the bookmark is the newest thing the server said; a server without bookmarks is item 1's test
		respondInSequence(stream(event("MODIFIED", "a", "21"), bookmark("25")), stream(bookmark("30")),
				stream(event("DELETED", "a", "31")));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("20").build()).take(2)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("MODIFIED a 21", "DELETED a 31");
		assertThat(queries()).containsExactly(query("20"), query("25"), query("30"));
	}

	@Test
	void watchWithoutVersionStoresNoResumePointUntilABookmark() {
		// item 4: the first ADDED events are the current state in no particular version order
		respondInSequence(stream(event("ADDED", "a", "5"), event("ADDED", "b", "3"), bookmark("9")),
				stream(event("MODIFIED", "b", "10")));

		List<WatchEvent<Pod>> events = watch(settings().build()).take(3).collectList().block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "ADDED b 3", "MODIFIED b 10");
		assertThat(queries()).containsExactly(query(null), query("9"));
	}

	@Test
	void watchWithoutVersionThatEndsBeforeASafePointStartsAgainAndFlagsTheResync() {
		// item 4: after "ADDED a 5, ADDED b 3" neither 5 nor 3 is a safe resume point: start again without one
		respondInSequence(stream(event("ADDED", "a", "5"), event("ADDED", "b", "3")),
				stream(event("ADDED", "a", "5"), event("ADDED", "b", "3"), event("MODIFIED", "a", "7")),
				stream(event("DELETED", "b", "8")));

		List<WatchEvent<Pod>> events = watch(settings().build()).take(6).collectList().block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "ADDED b 3", "ADDED a 5 resync", "ADDED b 3 resync",
				"MODIFIED a 7", "DELETED b 8");
		assertThat(queries()).containsExactly(query(null), query(null), query("7"));
	}

	@Test
	void resourceVersionZeroIsNotASafeResumePoint() {
		// item 4: "0" means "any": synthetic ADDED events as without a version
		respondInSequence(stream(event("ADDED", "a", "5"), event("ADDED", "b", "3"), event("MODIFIED", "b", "6")),
				stream(event("DELETED", "a", "7")));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("0").build()).take(4)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "ADDED b 3", "MODIFIED b 6", "DELETED a 7");
		assertThat(queries()).containsExactly(query("0"), query("6"));
	}

}
