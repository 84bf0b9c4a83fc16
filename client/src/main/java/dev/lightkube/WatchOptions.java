package dev.lightkube;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code watch}: lightkube's {@code namespace}, {@code labels}, {@code fields}, {@code server_timeout},
 * {@code resource_version} and {@code on_error}. Immutable; start from {@link #defaults()} or
 * {@link #inNamespace(String)} and use the {@code with*} methods.
 */
public final class WatchOptions {

	private static final WatchOptions DEFAULTS = new WatchOptions(null, Selector.none(), Selector.none(), null, null,
			WatchErrorHandler.raise(), null, null, false);

	private final @Nullable String namespace;

	private final Selector labels;

	private final Selector fields;

	private final @Nullable Duration serverTimeout;

	private final @Nullable String resourceVersion;

	private final WatchErrorHandler onError;

	private final @Nullable Boolean sendInitialEvents;

	private final @Nullable String resourceVersionMatch;

	private final boolean initialEventsEndEvent;

	private WatchOptions(@Nullable String namespace, Selector labels, Selector fields,
			@Nullable Duration serverTimeout, @Nullable String resourceVersion, WatchErrorHandler onError,
			@Nullable Boolean sendInitialEvents, @Nullable String resourceVersionMatch, boolean initialEventsEndEvent) {
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		Objects.requireNonNull(onError, "onError must not be null");
		if (serverTimeout != null && serverTimeout.getSeconds() < 1) {
			throw new IllegalArgumentException("serverTimeout must be at least one second, got " + serverTimeout);
		}
		if (resourceVersion != null && resourceVersion.isEmpty()) {
			throw new IllegalArgumentException("resourceVersion must not be empty (use null for the current state)");
		}
		if (!fields.isFieldSelector()) {
			throw new IllegalArgumentException("field selectors accept only equal, notEqual and notIn, got '" + fields + "'");
		}
		this.namespace = namespace;
		this.labels = labels;
		this.fields = fields;
		this.serverTimeout = serverTimeout;
		this.resourceVersion = resourceVersion;
		this.onError = onError;
		this.sendInitialEvents = sendInitialEvents;
		this.resourceVersionMatch = resourceVersionMatch;
		this.initialEventsEndEvent = initialEventsEndEvent;
	}

	/** The client's namespace, no selectors, raise on errors. */
	public static WatchOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all). */
	public static WatchOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The namespace, {@link ReactiveKubeClient#ALL_NAMESPACES} for all; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The label selector. */
	public Selector labels() {
		return this.labels;
	}

	/** The field selector ({@code equal}, {@code notEqual} and {@code notIn}). */
	public Selector fields() {
		return this.fields;
	}

	/**
	 * The {@code timeoutSeconds} sent with each request ({@code null}: the client's default, else a random value
	 * between 5 and 10 minutes); the read-idle timeout is a little longer.
	 */
	public @Nullable Duration serverTimeout() {
		return this.serverTimeout;
	}

	/** Where to start ({@code null}: the current state, as {@code ADDED} events). */
	public @Nullable String resourceVersion() {
		return this.resourceVersion;
	}

	/** What to do after an error (default: raise, as lightkube). */
	public WatchErrorHandler onError() {
		return this.onError;
	}

	/** A copy in another namespace ({@link ReactiveKubeClient#ALL_NAMESPACES} for all, {@code null}: the client's). */
	public WatchOptions withNamespace(@Nullable String namespace) {
		return new WatchOptions(namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	/** A copy with another label selector. */
	public WatchOptions withLabels(Selector labels) {
		return new WatchOptions(this.namespace, labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	/** A copy with another field selector; {@code notIn} is sent as several {@code !=}. */
	public WatchOptions withFields(Selector fields) {
		return new WatchOptions(this.namespace, this.labels, fields, this.serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	/** A copy with another server timeout (at least one second; {@code null}: the default). */
	public WatchOptions withServerTimeout(@Nullable Duration serverTimeout) {
		return new WatchOptions(this.namespace, this.labels, this.fields, serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	/** A copy that starts at another resource version ({@code null}: the current state). */
	public WatchOptions withResourceVersion(@Nullable String resourceVersion) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	/** A copy with another error handler. */
	public WatchOptions withOnError(WatchErrorHandler onError) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}


	/**
	 * The {@code sendInitialEvents} parameter of the WatchList protocol (KEP-3157), {@code null} to leave it out.
	 * With {@code true} (and {@link #resourceVersionMatch()} {@code NotOlderThan}) the server first sends the current
	 * objects as {@code ADDED} events, then a bookmark that ends them, then the changes.
	 */
	public @Nullable Boolean sendInitialEvents() {
		return this.sendInitialEvents;
	}

	/**
	 * The {@code resourceVersionMatch} parameter, {@code null} to leave it out. For a watch the API server accepts
	 * only {@code NotOlderThan}, and only together with {@code sendInitialEvents}.
	 */
	public @Nullable String resourceVersionMatch() {
		return this.resourceVersionMatch;
	}

	/**
	 * A copy that asks for the WatchList start: {@code sendInitialEvents=true&resourceVersionMatch=NotOlderThan}
	 * (bookmarks are always asked for). Without a resource version the initial state is a consistent read. Servers
	 * before Kubernetes 1.27 (or with the {@code WatchList} feature off) reject the parameters or ignore them.
	 *
	 * <p>The initial events end with the server's bookmark annotated {@code k8s.io/initial-events-end}; that bookmark
	 * is the watch's first resume point (ordinary bookmarks among the initial events are not). A stream that ends or
	 * breaks before it is started over with the same parameters, so the server sends the whole state again (the
	 * events flagged {@link WatchEvent#resync()}); after it, the watch resumes from its resource version without
	 * these parameters, like any watch. See {@link #withInitialEventsEndEvent(boolean)} to see that bookmark.
	 */
	public WatchOptions withInitialEvents() {
		return withSendInitialEvents(Boolean.TRUE).withResourceVersionMatch("NotOlderThan");
	}

	/** A copy with another {@code sendInitialEvents} ({@code null}: leave it out). */
	public WatchOptions withSendInitialEvents(@Nullable Boolean sendInitialEvents) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError, sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	/** A copy with another {@code resourceVersionMatch} ({@code null}: leave it out). */
	public WatchOptions withResourceVersionMatch(@Nullable String resourceVersionMatch) {
		if (resourceVersionMatch != null && resourceVersionMatch.isEmpty()) {
			throw new IllegalArgumentException("resourceVersionMatch must not be empty (use null to leave it out)");
		}
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, resourceVersionMatch, this.initialEventsEndEvent);
	}

	/**
	 * Whether the bookmark that ends the initial events is delivered as an {@link EventType#INITIAL_EVENTS_END}
	 * event (default {@code false}).
	 */
	public boolean initialEventsEndEvent() {
		return this.initialEventsEndEvent;
	}

	/**
	 * A copy that delivers (or not) the end of the initial events of a WatchList as an
	 * {@link EventType#INITIAL_EVENTS_END} event, between the last initial {@code ADDED} event and the first change,
	 * so that a consumer knows when it has the complete state (client-go's informers mark themselves synced there).
	 * Needs {@code sendInitialEvents=true} ({@link #withInitialEvents()}); refused before any request otherwise.
	 * Ordinary bookmarks stay invisible.
	 */
	public WatchOptions withInitialEventsEndEvent(boolean initialEventsEndEvent) {
		return new WatchOptions(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, initialEventsEndEvent);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof WatchOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.labels, that.labels) && Objects.equals(this.fields, that.fields)
				&& Objects.equals(this.serverTimeout, that.serverTimeout)
				&& Objects.equals(this.resourceVersion, that.resourceVersion)
				&& Objects.equals(this.onError, that.onError)
				&& Objects.equals(this.sendInitialEvents, that.sendInitialEvents)
				&& Objects.equals(this.resourceVersionMatch, that.resourceVersionMatch)
				&& this.initialEventsEndEvent == that.initialEventsEndEvent;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.labels, this.fields, this.serverTimeout, this.resourceVersion,
				this.onError, this.sendInitialEvents, this.resourceVersionMatch, this.initialEventsEndEvent);
	}

	@Override
	public String toString() {
		return "WatchOptions[namespace=" + this.namespace + ", labels=" + this.labels + ", fields=" + this.fields
				+ ", serverTimeout=" + this.serverTimeout + ", resourceVersion=" + this.resourceVersion
				+ ", onError=" + this.onError + ", sendInitialEvents=" + this.sendInitialEvents
				+ ", resourceVersionMatch=" + this.resourceVersionMatch + ", initialEventsEndEvent="
				+ this.initialEventsEndEvent + "]";
	}

}
