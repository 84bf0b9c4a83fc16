package dev.lightkube.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.EventType;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * WatchList in the engine (KEP-3157): the first request asks for the initial events; the bookmark annotated
 * {@code k8s.io/initial-events-end} is the first resume point and, on request, an
 * {@link EventType#INITIAL_EVENTS_END} event; a resumed watch does not ask for the initial events again, a watch
 * that has no resume point yet does (it starts over).
 */
class WatchEngineInitialEventsTests extends WatchWireMockSupport {

	@Test
	void theEndBookmarkIsDeliveredOnceAndTheResumedWatchDropsTheWatchListParameters() {
		respondInSequence(stream(event("ADDED", "a", "5"), event("ADDED", "b", "3"), bookmark("9")),
				stream(event("MODIFIED", "b", "10")));

		List<WatchEvent<Pod>> events = watch(watchList(true).build()).take(4).collectList().block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "ADDED b 3", "INITIAL_EVENTS_END null 9",
				"MODIFIED b 10");
		assertThat(events.get(2).object().getMetadata().getAnnotations())
			.containsEntry("k8s.io/initial-events-end", "true");
		assertThat(queries()).containsExactly(initialQuery(null), query("9"));
	}

	@Test
	void withoutTheOptInTheEndBookmarkOnlyMovesTheResumePoint() {
		respondInSequence(stream(event("ADDED", "a", "5"), bookmark("9")), stream(event("MODIFIED", "a", "10")));

		List<WatchEvent<Pod>> events = watch(watchList(false).build()).take(2).collectList().block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "MODIFIED a 10");
		assertThat(queries()).containsExactly(initialQuery(null), query("9"));
	}

	@Test
	void aStreamThatEndsBeforeTheEndBookmarkStartsOverWithTheParametersAndAPlainBookmarkIsNoResumePoint() {
		// the plain bookmark at 7 came while objects were still to be sent: resuming from it would lose them
		respondInSequence(stream(event("ADDED", "a", "5"), plainBookmark("7")),
				stream(event("ADDED", "a", "5"), event("ADDED", "b", "6"), bookmark("9")),
				stream(event("DELETED", "a", "11")));

		List<WatchEvent<Pod>> events = watch(watchList(true).build()).take(5).collectList().block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "ADDED a 5 resync", "ADDED b 6 resync",
				"INITIAL_EVENTS_END null 9", "DELETED a 11");
		assertThat(queries()).containsExactly(initialQuery(null), initialQuery(null), query("9"));
	}

	@Test
	void aGivenResourceVersionIsSentWithTheParametersUntilTheEndBookmark() {
		// NotOlderThan 4: the initial events are not in version order, so 4 is not a resume point either
		respondInSequence(stream(event("ADDED", "a", "5")), stream(event("ADDED", "a", "5"), bookmark("9")),
				stream(event("MODIFIED", "a", "10")));

		List<WatchEvent<Pod>> events = watch(watchList(true).resourceVersion("4").build()).take(4)
			.collectList()
			.block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "ADDED a 5 resync", "INITIAL_EVENTS_END null 9",
				"MODIFIED a 10");
		assertThat(queries()).containsExactly(initialQuery("4"), initialQuery("4"), query("9"));
	}

	@Test
	void goneAfterTheEndStartsOverWithTheParametersAndDeliversTheNewEnd() {
		respondInSequence(stream(event("ADDED", "a", "5"), bookmark("9")), stream(expired()),
				stream(event("ADDED", "a", "12"), bookmark("13")), stream(event("MODIFIED", "a", "14")));
		List<String> errors = new ArrayList<>();

		List<WatchEvent<Pod>> events = watch(watchList(true)
			.onError(recording(errors, (error, attempt) -> WatchErrorAction.retry()))
			.build()).take(5).collectList().block(GUARD);

		assertThat(describe(events)).containsExactly("ADDED a 5", "INITIAL_EVENTS_END null 9", "ADDED a 12 resync",
				"INITIAL_EVENTS_END null 13", "MODIFIED a 14");
		assertThat(errors).containsExactly("410#1");
		assertThat(queries()).containsExactly(initialQuery(null), query("9"), initialQuery(null), query("13"));
	}

	@Test
	void theEndEventNeedsInitialEvents() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings().initialEventsEndEvent(true).build())
			.withMessageContaining("sendInitialEvents=true");
	}

	private WatchSettings.Builder watchList(boolean endEvent) {
		return settings().initialEvents(Boolean.TRUE, "NotOlderThan").initialEventsEndEvent(endEvent);
	}

	/** The first query of a WatchList: the usual parameters plus sendInitialEvents and resourceVersionMatch. */
	private static Map<String, String> initialQuery(@Nullable String resourceVersion) {
		Map<String, String> query = new TreeMap<>(query(resourceVersion));
		query.put("sendInitialEvents", "true");
		query.put("resourceVersionMatch", "NotOlderThan");
		return query;
	}

	/** A bookmark without the initial-events-end annotation. */
	private static String plainBookmark(String resourceVersion) {
		return "{\"type\":\"BOOKMARK\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
				+ "\"resourceVersion\":\"" + resourceVersion + "\"}}}\n";
	}

}
