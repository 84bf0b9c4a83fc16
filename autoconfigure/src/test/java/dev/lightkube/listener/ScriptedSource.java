package dev.lightkube.listener;

import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

	@Override
	public Flux<WatchEvent<ConfigMap>> watch(String resourceVersion) {
		this.watchedFrom.add(resourceVersion);
		Flux<WatchEvent<ConfigMap>> next = this.watches.poll();
		return (next != null) ? next : Flux.never();
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
