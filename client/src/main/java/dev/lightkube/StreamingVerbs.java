package dev.lightkube;

import dev.lightkube.internal.core.ClientContext;
import dev.lightkube.internal.core.KubeJson;
import dev.lightkube.internal.core.KubeRequest;
import dev.lightkube.internal.core.Requests;
import dev.lightkube.internal.core.Requests.Query;
import dev.lightkube.internal.exec.ExecEngine;
import dev.lightkube.internal.http.KubeTransport;
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
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
		Query selectors = new Query()
			.addIf(!options.labels().isEmpty(), "labelSelector", options.labels().toQuery())
			.addIf(!options.fields().isEmpty(), "fieldSelector", options.fields().toQuery());
		KubeRequest<T> base = Requests.of("watch", HttpMethod.GET, path, selectors, type.type());
		WatchConnector connector = (query) -> {
			KubeRequest<T> request = base;
			for (Map.Entry<String, String> param : query.params().entrySet()) {
				request = request.withQuery(param.getKey(), param.getValue());
			}
			return this.context.sender().stream(request, query.readIdleTimeout());
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
			.build();
		return new WatchEngine<>(connector, KubeJson.MAPPER, type.type(), path, settings).events()
			.doOnSubscribe((subscription) -> observer.watchStarted(resource))
			.doOnNext((event) -> observer.eventReceived(resource, event.type().name()))
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
				String why = (reason == null) ? "ended" : (withoutVersion && isGone(reason)) ? "gone" : "error";
				observer.watchRestarted(resource, why);
			}
		};
	}

	<T extends HasMetadata> Mono<T> waitFor(ReactiveKubeClient client, ResourceType<T> type, String name,
			WaitOptions options) {
		String namespace = this.context.namespace(type, options.namespace(), null, false);
		Mono<T> wait = client.get(type, name, namespace).flatMap((current) -> {
			if (satisfied(current, name, options)) {
				return Mono.just(current);
			}
			// Watch from the object's own version: no change between the get and the watch is missed.
			WatchOptions watch = new WatchOptions(namespace, Selector.none(), Selector.of("metadata.name", name),
					null, current.getMetadata().getResourceVersion(), WatchErrorHandler.retry());
			return watch(type, watch).handle((WatchEvent<T> event, reactor.core.publisher.SynchronousSink<T> sink) -> {
				if (event.type() == EventType.DELETED) {
					sink.error(new ObjectDeletedException(name));
				}
				else if (satisfied(event.object(), name, options)) {
					sink.next(event.object());
				}
			}).next();
		});
		Duration timeout = options.timeout();
		if (timeout == null) {
			return wait;
		}
		return wait.timeout(timeout, Mono.error(() -> new KubeException("Waiting for " + type.kind() + " '" + name
				+ "' to reach " + options.forConditions() + " timed out after " + timeout)));
	}

	/** Whether a wanted condition holds; throws when a failure condition does. */
	private static boolean satisfied(HasMetadata object, String name, WaitOptions options) {
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
		if (!failures.isEmpty()) {
			throw new ConditionException(name, failures);
		}
		return trueConditions.stream().anyMatch(options.forConditions()::contains);
	}

	Mono<ExecResponse> exec(String name, @Nullable String namespace, ExecOptions options) {
		ResourceType<Pod> pods = ResourceType.of(Pod.class);
		String podPath = Requests.path(pods, this.context.namespace(pods, namespace, null, false), name, null);
		// Deferred: the transport builds its HTTP clients on first use, and a closed client fails as a signal.
		return Mono.defer(() -> ExecEngine.exec(this.transport.httpClient(),
				UrlMasking.withoutUserInfo(this.transport.baseUri()),
				this.transport.authentication(), podPath, options));
	}

	private static boolean isGone(Throwable error) {
		return error instanceof ApiException api && api.code() == 410;
	}

	/** Client-wide defaults of the streaming verbs. */
	record StreamingDefaults(@Nullable Duration serverTimeout, dev.lightkube.internal.watch.WatchBackoff backoff,
			dev.lightkube.observation.WatchObserver watchObserver) {
	}

}
