package dev.lightkube.informer;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import dev.lightkube.KubeException;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
import dev.lightkube.internal.retry.FailurePolicy;
import dev.lightkube.internal.watch.WatchSupervisor;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An informer's WatchList start-up (KEP-3157, client-go's {@code Reflector.watchList}): one watch with
 * {@code sendInitialEvents=true&resourceVersionMatch=NotOlderThan} and no resource version (a consistent read of the
 * current state); its {@code ADDED} events are collected apart from the cache, and the bookmark that ends them
 * replaces the cache with them (the same differences as a relist), marks the informer synced and leaves the same watch
 * running for the changes.
 *
 * <p>Until that bookmark the watch is not resumed in place: any failure, or a stream the client restarted, starts
 * the whole WatchList again with an empty collection (as client-go does), after the informer's relist back-off; a
 * {@code 410 Gone} too (client-go drops its resource version and starts again; this one never sends one). The
 * informer falls back to LIST then WATCH when the server refuses the parameters ({@code 400}, {@code 422}; not
 * {@code 403}, which a LIST would get as well), sends a change before the end of the initial events (it ignored the
 * parameters), or sends nothing for {@link InformerOptions#watchListTimeout()}: {@link #run()} then fails with
 * {@link Refused}. After the bookmark the watch behaves as the informer's ordinary watch.
 *
 * @param <T> the object type
 */
final class WatchListStart<T extends HasMetadata> {

	private static final Logger logger = LoggerFactory.getLogger(WatchListStart.class);

	private final ReactiveKubeClient client;

	private final ResourceType<T> type;

	private final InformerOptions options;

	private final Target<T> target;

	WatchListStart(ReactiveKubeClient client, ResourceType<T> type, InformerOptions options, Target<T> target) {
		this.client = client;
		this.type = type;
		this.options = options;
		this.target = target;
	}

	/**
	 * One WatchList: completes when the informer should start again (after {@code 410 Gone}, or a failure before the
	 * end of the initial events), fails with {@link Refused} when the server does not speak WatchList, and with other
	 * errors when the informer must stop.
	 */
	Flux<Void> run() {
		return Flux.defer(() -> {
			Attempt attempt = new Attempt();
			Duration timeout = this.options.watchListTimeout();
			WatchOptions watch = WatchOptions.defaults()
				.withNamespace(this.options.namespace())
				.withLabels(this.options.labels())
				.withFields(this.options.fields())
				.withInitialEvents()
				.withInitialEventsEndEvent(true)
				.withOnError(attempt);
			return this.client.watch(this.type, watch)
				// the timeout runs from the request to the first event, then from each event to the next, until the end
				.timeout(Mono.delay(timeout), (event) -> attempt.timing(event) ? Mono.delay(timeout) : Mono.never(),
						Flux.error(() -> new Refused("no end of the initial events (bookmark annotated "
								+ "k8s.io/initial-events-end) came within " + timeout + " of the last event", null)))
				.publishOn(Schedulers.boundedElastic())
				.doOnNext(attempt::accept)
				.then()
				.onErrorResume((error) -> ended(attempt, error))
				.flux();
		});
	}

	private Mono<Void> ended(Attempt attempt, Throwable error) {
		if (error instanceof Refused || FailurePolicy.isClosed(error)) {
			return Mono.error(error);
		}
		if (!attempt.synced && isRefusal(error)) {
			return Mono.error(new Refused("the server refused the WatchList parameters: " + error.getMessage(), error));
		}
		if (FailurePolicy.isGone(error)) {
			logger.info("WatchList of {} expired ({}), starting again", this.type.plural(), error.getMessage());
			this.target.failed(error);
			return Mono.empty();
		}
		if (!attempt.synced && !attempt.targetFailed) {
			// client-go: stop and retry with clean state
			logger.warn("WatchList of {} failed before its initial events ended, starting again: {}",
					this.type.plural(), error.toString());
			this.target.failed(error);
			return Mono.empty();
		}
		return Mono.error(error);
	}

	/** {@code 400 Bad Request} or {@code 422 Invalid}: the server does not accept the parameters. */
	private static boolean isRefusal(Throwable error) {
		return error instanceof ApiException api && (api.code() == 400 || api.code() == 422);
	}

	/** The state of one WatchList; {@link #accept} runs on one thread at a time. */
	private final class Attempt implements WatchSupervisor {

		/** The initial objects (transformed), by key, until the end bookmark. */
		private @Nullable Map<String, T> initial = new LinkedHashMap<>();

		/** Whether the end bookmark passed the timeout (read on the watch's thread). */
		private volatile boolean ended;

		/** Whether the cache was replaced with the initial objects. */
		private volatile boolean synced;

		/** Whether the informer's own code failed (a transform's error): that stops the informer, as with LIST. */
		private volatile boolean targetFailed;

		/** Whether the timeout still runs after this event (it stops with the end bookmark). */
		boolean timing(WatchEvent<T> event) {
			if (event.type() == EventType.INITIAL_EVENTS_END) {
				this.ended = true;
			}
			return !this.ended;
		}

		void accept(WatchEvent<T> event) {
			try {
				handle(event);
			}
			catch (Refused | StartOver ex) {
				throw ex;
			}
			catch (RuntimeException | Error ex) {
				this.targetFailed = true;
				throw ex;
			}
		}

		private void handle(WatchEvent<T> event) {
			Map<String, T> initial = this.initial;
			if (initial == null) {
				// a second end only follows a restart of the same watch, which the informer does not let it do
				if (event.type() != EventType.INITIAL_EVENTS_END) {
					WatchListStart.this.target.apply(event);
				}
				return;
			}
			if (event.resync()) {
				// The client restarted the stream before the end: the state comes again; start over with a clean one.
				throw new StartOver();
			}
			if (event.type() == EventType.ADDED) {
				T object = WatchListStart.this.target.transform(event.object());
				initial.put(InformerCache.keyOf(object), object);
			}
			else if (event.type() == EventType.INITIAL_EVENTS_END) {
				this.initial = null;
				String version = event.object().getMetadata().getResourceVersion();
				logger.debug("WatchList of {} synced: {} objects at resource version {}",
						WatchListStart.this.type.plural(), initial.size(), version);
				WatchListStart.this.target.replace(initial.values(), version);
				this.synced = true;
			}
			else {
				throw new Refused("the server sent a " + event.type() + " event before the end of the initial events: it "
						+ "ignores sendInitialEvents", null);
			}
		}

		@Override
		public WatchErrorAction onError(Throwable error, int attempt) {
			// Before the end nothing is resumed in place (the initial state would come twice); after it, as the
			// informer's ordinary watch: 410 ends it so that the informer starts again, anything else is retried.
			if (!this.ended || FailurePolicy.isGone(error) || FailurePolicy.isClosed(error)) {
				return WatchErrorAction.raise();
			}
			WatchListStart.this.target.failed(error);
			return WatchErrorAction.retry();
		}

		@Override
		public void progressed() {
			// Before the end the informer is not current yet; it becomes healthy when the cache takes the state.
			if (this.synced) {
				WatchListStart.this.target.progressed();
			}
		}

	}

	/** What the WatchList fills: the informer. */
	interface Target<T> {

		/** The informer's transform. */
		T transform(T object);

		/** Makes the cache equal to this complete state (transformed objects), queues the differences, marks synced. */
		void replace(Collection<T> objects, @Nullable String resourceVersion);

		/** Applies a change after the start-up. */
		void apply(WatchEvent<T> event);

		/** The watch failed (it is started again or resumed): the informer's status listeners hear of it. */
		void failed(Throwable error);

		/** The watch received an event or bookmark after the start-up: the informer is current again. */
		void progressed();

	}

	/** The server does not speak WatchList: fall back to LIST then WATCH. */
	static final class Refused extends KubeException {

		private static final long serialVersionUID = 1L;

		Refused(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	/** The stream started over before the end of the initial events. */
	private static final class StartOver extends KubeException {

		private static final long serialVersionUID = 1L;

		StartOver() {
			super("the WatchList stream restarted before its initial events ended");
		}

	}

}
