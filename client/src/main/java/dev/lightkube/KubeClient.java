package dev.lightkube;

import dev.lightkube.config.SingleConfig;
import dev.lightkube.internal.watch.WatchHandoff;
import dev.lightkube.resource.ResourceType;
import dev.lightkube.resource.SubResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The Kubernetes client, blocking: lightkube's {@code Client}. A thin facade that blocks on its
 * {@link ReactiveKubeClient}; every method behaves as the reactive one of the same name. Thread-safe; close it to
 * release its connections. Do not call it from a Reactor event-loop thread.
 *
 * <pre>{@code
 * try (KubeClient client = KubeClient.builder().fieldManager("me").build()) {
 *     Pod pod = client.get(Pod.class, "web-0");
 *     for (Deployment d : client.list(Deployment.class, ListOptions.inNamespace(KubeClient.ALL_NAMESPACES))) { ... }
 * }
 * }</pre>
 */
public final class KubeClient implements AutoCloseable {

	/** The namespace that means "every namespace" for list and watch (lightkube's {@code namespace='*'}). */
	public static final String ALL_NAMESPACES = ReactiveKubeClient.ALL_NAMESPACES;

	private static final int LOG_BATCH = 64;

	private final ReactiveKubeClient reactive;

	private final boolean ownsReactive;

	KubeClient(ReactiveKubeClient reactive, boolean ownsReactive) {
		this.reactive = reactive;
		this.ownsReactive = ownsReactive;
	}

	/** A builder for a client. */
	public static KubeClientBuilder builder() {
		return new KubeClientBuilder();
	}

	/**
	 * A blocking client over an existing reactive one, sharing its connection pool. Closing the blocking client
	 * leaves the reactive one open.
	 */
	public static KubeClient of(ReactiveKubeClient reactive) {
		return new KubeClient(Objects.requireNonNull(reactive, "reactive must not be null"), false);
	}

	/** The reactive core this client blocks on. */
	public ReactiveKubeClient reactive() {
		return this.reactive;
	}

	/** The configuration this client talks with. */
	public SingleConfig config() {
		return this.reactive.config();
	}

	/** The namespace used when a call names none. */
	public String namespace() {
		return this.reactive.namespace();
	}

	/** The client's field manager, or {@code null}. */
	public @Nullable String fieldManager() {
		return this.reactive.fieldManager();
	}

	/** See {@link ReactiveKubeClient#dryRun()}. */
	public boolean dryRun() {
		return this.reactive.dryRun();
	}

	/** See {@link ReactiveKubeClient#get(Class, String)}. */
	public <T extends HasMetadata> T get(Class<T> type, String name) {
		return block(this.reactive.get(type, name));
	}

	/** See {@link ReactiveKubeClient#get(Class, String, String)}. */
	public <T extends HasMetadata> T get(Class<T> type, String name, @Nullable String namespace) {
		return block(this.reactive.get(type, name, namespace));
	}

	/** See {@link ReactiveKubeClient#get(ResourceType, String, String)}. */
	public <T> T get(ResourceType<T> type, String name, @Nullable String namespace) {
		return block(this.reactive.get(type, name, namespace));
	}

	/** See {@link ReactiveKubeClient#get(ResourceType, String)}. */
	public <T> T get(ResourceType<T> type, String name) {
		return block(this.reactive.get(type, name));
	}

	/** See {@link ReactiveKubeClient#get(SubResource, String)}. */
	public <T> T get(SubResource<?, T> subresource, String name) {
		return block(this.reactive.get(subresource, name));
	}

	/** See {@link ReactiveKubeClient#get(SubResource, String, String)}. */
	public <T> T get(SubResource<?, T> subresource, String name, @Nullable String namespace) {
		return block(this.reactive.get(subresource, name, namespace));
	}

	/** See {@link ReactiveKubeClient#find(Class, String)}: empty when the object does not exist. */
	public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
		return this.reactive.find(type, name).blockOptional();
	}

	/** See {@link ReactiveKubeClient#find(Class, String, String)}: empty when the object does not exist. */
	public <T extends HasMetadata> Optional<T> find(Class<T> type, String name, @Nullable String namespace) {
		return this.reactive.find(type, name, namespace).blockOptional();
	}

	/** See {@link ReactiveKubeClient#find(ResourceType, String, String)}: empty when the object does not exist. */
	public <T> Optional<T> find(ResourceType<T> type, String name, @Nullable String namespace) {
		return this.reactive.find(type, name, namespace).blockOptional();
	}

	/** See {@link ReactiveKubeClient#list(Class)}; iterate to fetch. */
	public <T extends HasMetadata> ListIterable<T> list(Class<T> type) {
		return list(ResourceType.of(type), ListOptions.defaults());
	}

	/** See {@link ReactiveKubeClient#list(Class, ListOptions)}; iterate to fetch. */
	public <T extends HasMetadata> ListIterable<T> list(Class<T> type, ListOptions options) {
		return list(ResourceType.of(type), options);
	}

	/** See {@link ReactiveKubeClient#list(ResourceType, ListOptions)}; iterate to fetch. */
	public <T> ListIterable<T> list(ResourceType<T> type, ListOptions options) {
		// The iterating thread decodes the body as it arrives; the next page is asked for once it needs it.
		return this.reactive.listBlocking(type, options);
	}

	/** See {@link ReactiveKubeClient#listAll(Class, ListOptions)}. */
	public <T extends HasMetadata> ResourceList<T> listAll(Class<T> type, ListOptions options) {
		return listAll(ResourceType.of(type), options);
	}

	/**
	 * See {@link ReactiveKubeClient#listAll(ResourceType, ListOptions)}. The items are decoded on the calling thread
	 * as the body arrives, while the event loop goes on reading it.
	 */
	public <T> ResourceList<T> listAll(ResourceType<T> type, ListOptions options) {
		return this.reactive.listAllBlocking(type, options);
	}

	/** See {@link ReactiveKubeClient#create(HasMetadata)}. */
	public <T extends HasMetadata> T create(T object) {
		return block(this.reactive.create(object));
	}

	/** See {@link ReactiveKubeClient#create(HasMetadata, WriteOptions)}. */
	public <T extends HasMetadata> T create(T object, WriteOptions options) {
		return block(this.reactive.create(object, options));
	}

	/** See {@link ReactiveKubeClient#create(SubResource, String, Object, WriteOptions)}. */
	public <T> T create(SubResource<?, T> subresource, String name, T object, WriteOptions options) {
		return block(this.reactive.create(subresource, name, object, options));
	}

	/** See {@link ReactiveKubeClient#replace(HasMetadata)}. */
	public <T extends HasMetadata> T replace(T object) {
		return block(this.reactive.replace(object));
	}

	/** See {@link ReactiveKubeClient#replace(HasMetadata, WriteOptions)}. */
	public <T extends HasMetadata> T replace(T object, WriteOptions options) {
		return block(this.reactive.replace(object, options));
	}

	/** See {@link ReactiveKubeClient#replace(SubResource, String, Object, WriteOptions)}. */
	public <T> T replace(SubResource<?, T> subresource, String name, T object, WriteOptions options) {
		return block(this.reactive.replace(subresource, name, object, options));
	}

	/** See {@link ReactiveKubeClient#apply(HasMetadata)}. */
	public <T extends HasMetadata> T apply(T object) {
		return block(this.reactive.apply(object));
	}

	/** See {@link ReactiveKubeClient#apply(HasMetadata, WriteOptions)}. */
	public <T extends HasMetadata> T apply(T object, WriteOptions options) {
		return block(this.reactive.apply(object, options));
	}

	/** See {@link ReactiveKubeClient#apply(SubResource, String, Object, WriteOptions)}. */
	public <T> T apply(SubResource<?, T> subresource, String name, T object, WriteOptions options) {
		return block(this.reactive.apply(subresource, name, object, options));
	}

	/** See {@link ReactiveKubeClient#patch(Class, String, Object)}. */
	public <T extends HasMetadata> T patch(Class<T> type, String name, Object body) {
		return block(this.reactive.patch(type, name, body));
	}

	/** See {@link ReactiveKubeClient#patch(Class, String, Object, PatchOptions)}. */
	public <T extends HasMetadata> T patch(Class<T> type, String name, Object body, PatchOptions options) {
		return block(this.reactive.patch(type, name, body, options));
	}

	/** See {@link ReactiveKubeClient#patch(ResourceType, String, Object, PatchOptions)}. */
	public <T> T patch(ResourceType<T> type, String name, Object body, PatchOptions options) {
		return block(this.reactive.patch(type, name, body, options));
	}

	/** See {@link ReactiveKubeClient#patch(SubResource, String, Object, PatchOptions)}. */
	public <T> T patch(SubResource<?, T> subresource, String name, Object body, PatchOptions options) {
		return block(this.reactive.patch(subresource, name, body, options));
	}

	/** See {@link ReactiveKubeClient#delete(Class, String)}. */
	public <T extends HasMetadata> DeleteResult<T> delete(Class<T> type, String name) {
		return block(this.reactive.delete(type, name));
	}

	/** See {@link ReactiveKubeClient#delete(Class, String, DeleteOptions)}. */
	public <T extends HasMetadata> DeleteResult<T> delete(Class<T> type, String name, DeleteOptions options) {
		return block(this.reactive.delete(type, name, options));
	}

	/** See {@link ReactiveKubeClient#delete(ResourceType, String, DeleteOptions)}. */
	public <T> DeleteResult<T> delete(ResourceType<T> type, String name, DeleteOptions options) {
		return block(this.reactive.delete(type, name, options));
	}

	/** See {@link ReactiveKubeClient#deletecollection(Class, DeleteOptions)}. */
	public <T extends HasMetadata> DeleteResult<List<T>> deletecollection(Class<T> type, DeleteOptions options) {
		return block(this.reactive.deletecollection(type, options));
	}

	/** See {@link ReactiveKubeClient#deletecollection(ResourceType, DeleteOptions)}. */
	public <T> DeleteResult<List<T>> deletecollection(ResourceType<T> type, DeleteOptions options) {
		return block(this.reactive.deletecollection(type, options));
	}

	/** See {@link ReactiveKubeClient#set(Class, String, Map, Map)}. */
	public <T extends HasMetadata> T set(Class<T> type, String name,
			@Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations) {
		return block(this.reactive.set(type, name, labels, annotations));
	}

	/** See {@link ReactiveKubeClient#set(Class, String, Map, Map, WriteOptions)}. */
	public <T extends HasMetadata> T set(Class<T> type, String name,
			@Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations, WriteOptions options) {
		return block(this.reactive.set(type, name, labels, annotations, options));
	}

	/** See {@link ReactiveKubeClient#set(ResourceType, String, Map, Map, WriteOptions)}. */
	public <T> T set(ResourceType<T> type, String name, @Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations, WriteOptions options) {
		return block(this.reactive.set(type, name, labels, annotations, options));
	}

	/** See {@link ReactiveKubeClient#set(Class, String, MetadataChanges)}. */
	public <T extends HasMetadata> T set(Class<T> type, String name, MetadataChanges changes) {
		return block(this.reactive.set(type, name, changes));
	}

	/** See {@link ReactiveKubeClient#set(Class, String, MetadataChanges, WriteOptions)}. */
	public <T extends HasMetadata> T set(Class<T> type, String name, MetadataChanges changes, WriteOptions options) {
		return block(this.reactive.set(type, name, changes, options));
	}

	/** See {@link ReactiveKubeClient#set(ResourceType, String, MetadataChanges, WriteOptions)}. */
	public <T> T set(ResourceType<T> type, String name, MetadataChanges changes, WriteOptions options) {
		return block(this.reactive.set(type, name, changes, options));
	}

	/** See {@link ReactiveKubeClient#log(String)}; close the stream to stop reading. */
	public Stream<String> log(String name) {
		return log(name, LogOptions.defaults());
	}

	/** See {@link ReactiveKubeClient#log(String, LogOptions)}; close the stream to stop following. */
	public Stream<String> log(String name, LogOptions options) {
		return this.reactive.log(name, options).toStream(LOG_BATCH);
	}

	private static <T> T block(Mono<T> mono) {
		T value = mono.block();
		if (value == null) {
			throw new KubeException("The API server sent an empty answer");
		}
		return value;
	}

	/** See {@link ReactiveKubeClient#getRaw(String)}. */
	public String getRaw(String path) {
		return block(this.reactive.getRaw(path));
	}

	/** See {@link ReactiveKubeClient#watch(Class)}; close the stream to stop watching. */
	public <T extends HasMetadata> WatchStream<T> watch(Class<T> type) {
		return watch(ResourceType.of(type), WatchOptions.defaults());
	}

	/** See {@link ReactiveKubeClient#watch(Class, WatchOptions)}; close the stream to stop watching. */
	public <T extends HasMetadata> WatchStream<T> watch(Class<T> type, WatchOptions options) {
		return watch(ResourceType.of(type), options);
	}

	/** See {@link ReactiveKubeClient#watch(ResourceType, WatchOptions)}; close the stream to stop watching. */
	public <T extends HasMetadata> WatchStream<T> watch(ResourceType<T> type, WatchOptions options) {
		return new WatchStream<>(WatchHandoff.stream(this.reactive.watch(type, options)));
	}

	/** See {@link ReactiveKubeClient#waitFor(Class, String, WaitOptions)}. */
	public <T extends HasMetadata> T waitFor(Class<T> type, String name, WaitOptions options) {
		return block(this.reactive.waitFor(type, name, options));
	}

	/** See {@link ReactiveKubeClient#waitFor(ResourceType, String, WaitOptions)}. */
	public <T extends HasMetadata> T waitFor(ResourceType<T> type, String name, WaitOptions options) {
		return block(this.reactive.waitFor(type, name, options));
	}

	/** See {@link ReactiveKubeClient#exec(String, ExecOptions)}. */
	public ExecResponse exec(String name, ExecOptions options) {
		return block(this.reactive.exec(name, options));
	}

	/** Releases the connections (unless this client was made with {@link #of(ReactiveKubeClient)}). */
	@Override
	public void close() {
		if (this.ownsReactive) {
			this.reactive.close();
		}
	}

	@Override
	public String toString() {
		return "KubeClient[" + this.reactive + "]";
	}

}
