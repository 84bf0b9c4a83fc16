package dev.lightkube.listener;

import dev.lightkube.ListOptions;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.Selector;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
import dev.lightkube.internal.watch.WatchSupervisor;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lists and watches through the {@link ReactiveKubeClient}. The container's supervisor sees every failure of the
 * watch and decides: resume (the client keeps the newest resource version), or raise a 410 to list again.
 */
final class ClientListWatchSource<T extends HasMetadata> implements ListWatchSource<T> {

	private static final int PAGE_SIZE = 500;

	private final ReactiveKubeClient client;

	private final ResourceType<T> type;

	private final ListOptions listOptions;

	private final WatchOptions watchOptions;

	ClientListWatchSource(ReactiveKubeClient client, ResourceType<T> type, @Nullable String namespace,
			@Nullable String labels, @Nullable String fields) {
		this.client = client;
		this.type = type;
		this.listOptions = ListOptions.defaults()
			.withNamespace(namespace)
			.withChunkSize(PAGE_SIZE)
			.withLabels(Selector.parse(labels))
			.withFields(Selector.parse(fields));
		this.watchOptions = WatchOptions.defaults()
			.withNamespace(namespace)
			.withLabels(this.listOptions.labels())
			.withFields(this.listOptions.fields());
	}

	@Override
	public Mono<Snapshot<T>> list() {
		return this.client.listAll(this.type, this.listOptions).map((list) -> new Snapshot<>(list.items(),
				(list.resourceVersion() != null) ? list.resourceVersion() : ""));
	}

	@Override
	public Flux<WatchEvent<T>> watch(String resourceVersion, WatchSupervisor supervisor) {
		return this.client.watch(this.type, this.watchOptions
			.withResourceVersion(resourceVersion.isEmpty() ? null : resourceVersion)
			.withOnError(supervisor));
	}

	@Override
	public String resource() {
		return this.type.plural();
	}

	@Override
	public Class<T> type() {
		return this.type.type();
	}

}
