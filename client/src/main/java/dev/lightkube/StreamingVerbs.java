package dev.lightkube;

import dev.lightkube.internal.core.ClientContext;
import dev.lightkube.internal.core.KubeJson;
import dev.lightkube.internal.core.KubeRequest;
import dev.lightkube.internal.core.Requests;
import dev.lightkube.internal.core.Requests.Query;
import dev.lightkube.internal.exec.ExecEngine;
import dev.lightkube.internal.http.ClientClosedException;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.retry.Backoff;
import dev.lightkube.internal.retry.FailurePolicy;
import dev.lightkube.internal.http.UrlMasking;
import dev.lightkube.internal.watch.WatchConnector;
import dev.lightkube.internal.watch.WatchEngine;
import dev.lightkube.internal.watch.WatchObserver;
import dev.lightkube.internal.watch.WatchQuery;
import dev.lightkube.internal.watch.WatchSettings;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * The streaming verbs behind {@link ReactiveKubeClient}: watch (on the watch engine), wait (built on get and watch)
 * and exec (over WebSocket). Kept apart so the client class stays a list of thin methods.
 */
final class StreamingVerbs {

	private final KubeTransport transport;

	private final ClientContext context;

	private final StreamingDefaults defaults;

	StreamingVerbs(KubeTransport transport, ClientContext context, StreamingDefaults defaults) {
		this.transport = transport;
		this.context = context;
		this.defaults = defaults;
	}

	<T extends HasMetadata> Flux<WatchEvent<T>> watch(ResourceType<T> type, WatchOptions options) {
		String namespace = this.context.namespace(type, options.namespace(), null, true);
		String path = Requests.path(type, namespace, null, null);
		if (options.resourceVersionMatch() != null && !Boolean.TRUE.equals(options.sendInitialEvents())) {
			throw new IllegalArgumentException("a watch accepts resourceVersionMatch only with sendInitialEvents=true"
					+ " (use WatchOptions.withInitialEvents())");
		}
		if (options.initialEventsEndEvent() && !Boolean.TRUE.equals(options.sendInitialEvents())) {
			throw new IllegalArgumentException("the end of the initial events exists only with sendInitialEvents=true"
					+ " (use WatchOptions.withInitialEvents())");
		}
		Query selectors = new Query()
			.addIf(!options.labels().isEmpty(), "labelSelector", options.labels().toQuery())
			.addIf(!options.fields().isEmpty(), "fieldSelector", options.fields().toFieldQuery());
		KubeRequest<T> base = Requests.of("watch", HttpMethod.GET, path, selectors, type.type());
		WatchConnector connector = (query) -> {
			KubeRequest<T> request = base;
			for (Map.Entry<String, String> param : query.params().entrySet()) {
				request = request.withQuery(param.getKey(), param.getValue());
			}
			// Not retried by the sender: the watch engine decides after every failure (one policy, not two stacked).
			// No read timeout here either: the engine applies query.readIdleTimeout() to the stream itself.
			return this.context.sender().stream(request, null, false);
		};
		String resource = type.plural();
		dev.lightkube.observation.WatchObserver observer = this.defaults.watchObserver();
		WatchSettings settings = WatchSettings.builder()
			.resourceVersion(options.resourceVersion())
			.serverTimeout((options.serverTimeout() != null) ? options.serverTimeout() : this.defaults.serverTimeout())
			.onError(options.onError())
			.backoff(this.defaults.backoff())
			.maxEventBytes(this.context.sender().limits().maxBytes())
			.observer(restarts(observer, resource))
			// the engine sends these only until it has a resume point (WatchQuery)
			.initialEvents(options.sendInitialEvents(), options.resourceVersionMatch())
			.initialEventsEndEvent(options.initialEventsEndEvent())
			.build();
		return new WatchEngine<>(connector, KubeJson.MAPPER, type.type(), path, settings).events()
			.doOnSubscribe((subscription) -> observer.watchStarted(resource))
			.doOnNext((event) -> {
				if (event.type() != EventType.INITIAL_EVENTS_END) {
					observer.eventReceived(resource, event.type().name());
				}
			})
			.doFinally((signal) -> observer.watchStopped(resource));
	}

	private static WatchObserver restarts(dev.lightkube.observation.WatchObserver observer, String resource) {
		if (observer == dev.lightkube.observation.WatchObserver.NOOP) {
			return WatchObserver.NONE;
		}
		return new WatchObserver() {
			@Override
			public void opening(WatchQuery query) {
			}

			@Override
			public void retrying(@Nullable Throwable reason, int attempt, Duration delay, boolean withoutVersion) {
				String why = (reason == null) ? "ended"
						: (withoutVersion && FailurePolicy.isGone(reason)) ? "gone" : "error";
				observer.watchRestarted(resource, why);
				if (withoutVersion) {
					// Watched again without a version: the server sends every object again, a relist.
					observer.relisted(resource);
				}
			}
		};
	}

	/**
	 * lightkube's {@code wait}, made robust as client-go's {@code UntilWithSync}: list the object by
	 * {@code metadata.name} (it may not exist yet), check it, then watch from the list's resource version. A
	 * {@code 410 Gone} (or a transient failure) lists again and watches again; errors that retrying cannot fix
	 * (400, 401, 403, 404 of the kind, ...) end the wait at once.
	 */
	<T extends HasMetadata> Mono<T> waitFor(ReactiveKubeClient client, ResourceType<T> type, String name,
			WaitOptions options) {
		if (options.forConditions().isEmpty()) {
			throw new IllegalArgumentException("waitFor needs at least one condition: use WaitOptions.forConditions(...)"
					+ " or withForConditions(...)");
		}
		String namespace = this.context.namespace(type, options.namespace(), null, false);
		String resource = type.plural();
		Selector byName = Selector.of("metadata.name", name);
		ListOptions list = ListOptions.defaults().withNamespace(namespace).withFields(byName);
		// Whether the object was seen: absent after a relist then means it was deleted while the watch was away.
		AtomicBoolean seen = new AtomicBoolean();
		Mono<T> attempt = Mono.defer(() -> client.listAll(type, list).flatMap((current) -> {
			T object = current.items().isEmpty() ? null : current.items().get(0);
			if (object != null) {
				seen.set(true);
				if (satisfied(object, resource, name, namespace, options)) {
					return Mono.just(object);
				}
			}
			else if (seen.get()) {
				return Mono.error(new ObjectDeletedException(resource, name, namespace));
			}
			String version = current.resourceVersion();
			WatchOptions watch = WatchOptions.defaults()
				.withNamespace(namespace)
				.withFields(byName)
				.withResourceVersion((version != null && !version.isEmpty()) ? version : null)
				.withOnError(WatchErrorHandler.raise());
			return watch(type, watch).<T>handle((event, sink) -> {
				if (event.type() == EventType.DELETED) {
					sink.error(new ObjectDeletedException(resource, name, namespace));
					return;
				}
				seen.set(true);
				try {
					if (satisfied(event.object(), resource, name, namespace, options)) {
						sink.next(event.object());
					}
				}
				catch (ConditionException ex) {
					sink.error(ex);
				}
			}).next();
		}));
		Backoff backoff = this.defaults.backoff();
		Mono<T> wait = attempt.retryWhen(Retry.backoff(Long.MAX_VALUE, backoff.initial())
			.maxBackoff(backoff.max())
			.filter(StreamingVerbs::retryable)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
		Duration timeout = options.timeout();
		if (timeout == null) {
			return wait;
		}
		return wait.timeout(timeout, Mono.error(() -> new KubeException("Waiting for "
				+ ObjectDeletedException.describe(resource, name, namespace) + " to reach one of "
				+ new TreeSet<>(options.forConditions()) + " timed out after " + timeout)));
	}

	/**
	 * Whether waiting again can help: {@code 410 Gone} (list again), {@code 429}, {@code 5xx} and failures of the
	 * connection. Every other answer of the server (400, 401 after the credential was refreshed, 403, 404 of the
	 * kind, 422, ...) and the wait's own outcomes cannot change by trying again.
	 */
	static boolean retryable(Throwable error) {
		if (error instanceof ApiException api) {
			return FailurePolicy.isGone(api) || api.code() == 429 || api.code() >= 500;
		}
		if (FailurePolicy.isClosed(error) || error instanceof ConditionException || error instanceof ObjectDeletedException
				|| error instanceof ExecException || error instanceof dev.lightkube.config.ConfigException) {
			return false;
		}
		return error instanceof KubeException;
	}

	/**
	 * lightkube's test: an object without status is skipped; a success condition wins over a failure condition; a
	 * true failure condition throws. A pod's or job's {@code status.phase} counts as a condition too.
	 */
	private static boolean satisfied(HasMetadata object, String resource, String name, @Nullable String namespace,
			WaitOptions options) {
		JsonNode status = KubeJson.MAPPER.valueToTree(object).get("status");
		if (status == null || status.isNull()) {
			return false;
		}
		List<String> trueConditions = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		JsonNode conditions = status.get("conditions");
		if (conditions != null && conditions.isArray()) {
			for (JsonNode condition : conditions) {
				String conditionType = condition.path("type").asString("");
				if (!"True".equals(condition.path("status").asString(""))) {
					continue;
				}
				trueConditions.add(conditionType);
				if (options.raiseForConditions().contains(conditionType)) {
					String message = condition.path("message").asString("");
					failures.add(message.isEmpty() ? conditionType : message);
				}
			}
		}
		String phase = status.path("phase").asString("");
		if (!phase.isEmpty()) {
			trueConditions.add(phase);
			if (options.raiseForConditions().contains(phase)) {
				failures.add(phase);
			}
		}
		if (trueConditions.stream().anyMatch(options.forConditions()::contains)) {
			return true;
		}
		if (!failures.isEmpty()) {
			throw new ConditionException(resource, name, namespace, failures);
		}
		return false;
	}

	Mono<ExecResponse> exec(String name, @Nullable String namespace, ExecOptions options) {
		ResourceType<Pod> pods = ResourceType.of(Pod.class);
		String podPath = Requests.path(pods, this.context.namespace(pods, namespace, null, false), name, null);
		// Observed as every other request (verb exec, subresource exec), ended when the handshake is answered.
		KubeRequest<Void> request = Requests.of("exec", HttpMethod.GET, podPath + "/exec", new Query(), Void.class);
		// Deferred: the transport builds its HTTP clients on first use, and a closed client fails as a signal.
		return this.context.sender()
			.observe(request, (status, propagation) -> Mono.defer(() -> ExecEngine.exec(this.transport.httpClient(),
					UrlMasking.withoutUserInfo(this.transport.baseUri()), this.transport.authentication(), podPath,
					options, propagation, status)))
			.onErrorMap((error) -> this.transport.isClosed() && !(error instanceof ClientClosedException),
					(error) -> new ClientClosedException("The client was closed (exec in " + podPath + ")", error));
	}

	/** Client-wide defaults of the streaming verbs. */
	record StreamingDefaults(@Nullable Duration serverTimeout, Backoff backoff,
			dev.lightkube.observation.WatchObserver watchObserver) {
	}

}
