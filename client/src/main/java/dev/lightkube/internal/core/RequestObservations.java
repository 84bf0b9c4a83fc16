package dev.lightkube.internal.core;

import dev.lightkube.ApiException;
import dev.lightkube.observation.DefaultKubeRequestObservationConvention;
import dev.lightkube.observation.KubeRequestObservationContext;
import dev.lightkube.observation.KubeRequestObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Observes each request as {@code kube.client.requests}: one observation per call (retries included), tagged from
 * the request's verb and path, stopped when the answer ends, fails or is cancelled. Costs nothing with the no-op
 * registry.
 */
public final class RequestObservations {

	/** Observes nothing. */
	public static final RequestObservations NONE = new RequestObservations(ObservationRegistry.NOOP, null);

	/** The {@code resource} of a request whose path is not an API resource path (such as {@code getRaw("/version")}). */
	public static final String RAW_RESOURCE = "raw";

	private static final KubeRequestObservationConvention DEFAULT_CONVENTION = new DefaultKubeRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable KubeRequestObservationConvention convention;

	public RequestObservations(ObservationRegistry registry, @Nullable KubeRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/**
	 * Wraps the exchange of one request. The observation's parent is the one in the subscriber's Reactor context (a
	 * WebFlux request's, say), else the current one of the thread.
	 * @param request the request
	 * @param streaming whether the answer is a long stream (watch, followed log, lazy list): its observation ends
	 *     at a successful answer's headers, as client-go's request latency does, so that minutes of streaming do not
	 *     count as request time (an exec's at its handshake's 101)
	 * @param exchange makes the exchange, given where to report the HTTP status of each answer and the headers to
	 *     send for trace propagation
	 */
	<T> Flux<T> observe(KubeRequest<?> request, boolean streaming,
			BiFunction<IntConsumer, Map<String, String>, Flux<T>> exchange) {
		if (this.registry.isNoop()) {
			return exchange.apply((status) -> {
			}, Map.of());
		}
		return Flux.deferContextual((reactorContext) -> {
			KubeRequestObservationContext context = context(request);
			Observation parent = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY,
					this.registry.getCurrentObservation());
			Observation observation = Observation
				.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
				.parentObservation(parent)
				.start();
			AtomicBoolean stopped = new AtomicBoolean();
			Runnable stop = () -> {
				if (stopped.compareAndSet(false, true)) {
					observation.stop();
				}
			};
			IntConsumer status = (code) -> {
				context.setStatusCode(code);
				// 101: an exec handshake was answered by switching to WebSocket, the stream's start.
				if (streaming && (code == 101 || (code >= 200 && code < 300))) {
					stop.run();
				}
			};
			Map<String, String> propagation = (context.getCarrier() != null) ? context.getCarrier() : Map.of();
			return exchange.apply(status, propagation).doOnError((error) -> {
				if (stopped.get()) {
					// A stream that broke after its answer: the request itself succeeded.
					return;
				}
				if (error instanceof ApiException api) {
					context.setStatusCode(api.code());
				}
				observation.error(error);
			})
				// Stopped before the answer reaches the caller, so a caller that reads the metrics sees it.
				.doOnTerminate(stop)
				.doOnCancel(stop)
				.contextWrite((downstream) -> downstream.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	/** The verb and the resource a path addresses: {@code /api/v1/namespaces/ns/pods/name/status} and the like. */
	static KubeRequestObservationContext context(KubeRequest<?> request) {
		String[] parts = request.path().split("/");
		// parts[0] is empty: the path starts with '/'.
		int index;
		String group;
		if (parts.length > 2 && "api".equals(parts[1])) {
			group = "";
			index = 2;
		}
		else if (parts.length > 3 && "apis".equals(parts[1])) {
			group = parts[2];
			index = 3;
		}
		else {
			// Any other path (getRaw: /version, /readyz, /apis/<group>, ...): a fixed tag, as the path is unbounded.
			return new KubeRequestObservationContext(request.verb(), "", "", RAW_RESOURCE, null, null, null);
		}
		String version = parts[index++];
		String namespace = null;
		if (parts.length > index + 2 && "namespaces".equals(parts[index])) {
			namespace = parts[index + 1];
			index += 2;
		}
		// A path that stops at the version is discovery.
		String resource = (parts.length > index) ? parts[index++] : "discovery";
		String name = (parts.length > index) ? parts[index++] : null;
		String subresource = (parts.length > index) ? parts[index] : null;
		return new KubeRequestObservationContext(request.verb(), group, version, resource, subresource, namespace,
				name);
	}

}
