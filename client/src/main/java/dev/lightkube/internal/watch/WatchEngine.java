package dev.lightkube.internal.watch;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import dev.lightkube.KubeException;
import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchEvent;
import dev.lightkube.internal.core.RequestSender;
import dev.lightkube.internal.retry.Backoff;
import dev.lightkube.internal.retry.FailurePolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps one watch going: opens streams through a {@link WatchConnector}, decodes events as bytes arrive, and
 * decides after each stream how to go on (reliability.md items 1–9, 13, 14).
 *
 * <ul>
 * <li>A clean end resumes at once from the last event's or bookmark's resource version; bookmarks move that point
 * and are not delivered. Versions are opaque strings, only compared for equality and sent back: an event carrying
 * the version the watch resumed from was delivered already and is dropped.</li>
 * <li>A stream that ends soon without a new version is a failure and backs off; a new version resets the back-off
 * (progress), so a server that ends every watch cannot cause a request storm.</li>
 * <li>A {@link WatchSupervisor} as error handler sees every failure (nothing is absorbed) and hears of progress.</li>
 * <li>A closed client ends the watch at once.</li>
 * <li>Without a starting version (or with {@code "0"}) the server's first {@code ADDED} events are not in version
 * order, so no resume point is stored until the first other event or bookmark; a restart before that starts again the
 * same way (without a version, or with {@code "0"}) and flags the re-sent events {@link WatchEvent#resync()}.</li>
 * <li>WatchList ({@link WatchSettings#sendInitialEvents()} {@code true}): the initial {@code ADDED} events are not
 * a resume point, whatever version the request named, and neither is an ordinary bookmark among them (objects not yet
 * sent would be lost): only the bookmark annotated {@code k8s.io/initial-events-end} (or a later event) is. Until
 * then a restart sends {@code sendInitialEvents}/{@code resourceVersionMatch} again and starts over (as client-go's
 * reflector does); after it, a resumed watch sends neither and continues from its resource version. On request that
 * bookmark is delivered as an {@link EventType#INITIAL_EVENTS_END} event; other bookmarks never are.</li>
 * <li>{@code 410 Gone} (HTTP status or {@code ERROR} event) goes to the handler; on retry the expired version is
 * dropped and the watch starts again without one, flagging events as resync.</li>
 * <li>Absorbed without the handler, with backoff, up to {@link WatchSettings#absorbedFailures()} times in a row:
 * a silent connection (read-idle timeout = {@code timeoutSeconds} + margin, applied here to the time between buffers
 * while the engine asks for more; the connector needs no read timeout of its own), a
 * transport failure before any byte of the body, {@code 429}/{@code 5xx} with {@code Retry-After} (waiting that
 * long), and a stream that ends without events in less than {@link WatchSettings#shortWatch()}.</li>
 * <li>Everything else, and the absorbed kinds once over the limit, go to the {@link dev.lightkube.WatchErrorHandler}.</li>
 * </ul>
 *
 * The returned Flux is cold: each subscription runs its own watch, and cancelling it closes the stream.
 * A consumer that stops requesting does not trip the read-idle timeout: the engine reads ahead a bounded number of
 * buffers, and once they wait unread it asks for nothing, so the silence that follows is not counted.
 *
 * @param <T> the object type
 */
public final class WatchEngine<T extends HasMetadata> {

	private static final Logger logger = LoggerFactory.getLogger(WatchEngine.class);

	/**
	 * How many buffers the engine reads ahead of a consumer that does not keep up (their lines cut, not yet decoded):
	 * the bound on what a slow consumer makes the client hold; once it is reached the engine asks for nothing more and
	 * the connection is no longer read. A buffer holds up to 64 KiB (a socket read's small pieces are joined, large ones
	 * are cut at {@code KubeTransport.MAX_BODY_PIECE_BYTES}), so this holds at most 2 MiB, as 256 pieces of Netty's
	 * former 8 KiB did.
	 */
	static final int READ_AHEAD_BUFFERS = 32;

	private static final long MIN_RANDOM_TIMEOUT = 300;

	private static final long MAX_RANDOM_TIMEOUT = 600;

	private final WatchConnector connector;

	private final ObjectMapper mapper;

	private final Class<T> type;

	private final String path;

	private final WatchSettings settings;

	/**
	 * @param connector opens one stream
	 * @param mapper decodes events
	 * @param type the objects' type (a fabric8 model class or {@code GenericKubernetesResource})
	 * @param path the watched path, for messages
	 * @param settings the watch's settings
	 */
	public WatchEngine(WatchConnector connector, ObjectMapper mapper, Class<T> type, String path,
			WatchSettings settings) {
		this.connector = Objects.requireNonNull(connector, "connector must not be null");
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
		this.type = Objects.requireNonNull(type, "type must not be null");
		this.path = Objects.requireNonNull(path, "path must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
	}

	/** The events, until the error policy ends the watch or the subscriber cancels. */
	public Flux<WatchEvent<T>> events() {
		return Flux.defer(() -> {
			Run run = new Run();
			return Flux.defer(run::attempt)
				.repeatWhen((ends) -> ends.takeWhile((end) -> !run.stopped).concatMap((end) -> run.pause()));
		});
	}

	/** The {@code timeoutSeconds} for the next request: the configured one or 5–10 minutes at random. */
	long pickTimeoutSeconds() {
		Duration serverTimeout = this.settings.serverTimeout();
		if (serverTimeout != null) {
			return serverTimeout.getSeconds();
		}
		return ThreadLocalRandom.current().nextLong(MIN_RANDOM_TIMEOUT, MAX_RANDOM_TIMEOUT + 1);
	}

	/** The state of one subscription; touched by one stream at a time, so no locking. */
	private final class Run {

		/** The version the next request sends. */
		private @Nullable String nextVersion = WatchEngine.this.settings.resourceVersion();

		/** Whether the watch asks for its initial state as events (WatchList). */
		private final boolean initialEvents = Boolean.TRUE.equals(WatchEngine.this.settings.sendInitialEvents());

		/**
		 * Whether the events delivered so far are known to be in version order (reliability item 4): whether
		 * {@link #nextVersion} is a resume point.
		 */
		private boolean safe = this.nextVersion != null && !"0".equals(this.nextVersion) && !this.initialEvents;

		/** Whether events were delivered while not safe: a restart then re-sends them. */
		private boolean deliveredUnsafe;

		private boolean resyncing;

		private final Backoff.Failures failures = WatchEngine.this.settings.backoff().failures();

		private final @Nullable WatchSupervisor supervisor = (WatchEngine.this.settings
			.onError() instanceof WatchSupervisor watching) ? watching : null;

		private Duration delay = Duration.ZERO;

		private volatile boolean stopped;

		Flux<WatchEvent<T>> attempt() {
			WatchSettings settings = WatchEngine.this.settings;
			long timeoutSeconds = pickTimeoutSeconds();
			Duration idle = Duration.ofSeconds(timeoutSeconds).plus(settings.readIdleMargin());
			// Without a resume point the watch starts over, WatchList parameters included; with one it resumes.
			WatchQuery query = this.safe ? new WatchQuery(this.nextVersion, timeoutSeconds, idle)
					: new WatchQuery(this.nextVersion, timeoutSeconds, idle, settings.sendInitialEvents(),
							settings.resourceVersionMatch());
			Stream stream = new Stream();
			// Not timeout(idle): that schedules a timer for every buffer, and a watch whose server writes one event per
			// chunk woke the timer thread for almost every event. One periodic check per stream instead.
			return RequestSender.idleTimeout(Flux.defer(() -> {
				settings.observer().opening(query);
				return WatchEngine.this.connector.open(query);
			}), idle)
				.doOnNext((buffer) -> stream.received = true)
				// Lines are cut and the buffer released as it arrives (the event loop); they are decoded where the
				// events are asked for: a blocking consumer decodes on its own thread, the loop stays free to read.
				.map(stream.decoder::split)
				.concatWith(Mono.fromSupplier(stream.decoder::finishSplit))
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
				.concatMapIterable(stream.decoder::decode, READ_AHEAD_BUFFERS)
				.<WatchEvent<T>>handle((frame, sink) -> process(stream, frame, sink))
				.concatWith(Flux.defer(() -> ended(stream)))
				.onErrorResume((error) -> failed(stream, error, idle));
		}

		private void process(Stream stream, WatchFrame<T> frame, SynchronousSink<WatchEvent<T>> sink) {
			if (frame instanceof WatchFrame.Change<T> change) {
				stream.events++;
				String version = change.object().getMetadata() != null
						? change.object().getMetadata().getResourceVersion() : null;
				if (change.type() == EventType.ADDED && !this.safe) {
					this.deliveredUnsafe = true;
					progressed(stream);
					sink.next(new WatchEvent<>(change.type(), change.object(), this.resyncing));
					return;
				}
				if (this.safe && version != null && version.equals(this.nextVersion)) {
					// The version the watch resumed from was delivered already: a server that sends it again is not
					// making progress, and the listener must not see it twice.
					return;
				}
				if (version != null && !version.isEmpty()) {
					advance(stream, version);
				}
				sink.next(new WatchEvent<>(change.type(), change.object(), false));
			}
			else if (frame instanceof WatchFrame.Bookmark<T> bookmark) {
				stream.events++;
				if (this.initialEvents && !this.safe) {
					if (bookmark.initialEventsEnd()) {
						advance(stream, bookmark.resourceVersion());
						if (WatchEngine.this.settings.initialEventsEndEvent() && bookmark.object() != null) {
							sink.next(new WatchEvent<>(EventType.INITIAL_EVENTS_END, bookmark.object(), false));
						}
					}
					// An ordinary bookmark among the initial events is no resume point: the rest is not sent yet.
					return;
				}
				if (!(this.safe && bookmark.resourceVersion().equals(this.nextVersion))) {
					advance(stream, bookmark.resourceVersion());
				}
				else if (stream.elapsed().compareTo(WatchEngine.this.settings.shortWatch()) >= 0) {
					// A quiet resource: the same version again, but from a stream that has stayed open, so healthy.
					progressed(stream);
				}
			}
			else if (frame instanceof WatchFrame.Failure<T> failure) {
				sink.error(failure.error());
			}
		}

		private void advance(Stream stream, String version) {
			this.nextVersion = version;
			this.safe = true;
			this.deliveredUnsafe = false;
			this.resyncing = false;
			progressed(stream);
		}

		/** A new version arrived: healthy again, so the next failure backs off from the start. */
		private void progressed(Stream stream) {
			if (!stream.progress) {
				stream.progress = true;
				this.failures.progressed();
				if (this.supervisor != null) {
					this.supervisor.progressed();
				}
			}
		}

		private Flux<WatchEvent<T>> ended(Stream stream) {
			// A stream that ends soon without anything new (no event, or only a repeat) is a failure and backs off:
			// otherwise a server that keeps ending watches would get them back in a hot loop (reliability item 6).
			if (!stream.progress && stream.elapsed().compareTo(WatchEngine.this.settings.shortWatch()) < 0) {
				return Flux.error(new ShortWatchException("watch " + WatchEngine.this.path
						+ ": the stream ended at once without new events"));
			}
			prepareRestart();
			schedule(null, 0, Duration.ZERO);
			return Flux.empty();
		}

		private Flux<WatchEvent<T>> failed(Stream stream, Throwable raw, Duration idle) {
			Throwable error = translate(raw, idle);
			if (FailurePolicy.isClosed(error)) {
				return Flux.error(error);
			}
			int attempt = this.failures.failed();
			boolean gone = FailurePolicy.isGone(error);
			Duration retryAfter = FailurePolicy.retryAfter(error);
			// A supervisor (a listener container) sees every failure at once, so that its health shows it.
			int absorbed = (this.supervisor != null) ? 0 : WatchEngine.this.settings.absorbedFailures();
			if (!gone && attempt <= absorbed && isAbsorbable(stream, error)) {
				logger.debug("Watch {} failed ({}), retrying; attempt {}", WatchEngine.this.path, error.toString(),
						attempt);
				prepareRestart();
				schedule(error, attempt, (retryAfter != null) ? retryAfter : backoff(attempt));
				return Flux.empty();
			}
			WatchErrorAction action;
			try {
				action = WatchEngine.this.settings.onError().onError(error, attempt);
			}
			catch (RuntimeException | Error handlerError) {
				handlerError.addSuppressed(error);
				return Flux.error(handlerError);
			}
			Objects.requireNonNull(action, "the watch error handler returned null");
			switch (action.kind()) {
				case RAISE -> {
					return Flux.error(error);
				}
				case STOP -> {
					this.stopped = true;
					return Flux.empty();
				}
				default -> {
					Duration wait = (action.delay() != null) ? action.delay() : backoff(attempt);
					if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
						wait = retryAfter;
					}
					if (gone) {
						// never ask for the expired version again: start from the current state (reliability item 5)
						this.nextVersion = null;
						this.safe = false;
						this.deliveredUnsafe = false;
						this.resyncing = true;
					}
					prepareRestart();
					schedule(error, attempt, wait);
					return Flux.empty();
				}
			}
		}

		/** Before a stream that re-sends events already delivered, flag them (reliability item 4). */
		private void prepareRestart() {
			if (!this.safe && this.deliveredUnsafe) {
				this.resyncing = true;
			}
		}

		private void schedule(@Nullable Throwable reason, int attempt, Duration wait) {
			this.delay = wait;
			WatchEngine.this.settings.observer().retrying(reason, attempt, wait, !this.safe);
		}

		private Duration backoff(int attempt) {
			return this.failures.delay(attempt);
		}

		Mono<Long> pause() {
			return this.delay.isZero() ? Mono.just(0L) : Mono.delay(this.delay);
		}

		private Throwable translate(Throwable error, Duration idle) {
			if (error instanceof TimeoutException) {
				return new ReadIdleException("watch " + WatchEngine.this.path + ": nothing received for " + idle
						+ " (read-idle timeout); the connection is presumed dead", error);
			}
			return error;
		}

		private boolean isAbsorbable(Stream stream, Throwable error) {
			if (error instanceof ApiException) {
				return FailurePolicy.retryAfter(error) != null;
			}
			if (error instanceof ReadIdleException || error instanceof ShortWatchException) {
				return true;
			}
			if (error instanceof WatchDecodingException) {
				return false;
			}
			// a transport failure before the body started: the watch was not established (reliability item 13)
			return !stream.received;
		}

	}

	/** One stream's decoder and counters. */
	private final class Stream {

		private final WatchEventDecoder<T> decoder = new WatchEventDecoder<>(WatchEngine.this.mapper,
				WatchEngine.this.type, WatchEngine.this.path, WatchEngine.this.settings.maxEventBytes());

		private final long startNanos = System.nanoTime();

		private volatile boolean received;

		private int events;

		/** Whether this stream delivered a version not seen before (an event or a bookmark). */
		private boolean progress;

		Duration elapsed() {
			return Duration.ofNanos(System.nanoTime() - this.startNanos);
		}

	}

	/** A connection delivered nothing for longer than the read-idle timeout. */
	static final class ReadIdleException extends KubeException {

		private static final long serialVersionUID = 1L;

		ReadIdleException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** A stream ended at once without any event. */
	static final class ShortWatchException extends KubeException {

		private static final long serialVersionUID = 1L;

		ShortWatchException(String message) {
			super(message);
		}

	}

}
