package dev.lightkube.listener;

import dev.lightkube.WatchErrorAction;
import dev.lightkube.WatchEvent;
import dev.lightkube.internal.watch.WatchSupervisor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** A list/watch source whose answers a test scripts in advance, recording the resource versions asked for. */
class ScriptedSource implements ListWatchSource<ConfigMap> {

	final BlockingQueue<Mono<Snapshot<ConfigMap>>> lists = new LinkedBlockingQueue<>();

	final BlockingQueue<Flux<WatchEvent<ConfigMap>>> watches = new LinkedBlockingQueue<>();

	final List<String> watchedFrom = Collections.synchronizedList(new ArrayList<>());

	int listCalls;

	@Override
	public synchronized Mono<Snapshot<ConfigMap>> list() {
		this.listCalls++;
		Mono<Snapshot<ConfigMap>> next = this.lists.poll();
		return (next != null) ? next : Mono.never();
	}

	/**
	 * Plays the scripted streams as the client's watch engine would for a supervisor: each stream starts from the
	 * newest version seen, a failure goes to the supervisor, which says retry (after its delay) or raise.
	 */
	@Override
	public Flux<WatchEvent<ConfigMap>> watch(String resourceVersion, WatchSupervisor supervisor) {
		AtomicReference<String> from = new AtomicReference<>(resourceVersion);
		AtomicInteger attempt = new AtomicInteger();
		return Flux.defer(() -> {
			this.watchedFrom.add(from.get());
			Flux<WatchEvent<ConfigMap>> next = this.watches.poll();
			return (next != null) ? next : Flux.<WatchEvent<ConfigMap>>never();
		}).doOnNext((event) -> {
			from.set(event.object().getMetadata().getResourceVersion());
			supervisor.progressed();
		}).retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
			WatchErrorAction action = supervisor.onError(signal.failure(), attempt.incrementAndGet());
			if (action.kind() != WatchErrorAction.Kind.RETRY) {
				return Mono.error(signal.failure());
			}
			return Mono.delay((action.delay() != null) ? action.delay() : Duration.ZERO);
		})));
	}

	@Override
	public String resource() {
		return "configmaps";
	}

	@Override
	public Class<ConfigMap> type() {
		return ConfigMap.class;
	}

	void list(String resourceVersion, ConfigMap... items) {
		this.lists.add(Mono.just(new Snapshot<>(List.of(items), resourceVersion)));
	}

	@SafeVarargs
	final void watch(Flux<WatchEvent<ConfigMap>>... streams) {
		this.watches.addAll(List.of(streams));
	}

	static ConfigMap configMap(String name, String resourceVersion) {
		return new ConfigMapBuilder().withNewMetadata()
			.withNamespace("default")
			.withName(name)
			.withResourceVersion(resourceVersion)
			.endMetadata()
			.build();
	}

}
