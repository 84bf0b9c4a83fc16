package dev.lightkube;

import dev.lightkube.config.SingleConfig;
import dev.lightkube.internal.core.ClientContext;
import dev.lightkube.internal.core.KindCheck;
import dev.lightkube.internal.core.KubeJson;
import dev.lightkube.internal.core.BlockingList;
import dev.lightkube.internal.core.KubeRequest;
import dev.lightkube.internal.core.ListDecoder;
import dev.lightkube.internal.core.ListElement;
import dev.lightkube.internal.core.ListPages;
import dev.lightkube.internal.core.RequestObservations;
import dev.lightkube.internal.core.RequestSender;
import dev.lightkube.internal.core.Requests;
import dev.lightkube.internal.core.Requests.Query;
import dev.lightkube.internal.core.ResponseLimits;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.retry.FailurePolicy;
import dev.lightkube.internal.http.UrlMasking;
import dev.lightkube.resource.ResourceRegistry;
import dev.lightkube.resource.ResourceType;
import dev.lightkube.resource.SubResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Kubernetes client, reactive: lightkube's {@code AsyncClient} with {@link Mono} and {@link Flux}. The one core;
 * {@link KubeClient} blocks on it. Nothing is sent until a returned publisher is subscribed to. Thread-safe; close
 * it to release its connections.
 *
 * <p>Namespaces follow lightkube's rules: the call's namespace, then (for create, replace and apply) the object's
 * {@code metadata.namespace}, then the client's, then the configuration's context. {@link #ALL_NAMESPACES} lists
 * across all namespaces.
 */
public final class ReactiveKubeClient implements AutoCloseable {

	/** The namespace that means "every namespace" for list (and watch). */
	public static final String ALL_NAMESPACES = Requests.ALL_NAMESPACES;

	private static final int MAX_LIST_RESTARTS = 3;

	private static final ResolvableType STRING = ResolvableType.forClass(String.class);

	private final KubeTransport transport;

	private final String namespace;

	private final @Nullable String fieldManager;

	private final boolean dryRun;

	private final boolean lazy;

	private final ResourceRegistry registry;

	private final int maxRetries;

	private final RequestObservations observations;

	private final StreamingVerbs.StreamingDefaults streamingDefaults;

	private final ResponseLimits limits;

	// The request sender and the streaming verbs are built on first use, not with the client: a client built at
	// start-up (a Spring bean) and used later does not load, link and verify them (and the Jackson, Reactor and
	// Netty types their verification loads) until it sends. Built once; guarded by this.
	private volatile @Nullable Core core;

	ReactiveKubeClient(KubeTransport transport, String namespace, @Nullable String fieldManager, boolean dryRun,
			boolean lazy, int maxRetries, ResourceRegistry registry, RequestObservations observations,
			StreamingVerbs.StreamingDefaults streaming) {
		this(transport, namespace, fieldManager, dryRun, lazy, maxRetries, registry, observations, streaming,
				ResponseLimits.DEFAULT);
	}

	ReactiveKubeClient(KubeTransport transport, String namespace, @Nullable String fieldManager, boolean dryRun,
			boolean lazy, int maxRetries, ResourceRegistry registry, RequestObservations observations,
			StreamingVerbs.StreamingDefaults streaming, ResponseLimits limits) {
		// What the request sender and the client context check when they are built, checked now: a client that
		// builds fails at once, never on its first request.
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
		}
		this.transport = Objects.requireNonNull(transport, "transport must not be null");
		this.namespace = Objects.requireNonNull(namespace, "namespace must not be null");
		this.fieldManager = fieldManager;
		this.dryRun = dryRun;
		this.lazy = lazy;
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		this.maxRetries = maxRetries;
		this.observations = Objects.requireNonNull(observations, "observations must not be null");
		this.streamingDefaults = Objects.requireNonNull(streaming, "streaming must not be null");
		this.limits = Objects.requireNonNull(limits, "limits must not be null");
	}

	/** What the verbs share, built on first use. */
	record Core(ClientContext context, StreamingVerbs streaming) {
	}

	// Package-private: a test checks that concurrent first requests share one.
	Core core() {
		Core built = this.core;
		if (built != null) {
			return built;
		}
		synchronized (this) {
			if (this.core == null) {
				ClientContext context = new ClientContext(
						new RequestSender(this.transport, this.maxRetries, this.observations, this.limits),
						this.namespace, this.fieldManager, this.dryRun, this.lazy, this.registry);
				this.core = new Core(context, new StreamingVerbs(this.transport, context, this.streamingDefaults));
			}
			return this.core;
		}
	}

	private ClientContext context() {
		return core().context();
	}

	/** Whether the request sender has been built (it is on the first request); for tests. */
	boolean started() {
		return this.core != null;
	}

	/** A builder for a client; {@link KubeClientBuilder#buildReactive()} makes a reactive one. */
	public static KubeClientBuilder builder() {
		return new KubeClientBuilder();
	}

	/** The configuration this client talks with. */
	public SingleConfig config() {
		return this.transport.config();
	}

	/** The namespace used when a call names none. */
	public String namespace() {
		return this.namespace;
	}

	/** The client's field manager, or {@code null}. */
	public @Nullable String fieldManager() {
		return this.fieldManager;
	}

	/**
	 * Whether every create, replace, patch, apply and set is a server-side dry run (a call cannot turn it off);
	 * deletes are not, as in lightkube.
	 */
	public boolean dryRun() {
		return this.dryRun;
	}

	/** Whether lists hand out items while the body is still being decoded. */
	public boolean lazy() {
		return this.lazy;
	}

	// get

	/** Lightkube {@code get(res, name)}: the object, in the client's namespace when namespaced. */
	public <T extends HasMetadata> Mono<T> get(Class<T> type, String name) {
		return get(ResourceType.of(type), name, null);
	}

	/** Lightkube {@code get(res, name, namespace=...)}. */
	public <T extends HasMetadata> Mono<T> get(Class<T> type, String name, @Nullable String namespace) {
		return get(ResourceType.of(type), name, namespace);
	}

	/**
	 * {@code get} of any kind, also generic ones. An answer of another kind (or {@code null}) fails with a
	 * {@link KubeException} naming the expected and the actual kind.
	 */
	public <T> Mono<T> get(ResourceType<T> type, String name, @Nullable String namespace) {
		requireName(name);
		String ns = context().namespace(type, namespace, null, false);
		KubeRequest<T> request = Requests.of("get", HttpMethod.GET, Requests.path(type, ns, name, null), new Query(),
				type.type());
		return send(request, type).map((object) -> KindCheck.check(object, type.kind(), "get " + request.path()));
	}

	/** {@code get} of any kind, in the client's namespace when namespaced. */
	public <T> Mono<T> get(ResourceType<T> type, String name) {
		return get(type, name, null);
	}

	/** {@code get} of a sub-resource in the client's namespace, such as {@code SubResource.scale(Deployment.class)}. */
	public <T> Mono<T> get(SubResource<?, T> subresource, String name) {
		return get(subresource, name, null);
	}

	/** {@code get} of a sub-resource, such as {@code SubResource.scale(Deployment.class)}. */
	public <T> Mono<T> get(SubResource<?, T> subresource, String name, @Nullable String namespace) {
		requireName(name);
		String ns = context().namespace(subresource.parent(), namespace, null, false);
		return send(Requests.of("get", HttpMethod.GET, Requests.path(subresource.parent(), ns, name, subresource.name()),
				new Query(), subresource.body().type()), subresource.body());
	}

	// find

	/** Like {@link #get(Class, String)}, but empty instead of failing when the object does not exist. */
	public <T extends HasMetadata> Mono<T> find(Class<T> type, String name) {
		return find(ResourceType.of(type), name, null);
	}

	/** Like {@link #get(Class, String, String)}, but empty instead of failing when the object does not exist. */
	public <T extends HasMetadata> Mono<T> find(Class<T> type, String name, @Nullable String namespace) {
		return find(ResourceType.of(type), name, namespace);
	}

	/**
	 * Like {@link #get(ResourceType, String, String)}, but empty when the object does not exist: a {@code 404} whose
	 * {@code Status} names the object. A 404 for the kind itself (a CRD not installed, a wrong group or version) still
	 * fails, so "absent" is never a typo in disguise.
	 */
	public <T> Mono<T> find(ResourceType<T> type, String name, @Nullable String namespace) {
		return get(type, name, namespace).onErrorResume(
				(error) -> error instanceof ApiException api && isObjectNotFound(api, name), (error) -> Mono.empty());
	}

	private static boolean isObjectNotFound(ApiException error, String name) {
		Status status = error.status();
		return error.code() == 404 && status.getDetails() != null && name.equals(status.getDetails().getName());
	}

	// list

	/** Lightkube {@code list(res)}: every object in the client's namespace (or cluster). */
	public <T extends HasMetadata> Flux<T> list(Class<T> type) {
		return list(ResourceType.of(type), ListOptions.defaults());
	}

	/** Lightkube {@code list(res, namespace=..., chunk_size=..., labels=..., fields=...)}. */
	public <T extends HasMetadata> Flux<T> list(Class<T> type, ListOptions options) {
		return list(ResourceType.of(type), options);
	}

	/**
	 * The items of a list. With a lazy client each item is handed out as soon as it is decoded and pages are fetched
	 * as demand reaches them; an expired continue token (410) then fails the flux rather than joining two snapshots.
	 * Without lazy the whole list is decoded first, and an expired continue token restarts it from the beginning.
	 * An answer that is no list of this kind (a {@code Status}, {@code items} that is no array of objects, an item of
	 * another kind) or an item larger than the client's {@code maxResponseSize} fails with a {@link KubeException}.
	 */
	public <T> Flux<T> list(ResourceType<T> type, ListOptions options) {
		return listElements(type, options).handle((element, sink) -> {
			if (element instanceof ListElement.Item<T> item) {
				sink.next(item.item());
			}
		});
	}

	/** The whole list and its resource version; an expired continue token restarts it from the beginning. */
	public <T extends HasMetadata> Mono<ResourceList<T>> listAll(Class<T> type, ListOptions options) {
		return listAll(ResourceType.of(type), options);
	}

	/** The whole list and its resource version; an expired continue token restarts it from the beginning. */
	public <T> Mono<ResourceList<T>> listAll(ResourceType<T> type, ListOptions options) {
		return wholeList(type, options).map((elements) -> resourceList(elements.iterator()));
	}

	private <T> Flux<ListElement<T>> listElements(ResourceType<T> type, ListOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		if (this.lazy) {
			return pages(type, listRequest(type, options), false);
		}
		return wholeList(type, options).flatMapIterable((elements) -> elements);
	}

	/**
	 * {@link #list(ResourceType, ListOptions)} for a thread that iterates it (the blocking client): each iteration
	 * reads the list again, on the iterating thread ({@link ListPages}: the event loop only hands the bytes over).
	 * With a lazy client pages are read as the iteration reaches them; without, the whole list is read first, as
	 * {@link #listAllBlocking} does.
	 */
	<T> BlockingList<T> listBlocking(ResourceType<T> type, ListOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		if (this.lazy) {
			KubeRequest<T> request = listRequest(type, options);
			return new BlockingList<>(() -> listPages(type, request, false));
		}
		return new BlockingList<>(() -> wholeListBlocking(type, options).iterator());
	}

	/**
	 * {@link #listAll(ResourceType, ListOptions)} for a thread that waits for it (the blocking client): this thread
	 * decodes the body with one parser as it arrives while the event loop goes on receiving it, instead of the event
	 * loop doing both. Same pages, limits, deadline and restarts (an expired continue token lists again from the
	 * beginning, at most {@value #MAX_LIST_RESTARTS} times).
	 */
	<T> ResourceList<T> listAllBlocking(ResourceType<T> type, ListOptions options) {
		return resourceList(wholeListBlocking(type, options).iterator());
	}

	private <T> List<ListElement<T>> wholeListBlocking(ResourceType<T> type, ListOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		KubeRequest<T> request = listRequest(type, options);
		for (int restart = 0;; restart++) {
			try (ListPages<T> pages = listPages(type, request, true)) {
				List<ListElement<T>> elements = new ArrayList<>();
				pages.forEachRemaining(elements::add);
				return elements;
			}
			catch (RuntimeException ex) {
				// A page's continue token expired: discard the pages read and list again, never joining two snapshots.
				if (restart >= MAX_LIST_RESTARTS || !FailurePolicy.isGone(ex)) {
					throw ex;
				}
			}
		}
	}

	/** The items and the resource version of the first page. */
	private static <T> ResourceList<T> resourceList(Iterator<ListElement<T>> elements) {
		List<T> items = new ArrayList<>();
		String resourceVersion = null;
		while (elements.hasNext()) {
			ListElement<T> element = elements.next();
			if (element instanceof ListElement.Item<T> item) {
				items.add(item.item());
			}
			else if (element instanceof ListElement.Meta<T> meta && resourceVersion == null) {
				resourceVersion = meta.metadata().getResourceVersion();
			}
		}
		return new ResourceList<>(items, resourceVersion);
	}

	private <T> Mono<List<ListElement<T>>> wholeList(ResourceType<T> type, ListOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		KubeRequest<T> request = listRequest(type, options);
		// An expired continue token: discard the pages read and list again, never joining two snapshots.
		return Flux.defer(() -> pages(type, request, true))
			.collectList()
			.retryWhen(Retry.max(MAX_LIST_RESTARTS)
				.filter(FailurePolicy::isGone)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	private <T> KubeRequest<T> listRequest(ResourceType<T> type, ListOptions options) {
		String ns = context().namespace(type, options.namespace(), null, true);
		Query query = new Query().add("limit", options.chunkSize())
			.addIf(!options.labels().isEmpty(), "labelSelector", options.labels().toQuery())
			.addIf(!options.fields().isEmpty(), "fieldSelector", options.fields().toFieldQuery());
		return Requests.of("list", HttpMethod.GET, Requests.path(type, ns, null, null), query, type.type());
	}

	/**
	 * Every page of a list, one after the other, as one flat flux: a generator hands out the request of the next
	 * page once the previous one is read, and a single concatMap plays them in turn. Cost and stack depth stay the
	 * same for every page, however many there are.
	 */
	private <T> Flux<ListElement<T>> pages(ResourceType<T> type, KubeRequest<T> request, boolean whole) {
		return Flux.defer(() -> {
			// The continue token of the page read last; null before the first page.
			AtomicReference<@Nullable String> next = new AtomicReference<>();
			Flux<Flux<ListElement<T>>> pageRequests = Flux.generate(() -> Boolean.TRUE, (first, sink) -> {
				String token = next.getAndSet(null);
				if (!first && (token == null || token.isEmpty())) {
					sink.complete();
				}
				else {
					sink.next(page(type, request.withQuery("continue", first ? null : token), next, whole));
				}
				return Boolean.FALSE;
			});
			// Without prefetch, the next page is generated only when the previous one has ended.
			return pageRequests.concatMap((page) -> page, 0);
		});
	}

	/** One page, decoded on the event loop. */
	private <T> Flux<ListElement<T>> page(ResourceType<T> type, KubeRequest<T> page,
			AtomicReference<@Nullable String> next, boolean whole) {
		// Sent only when the consumer asks for an element beyond the previous page: the source of the request is a
		// single value that is emitted on demand (hidden from Reactor's shortcut that would map it at once).
		return Mono.just(page).hide().flatMapMany((request) -> ListDecoder
			.decode(pageBody(request, whole), type.type(), fixer(type), "list " + request.path(), type.kind(),
					context().sender().limits().maxBytes())
			.doOnNext((element) -> {
				if (element instanceof ListElement.Meta<T> meta) {
					next.set(meta.metadata().getContinue());
				}
			}));
	}

	/** Every page of a list, read on the calling thread (the blocking client). */
	private <T> ListPages<T> listPages(ResourceType<T> type, KubeRequest<T> request, boolean whole) {
		return new ListPages<>((token) -> pageBody(request.withQuery("continue", token), whole), type.type(),
				fixer(type), "list " + request.path(), type.kind(), context().sender().limits().maxBytes());
	}

	/**
	 * The body of one page. A page of a whole list ({@code listAll}, a client that is not lazy) is read as fast as
	 * it comes, so it has the response deadline of every non-streaming request (a server that drips bytes cannot
	 * hold it forever); a lazy list goes at the consumer's pace and has only the read timeout, which counts while the
	 * consumer waits.
	 */
	private Flux<DataBuffer> pageBody(KubeRequest<?> page, boolean whole) {
		Flux<DataBuffer> body = context().sender().stream(page, this.transport.readTimeout());
		if (!whole) {
			return body;
		}
		Duration deadline = context().sender().limits().deadline();
		return body.takeUntilOther(Mono.delay(deadline).then(Mono.error(() -> new KubeException("No complete page of list "
				+ page.path() + " within the response deadline of " + deadline + "; " + ResponseLimits.RAISE_DEADLINE))));
	}

	// create

	/** Lightkube {@code create(obj)}: creates the object in its namespace (else the client's). */
	public <T extends HasMetadata> Mono<T> create(T object) {
		return create(object, WriteOptions.defaults());
	}

	/** Lightkube {@code create(obj, namespace=..., field_manager=..., dry_run=...)}. */
	public <T extends HasMetadata> Mono<T> create(T object, WriteOptions options) {
		return write("create", HttpMethod.POST, object, null, options);
	}

	/** {@code create} of a sub-resource with the parent's name, such as {@code SubResource.eviction()}. */
	public <T> Mono<T> create(SubResource<?, T> subresource, String name, T object, WriteOptions options) {
		return write("create", HttpMethod.POST, subresource, name, object, options);
	}

	// replace

	/** Lightkube {@code replace(obj)}: replaces the object named by {@code obj.metadata.name}. */
	public <T extends HasMetadata> Mono<T> replace(T object) {
		return replace(object, WriteOptions.defaults());
	}

	/** Lightkube {@code replace(obj, namespace=..., field_manager=..., dry_run=...)}. */
	public <T extends HasMetadata> Mono<T> replace(T object, WriteOptions options) {
		return write("replace", HttpMethod.PUT, object, nameOf(object, "replace"), options);
	}

	/** {@code replace} of a sub-resource with the parent's name, such as {@code SubResource.status(Deployment.class)}. */
	public <T> Mono<T> replace(SubResource<?, T> subresource, String name, T object, WriteOptions options) {
		return write("replace", HttpMethod.PUT, subresource, name, object, options);
	}

	private <T extends HasMetadata> Mono<T> write(String verb, HttpMethod method, T object, @Nullable String name,
			WriteOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		ResourceType<T> type = typeOf(object);
		String ns = context().namespace(type, options.namespace(), object, false);
		return send(Requests.withBody(verb, method, Requests.path(type, ns, name, null), writeQuery(options, verb),
				object, null, type.type()), type);
	}

	private <T> Mono<T> write(String verb, HttpMethod method, SubResource<?, T> subresource, String name, T object,
			WriteOptions options) {
		requireName(name);
		Objects.requireNonNull(object, "object must not be null");
		Objects.requireNonNull(options, "options must not be null");
		String ns = context().namespace(subresource.parent(), options.namespace(), object, false);
		return send(Requests.withBody(verb, method, Requests.path(subresource.parent(), ns, name, subresource.name()),
				writeQuery(options, verb), object, null, subresource.body().type()), subresource.body());
	}

	// apply

	/** Lightkube {@code apply(obj)}: server-side apply with the client's field manager. */
	public <T extends HasMetadata> Mono<T> apply(T object) {
		return apply(object, WriteOptions.defaults());
	}

	/**
	 * Lightkube {@code apply(obj, field_manager=..., force=..., dry_run=...)}.
	 * @throws IllegalArgumentException when neither the call nor the client has a field manager
	 */
	public <T extends HasMetadata> Mono<T> apply(T object, WriteOptions options) {
		ResourceType<T> type = typeOf(object);
		String name = nameOf(object, "apply");
		return patch(type, name, object, applyOptions(type, object, options));
	}

	/** {@code apply} to a sub-resource with the parent's name. */
	public <T> Mono<T> apply(SubResource<?, T> subresource, String name, T object, WriteOptions options) {
		Objects.requireNonNull(object, "object must not be null");
		return patch(subresource, name, object, applyOptions(subresource.parent(), object, options));
	}

	private PatchOptions applyOptions(ResourceType<?> type, Object object, WriteOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		String ns = context().namespace(type, options.namespace(), object, false);
		return PatchOptions.of(PatchType.APPLY)
			.withNamespace(ns)
			.withFieldManager(options.fieldManager())
			.withForce(options.force())
			.withDryRun(options.dryRun());
	}

	// patch

	/** Lightkube {@code patch(res, name, obj)}: a strategic merge patch; the body is an object, a Map or a List. */
	public <T extends HasMetadata> Mono<T> patch(Class<T> type, String name, Object body) {
		return patch(ResourceType.of(type), name, body, PatchOptions.defaults());
	}

	/** Lightkube {@code patch(res, name, obj, namespace=..., patch_type=..., field_manager=..., force=..., dry_run=...)}. */
	public <T extends HasMetadata> Mono<T> patch(Class<T> type, String name, Object body, PatchOptions options) {
		return patch(ResourceType.of(type), name, body, options);
	}

	/** {@code patch} of any kind, also generic ones. */
	public <T> Mono<T> patch(ResourceType<T> type, String name, Object body, PatchOptions options) {
		requireName(name);
		Objects.requireNonNull(options, "options must not be null");
		String ns = context().namespace(type, options.namespace(), null, false);
		return send(patchRequest(Requests.path(type, ns, name, null), body, options, type.type()), type);
	}

	/** {@code patch} of a sub-resource with the parent's name, such as {@code SubResource.scale(Deployment.class)}. */
	public <T> Mono<T> patch(SubResource<?, T> subresource, String name, Object body, PatchOptions options) {
		requireName(name);
		Objects.requireNonNull(options, "options must not be null");
		String ns = context().namespace(subresource.parent(), options.namespace(), null, false);
		return send(patchRequest(Requests.path(subresource.parent(), ns, name, subresource.name()), body, options,
				subresource.body().type()), subresource.body());
	}

	private <T> KubeRequest<T> patchRequest(String path, Object body, PatchOptions options, Class<T> responseType) {
		Objects.requireNonNull(body, "patch body must not be null");
		if (body instanceof CharSequence || body instanceof byte[]) {
			throw new IllegalArgumentException("patch body must be an object, a Map or a List, not text");
		}
		PatchType patchType = options.patchType();
		if (patchType == PatchType.JSON && !(body instanceof List<?>) && !(body instanceof Object[])
				&& !(body instanceof JsonNode node && node.isArray())) {
			throw new IllegalArgumentException("a JSON patch body must be a list of operations, got "
					+ body.getClass().getName());
		}
		String fieldManager = context().fieldManager(options.fieldManager());
		String verb = (patchType == PatchType.APPLY) ? "apply" : "patch";
		if (patchType == PatchType.APPLY && fieldManager == null) {
			throw new IllegalArgumentException("apply needs a field manager: set one on the client "
					+ "(KubeClientBuilder.fieldManager) or on the call");
		}
		Query query = new Query().add("fieldManager", fieldManager)
			.addIf(options.force(), "force", "true")
			.addIf(context().dryRun(options.dryRun()), "dryRun", "All");
		return Requests.withBody(verb, HttpMethod.PATCH, path, query, body, patchType.contentType(), responseType);
	}

	// delete

	/** Lightkube {@code delete(res, name)}: deletes the object; the answer is the object being deleted or a Status. */
	public <T extends HasMetadata> Mono<DeleteResult<T>> delete(Class<T> type, String name) {
		return delete(ResourceType.of(type), name, DeleteOptions.defaults());
	}

	/** Lightkube {@code delete(res, name, namespace=..., grace_period=..., cascade=..., dry_run=...)}. */
	public <T extends HasMetadata> Mono<DeleteResult<T>> delete(Class<T> type, String name, DeleteOptions options) {
		return delete(ResourceType.of(type), name, options);
	}

	/** {@code delete} of any kind, also generic ones. */
	public <T> Mono<DeleteResult<T>> delete(ResourceType<T> type, String name, DeleteOptions options) {
		requireName(name);
		Objects.requireNonNull(options, "options must not be null");
		if (!options.labels().isEmpty() || !options.fields().isEmpty()) {
			throw new IllegalArgumentException("label and field selectors apply to deletecollection, not delete");
		}
		String ns = context().namespace(type, options.namespace(), null, false);
		KubeRequest<T> request = Requests.of("delete", HttpMethod.DELETE, Requests.path(type, ns, name, null),
				deleteQuery(options), type.type());
		return context().sender().sendForTree(request).map((tree) -> {
			if (isStatus(tree)) {
				return new DeleteResult<T>(null, convert(request, tree, Status.class));
			}
			return new DeleteResult<T>(fixer(type).apply(convert(request, tree, type.type())), null);
		});
	}

	/** Lightkube {@code deletecollection(res, namespace=..., grace_period=..., cascade=..., dry_run=...)}, plus selectors. */
	public <T extends HasMetadata> Mono<DeleteResult<List<T>>> deletecollection(Class<T> type, DeleteOptions options) {
		return deletecollection(ResourceType.of(type), options);
	}

	/** {@code deletecollection} of any kind; the answer is the list of deleted objects or a Status. */
	public <T> Mono<DeleteResult<List<T>>> deletecollection(ResourceType<T> type, DeleteOptions options) {
		Objects.requireNonNull(options, "options must not be null");
		String ns = context().namespace(type, options.namespace(), null, false);
		Query query = deleteQuery(options)
			.addIf(!options.labels().isEmpty(), "labelSelector", options.labels().toQuery())
			.addIf(!options.fields().isEmpty(), "fieldSelector", options.fields().toFieldQuery());
		KubeRequest<T> request = Requests.of("deletecollection", HttpMethod.DELETE, Requests.path(type, ns, null, null),
				query, type.type());
		return context().sender().sendForTree(request).map((tree) -> {
			if (isStatus(tree)) {
				return new DeleteResult<List<T>>(null, convert(request, tree, Status.class));
			}
			List<T> items = new ArrayList<>();
			JsonNode list = tree.path("items");
			if (!list.isArray() && !list.isNull()) {
				String what = list.isMissingNode() ? "missing" : list.getNodeType().name().toLowerCase(Locale.ROOT);
				throw new KubeException("The answer to deletecollection " + request.path() + " is not a list: its "
						+ "'items' is " + what);
			}
			for (JsonNode item : list) {
				if (!item.isObject()) {
					throw new KubeException("The answer to deletecollection " + request.path() + " is not a list of "
							+ "objects: an item is " + item.getNodeType().name().toLowerCase(Locale.ROOT));
				}
				items.add(fixer(type).apply(convert(request, item, type.type())));
			}
			return new DeleteResult<List<T>>(items, null);
		});
	}

	private Query deleteQuery(DeleteOptions options) {
		// As lightkube: the client's dry run does not apply to deletes, only the call's.
		return new Query().add("gracePeriodSeconds", options.gracePeriod())
			.add("propagationPolicy", (options.cascade() != null) ? options.cascade().value() : null)
			.addIf(options.dryRun(), "dryRun", "All");
	}

	// set

	/** Lightkube {@code set(res, name, labels=..., annotations=...)}: a merge patch; a {@code null} value removes a key. */
	public <T extends HasMetadata> Mono<T> set(Class<T> type, String name,
			@Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations) {
		return set(ResourceType.of(type), name, MetadataChanges.of(labels, annotations), WriteOptions.defaults());
	}

	/** Lightkube {@code set(..., namespace=..., field_manager=..., dry_run=...)}. */
	public <T extends HasMetadata> Mono<T> set(Class<T> type, String name,
			@Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations, WriteOptions options) {
		return set(ResourceType.of(type), name, MetadataChanges.of(labels, annotations), options);
	}

	/** {@code set} of any kind, also generic ones. */
	public <T> Mono<T> set(ResourceType<T> type, String name, @Nullable Map<String, ? extends @Nullable String> labels,
			@Nullable Map<String, ? extends @Nullable String> annotations, WriteOptions options) {
		return set(type, name, MetadataChanges.of(labels, annotations), options);
	}

	/** {@code set} with labels and annotations to add and remove: {@code MetadataChanges.none().withoutLabel("old")}. */
	public <T extends HasMetadata> Mono<T> set(Class<T> type, String name, MetadataChanges changes) {
		return set(ResourceType.of(type), name, changes, WriteOptions.defaults());
	}

	/** {@code set} with labels and annotations to add and remove, and a namespace, field manager or dry run. */
	public <T extends HasMetadata> Mono<T> set(Class<T> type, String name, MetadataChanges changes,
			WriteOptions options) {
		return set(ResourceType.of(type), name, changes, options);
	}

	/** {@code set} of any kind with labels and annotations to add and remove (a JSON merge patch of the metadata). */
	public <T> Mono<T> set(ResourceType<T> type, String name, MetadataChanges changes, WriteOptions options) {
		Objects.requireNonNull(changes, "changes must not be null");
		Objects.requireNonNull(options, "options must not be null");
		if (options.force()) {
			throw new IllegalArgumentException("force applies to apply only, not set");
		}
		Map<String, Object> metadata = new LinkedHashMap<>();
		if (!changes.labels().isEmpty()) {
			metadata.put("labels", new LinkedHashMap<>(changes.labels()));
		}
		if (!changes.annotations().isEmpty()) {
			metadata.put("annotations", new LinkedHashMap<>(changes.annotations()));
		}
		PatchOptions patch = PatchOptions.of(PatchType.MERGE)
			.withNamespace(options.namespace())
			.withFieldManager(options.fieldManager())
			.withDryRun(options.dryRun());
		return patch(type, name, Map.of("metadata", metadata), patch);
	}

	// log

	/** Lightkube {@code log(name)}: the lines of the pod's only container. */
	public Flux<String> log(String name) {
		return log(name, LogOptions.defaults());
	}

	/**
	 * Lightkube {@code log(name, namespace=..., container=..., follow=..., since=..., tail_lines=..., timestamps=...,
	 * newlines=...)}: the log lines as they arrive. While following there is no read timeout; cancel to stop.
	 */
	public Flux<String> log(String name, LogOptions options) {
		requireName(name);
		Objects.requireNonNull(options, "options must not be null");
		ResourceType<Pod> pods = ResourceType.of(Pod.class);
		String ns = context().namespace(pods, options.namespace(), null, false);
		Query query = new Query().add("container", options.container())
			.addIf(options.follow(), "follow", "true")
			.add("sinceSeconds", options.since())
			.add("sinceTime", (options.sinceTime() != null) ? options.sinceTime().toString() : null)
			.add("tailLines", options.tailLines())
			.addIf(options.timestamps(), "timestamps", "true")
			.addIf(options.previous(), "previous", "true")
			.add("limitBytes", options.limitBytes());
		KubeRequest<String> request = new KubeRequest<>("log", HttpMethod.GET, Requests.path(pods, ns, name, "log"),
				query.values(), Map.of("Accept", "text/plain, */*"), null, String.class);
		Flux<DataBuffer> body = context().sender()
			.stream(request, options.follow() ? null : this.transport.readTimeout());
		int maxLine = context().sender().limits().maxBytes();
		Flux<String> lines = LogLines.decoder(maxLine).decode(body, STRING, null, null)
			.onErrorMap(DataBufferLimitException.class, (ex) -> new KubeException("A line of the log of pod '" + name
					+ "' is longer than the limit of " + maxLine + " bytes: " + ResponseLimits.RAISE_SIZE, ex));
		return options.newlines() ? lines : lines.map(ReactiveKubeClient::stripNewline);
	}

	private static String stripNewline(String line) {
		return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
	}

	// helpers

	private <T> Mono<T> send(KubeRequest<T> request, ResourceType<T> type) {
		UnaryOperator<T> fixer = fixer(type);
		return context().sender().send(request).map(fixer);
	}

	private Query writeQuery(WriteOptions options, String verb) {
		if (options.force()) {
			throw new IllegalArgumentException("force applies to apply only, not " + verb);
		}
		return new Query().add("fieldManager", context().fieldManager(options.fieldManager()))
			.addIf(context().dryRun(options.dryRun()), "dryRun", "All");
	}

	@SuppressWarnings("unchecked")
	private <T extends HasMetadata> ResourceType<T> typeOf(T object) {
		Objects.requireNonNull(object, "object must not be null");
		if (object instanceof GenericKubernetesResource generic) {
			if (generic.getApiVersion() == null || generic.getKind() == null) {
				throw new IllegalArgumentException("a generic object needs apiVersion and kind");
			}
			ResourceType<?> type = context().registry().require(generic.getApiVersion(), generic.getKind());
			if (type.generic()) {
				return (ResourceType<T>) type;
			}
			// A typed kind sent as a generic object: same path, answer decoded as a generic object too.
			return (ResourceType<T>) ResourceType.of(GenericKubernetesResource.class, type.group(), type.version(),
					type.kind(), type.plural(), type.namespaced());
		}
		return ResourceType.of((Class<T>) object.getClass());
	}

	private static String nameOf(HasMetadata object, String verb) {
		if (object.getMetadata() == null || object.getMetadata().getName() == null
				|| object.getMetadata().getName().isEmpty()) {
			throw new IllegalArgumentException(verb + " needs metadata.name on the object");
		}
		return object.getMetadata().getName();
	}

	private static void requireName(String name) {
		Objects.requireNonNull(name, "name must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be empty");
		}
	}

	/** Items of generic lists may lack apiVersion and kind; fill them in from the descriptor. */
	private static <T> UnaryOperator<T> fixer(ResourceType<T> type) {
		if (!type.generic()) {
			return UnaryOperator.identity();
		}
		return (item) -> {
			GenericKubernetesResource generic = (GenericKubernetesResource) item;
			if (generic.getApiVersion() == null) {
				generic.setApiVersion(type.apiVersion());
			}
			if (generic.getKind() == null) {
				generic.setKind(type.kind());
			}
			return item;
		};
	}

	private static boolean isStatus(JsonNode tree) {
		return "Status".equals(tree.path("kind").asString("")) && "v1".equals(tree.path("apiVersion").asString(""));
	}

	private static <T> T convert(KubeRequest<?> request, JsonNode tree, Class<T> type) {
		try {
			return KubeJson.MAPPER.treeToValue(tree, type);
		}
		catch (JacksonException ex) {
			throw new KubeException("Cannot decode the answer to " + request.verb() + " " + request.path() + " as "
					+ type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	// raw

	/**
	 * GETs any path of the API server, such as {@code /version}, {@code /readyz} or {@code /apis}, and returns the
	 * body as text ({@code kubectl get --raw}). Errors as for every request: {@link ApiException} with the Status.
	 */
	public Mono<String> getRaw(String path) {
		Objects.requireNonNull(path, "path must not be null");
		if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
			throw new IllegalArgumentException("path must start with '/' and hold no query, got '" + path + "'");
		}
		return context().sender().send(Requests.of("get", HttpMethod.GET, path, new Query(), String.class))
			.defaultIfEmpty("");
	}

	// watch, wait, exec

	/** Lightkube {@code watch(res)}: the changes in the client's namespace, from now on. */
	public <T extends HasMetadata> Flux<WatchEvent<T>> watch(Class<T> type) {
		return watch(ResourceType.of(type), WatchOptions.defaults());
	}

	/** Lightkube {@code watch(res, namespace=..., labels=..., fields=..., ...)}. */
	public <T extends HasMetadata> Flux<WatchEvent<T>> watch(Class<T> type, WatchOptions options) {
		return watch(ResourceType.of(type), options);
	}

	/**
	 * The changes of a kind as they happen, until {@code options.onError()} ends the watch or the subscriber cancels
	 * (which closes the HTTP stream). Bookmarks are always asked for and move the resume point; a stream the server
	 * ends is resumed from the last event's resource version; after {@code 410 Gone} a retrying watch starts again
	 * without a resource version, flagging the re-sent objects as {@link WatchEvent#resync()}.
	 */
	public <T extends HasMetadata> Flux<WatchEvent<T>> watch(ResourceType<T> type, WatchOptions options) {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(options, "options must not be null");
		return core().streaming().watch(type, options);
	}

	/**
	 * Lightkube {@code wait(res, name, for_conditions=..., namespace=..., raise_for_conditions=...)}: the object once
	 * one of the conditions is true (a success condition wins over a failure condition, as in lightkube). Lists the
	 * object by {@code metadata.name} first, so an object that does not exist yet is waited for and an already
	 * satisfied condition returns at once, then watches from the list's resource version so no change is missed. A
	 * {@code 410 Gone}, {@code 429}, {@code 5xx} or broken connection lists again and watches again (client-go's
	 * {@code UntilWithSync}). Fails with {@link ObjectDeletedException}, {@link ConditionException}, the
	 * {@link ApiException} of an error that retrying cannot fix (400, 401, 403, 404 of the kind, ...), or a
	 * {@link KubeException} after {@code options.timeout()}.
	 * @throws IllegalArgumentException when {@code options} names no condition
	 */
	public <T extends HasMetadata> Mono<T> waitFor(Class<T> type, String name, WaitOptions options) {
		return waitFor(ResourceType.of(type), name, options);
	}

	/** See {@link #waitFor(Class, String, WaitOptions)}. */
	public <T extends HasMetadata> Mono<T> waitFor(ResourceType<T> type, String name, WaitOptions options) {
		Objects.requireNonNull(type, "type must not be null");
		requireName(name);
		Objects.requireNonNull(options, "options must not be null");
		return core().streaming().waitFor(this, type, name, options);
	}

	/**
	 * Lightkube {@code exec(name, namespace=..., container=..., command=..., ...)}: runs a command in a pod over
	 * WebSocket ({@code v5.channel.k8s.io}, falling back to {@code v4}), in the options' namespace, else the
	 * client's. A non-zero exit raises {@link ExecException} unless {@link ExecOptions#withRaiseOnError(boolean)
	 * withRaiseOnError(false)} (lightkube does not raise by default).
	 */
	public Mono<ExecResponse> exec(String name, ExecOptions options) {
		requireName(name);
		Objects.requireNonNull(options, "options must not be null");
		if (options.command().isEmpty()) {
			throw new IllegalArgumentException("exec needs a command: use ExecOptions.of(\"program\", \"arg\", ...)");
		}
		return core().streaming().exec(name, options.namespace(), options);
	}

	/** Log lines with their newline, up to the client's size limit each. */
	private static final class LogLines {

		// one per limit: clients of one application share it
		private static final Map<Integer, StringDecoder> DECODERS = new ConcurrentHashMap<>();

		static StringDecoder decoder(int maxLineBytes) {
			return DECODERS.computeIfAbsent(maxLineBytes, (max) -> {
				StringDecoder decoder = StringDecoder.allMimeTypes(List.of("\n"), false);
				decoder.setMaxInMemorySize(max);
				return decoder;
			});
		}

	}

	/**
	 * Releases the connections. Requests, watches, followed logs and exec sessions in flight end at once with a
	 * {@link KubeException} saying the client was closed (never retried); new requests are refused the same way.
	 */
	@Override
	public void close() {
		this.transport.close();
	}

	@Override
	public String toString() {
		return "ReactiveKubeClient[server=" + UrlMasking.mask(this.transport.baseUri()) + ", namespace=" + namespace()
				+ "]";
	}

}
