package dev.lightkube.listener;

import dev.lightkube.WatchEvent;
import dev.lightkube.internal.watch.WatchSupervisor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lists and watches one kind with one namespace and selectors: what a listener container needs from the client.
 *
 * @param <T> the resource type
 */
interface ListWatchSource<T extends HasMetadata> {

	/** Every object (all pages), with the list's resource version. */
	Mono<Snapshot<T>> list();

	/**
	 * Changes after {@code resourceVersion}, resumed by the client from its newest version (bookmarks included) as
	 * long as {@code supervisor} says retry; the failures it raises (410 included) reach the subscriber.
	 */
	Flux<WatchEvent<T>> watch(String resourceVersion, WatchSupervisor supervisor);

	/** The plural resource name, for metrics and messages. */
	String resource();

	/** The Java type of the objects. */
	Class<T> type();

	/** A complete list and the resource version it was read at. */
	record Snapshot<T>(List<T> items, String resourceVersion) {
	}

}
