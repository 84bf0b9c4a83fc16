package dev.lightkube.benchmarks.informers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.lightkube.KubeClient;
import dev.lightkube.KubeClientBuilder;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.Timeouts;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.informer.Transforms;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.ClientBuilder;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The rows of the informer measurement: one informer over the pods of {@link PodFixtures#NAMESPACE}, per client, in
 * each client's default configuration.
 */
final class InformerRows {

	/** Every row, in the default order of a round. */
	static final List<String> ALL = List.of("lightkube-watchlist", "lightkube-watchlist-lean", "lightkube-list-watch",
			"lightkube-list-watch-lean", "fabric8", "fabric8-watchlist", "official");

	private InformerRows() {
	}

	/**
	 * The one place where the lightkube rows choose WatchList or LIST+WATCH, and whether {@code managedFields} are
	 * dropped before caching.
	 */
	static InformerOptions options(boolean watchList, boolean dropManagedFields) {
		InformerOptions options = InformerOptions.inNamespace(PodFixtures.NAMESPACE).withWatchList(watchList);
		if (dropManagedFields) {
			options = options.withTransform(Transforms.dropManagedFields());
		}
		return options;
	}

	/** A new, not yet started subject for {@code row}, with its client built in its default configuration. */
	static Subject create(String row, String url) throws Exception {
		return create(row, url, null);
	}

	/**
	 * A new, not yet started subject for {@code row}; {@code readTimeout}, when given, replaces the read timeout of
	 * lightkube and the request timeout of fabric8 (both 10 s by default), so the LIST of many pods from a slow server
	 * is not cut; the official client runs without one anyway.
	 */
	static Subject create(String row, String url, @Nullable Duration readTimeout) throws Exception {
		return switch (row) {
			case "lightkube-watchlist" -> new Lightkube(url, true, false, readTimeout);
			case "lightkube-watchlist-lean" -> new Lightkube(url, true, true, readTimeout);
			case "lightkube-list-watch" -> new Lightkube(url, false, false, readTimeout);
			case "lightkube-list-watch-lean" -> new Lightkube(url, false, true, readTimeout);
			case "fabric8" -> new Fabric8(url, false, readTimeout);
			case "fabric8-watchlist" -> new Fabric8(url, true, readTimeout);
			case "official" -> new Official(url);
			default -> throw new IllegalArgumentException("Unknown row " + row + "; rows: " + String.join(",", ALL));
		};
	}

	/** One client and its informer. */
	interface Subject extends AutoCloseable {

		/** One unmeasured read through the client (class loading, first connection), not through the informer. */
		void warmUp(String podName) throws Exception;

		/** Creates and starts the informer; returns without waiting. */
		void start() throws Exception;

		/** Waits until the informer reports synced; {@code false} when it did not within the timeout. */
		boolean awaitSynced(Duration timeout) throws Exception;

		/** Objects in the informer's cache. */
		int cached();

		/** Whether the first cached pod has {@code managedFields} (null when the cache is empty). */
		@Nullable Boolean managedFieldsCached();

	}

	static final class Lightkube implements Subject {

		private final ReactiveKubeClient client;

		private final boolean watchList;

		private final boolean dropManagedFields;

		private @Nullable SharedInformerFactory factory;

		private @Nullable SharedInformer<Pod> informer;

		Lightkube(String url, boolean watchList, boolean dropManagedFields, @Nullable Duration readTimeout) {
			KubeClientBuilder builder = KubeClient.builder()
				.config(KubeConfig.fromServer(url))
				.namespace(PodFixtures.NAMESPACE)
				.trustEnv(false);
			if (readTimeout != null) {
				builder.timeouts(Timeouts.DEFAULT.withRead(readTimeout));
			}
			this.client = builder.buildReactive();
			this.watchList = watchList;
			this.dropManagedFields = dropManagedFields;
		}

		@Override
		public void warmUp(String podName) {
			this.client.get(Pod.class, podName, PodFixtures.NAMESPACE).block(Duration.ofSeconds(60));
		}

		@Override
		public void start() {
			this.factory = new SharedInformerFactory(this.client);
			this.informer = this.factory.informer(Pod.class, options(this.watchList, this.dropManagedFields));
			this.informer.start();
		}

		@Override
		public boolean awaitSynced(Duration timeout) {
			try {
				informer().synced().block(timeout);
				return true;
			}
			catch (IllegalStateException ex) {
				// block(timeout) throws IllegalStateException on timeout.
				return false;
			}
		}

		@Override
		public int cached() {
			return informer().cache().size();
		}

		@Override
		public @Nullable Boolean managedFieldsCached() {
			List<Pod> pods = informer().cache().list();
			return pods.isEmpty() ? null : pods.get(0).getMetadata().getManagedFields() != null
					&& !pods.get(0).getMetadata().getManagedFields().isEmpty();
		}

		private SharedInformer<Pod> informer() {
			if (this.informer == null) {
				throw new IllegalStateException("not started");
			}
			return this.informer;
		}

		@Override
		public void close() {
			if (this.factory != null) {
				this.factory.close();
			}
			this.client.close();
		}

	}

	static final class Fabric8 implements Subject {

		private final KubernetesClient client;

		private @Nullable SharedIndexInformer<Pod> informer;

		private java.util.concurrent.@Nullable CompletionStage<Void> started;

		Fabric8(String url, boolean watchList, @Nullable Duration readTimeout) {
			// Plain HTTP watches: the in-memory server does not upgrade watches to WebSocket (fabric8's default
			// against a real API server). watchList is fabric8's opt-in WatchList (off by default in 8.0.0).
			Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url)
				.withNamespace(PodFixtures.NAMESPACE)
				.withOnlyHttpWatches(true)
				.withWatchList(watchList)
				.withRequestTimeout((readTimeout != null) ? (int) readTimeout.toMillis() : null)
				.build();
			this.client = new KubernetesClientBuilder().withConfig(config)
				.withHttpClientFactory(new JdkHttpClientFactory())
				.build();
		}

		@Override
		public void warmUp(String podName) {
			this.client.pods().inNamespace(PodFixtures.NAMESPACE).withName(podName).get();
		}

		@Override
		public void start() {
			// runnableInformer + start(): the informer without a handler; start() completes once the list is cached.
			this.informer = this.client.pods().inNamespace(PodFixtures.NAMESPACE).runnableInformer(0);
			this.started = this.informer.start();
		}

		@Override
		public boolean awaitSynced(Duration timeout) throws Exception {
			SharedIndexInformer<Pod> running = informer();
			if (this.started == null) {
				throw new IllegalStateException("not started");
			}
			try {
				this.started.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.TimeoutException ex) {
				return false;
			}
			return poll(running::hasSynced, timeout);
		}

		@Override
		public int cached() {
			return informer().getStore().list().size();
		}

		@Override
		public @Nullable Boolean managedFieldsCached() {
			List<Pod> pods = informer().getStore().list();
			return pods.isEmpty() ? null : pods.get(0).getMetadata().getManagedFields() != null
					&& !pods.get(0).getMetadata().getManagedFields().isEmpty();
		}

		private SharedIndexInformer<Pod> informer() {
			if (this.informer == null) {
				throw new IllegalStateException("not started");
			}
			return this.informer;
		}

		@Override
		public void close() {
			if (this.informer != null) {
				this.informer.close();
			}
			this.client.close();
		}

	}

	static final class Official implements Subject {

		private final ApiClient api;

		private final CoreV1Api core;

		private final io.kubernetes.client.informer.SharedInformerFactory factory;

		private io.kubernetes.client.informer.@Nullable SharedIndexInformer<V1Pod> informer;

		Official(String url) {
			ApiClient client = new ClientBuilder().setBasePath(url).build();
			// Informers watch for as long as they live: read timeout off, as the client's informer example does.
			OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build();
			this.api = client.setHttpClient(http);
			this.core = new CoreV1Api(this.api);
			this.factory = new io.kubernetes.client.informer.SharedInformerFactory(this.api);
		}

		@Override
		public void warmUp(String podName) throws Exception {
			this.core.readNamespacedPod(podName, PodFixtures.NAMESPACE).execute();
		}

		@Override
		public void start() {
			// As the client's InformerExample: a CallGenerator over listNamespacedPod, no resync.
			this.informer = this.factory.sharedIndexInformerFor((params) -> this.core
				.listNamespacedPod(PodFixtures.NAMESPACE)
				.resourceVersion(params.resourceVersion)
				.watch(params.watch)
				.timeoutSeconds(params.timeoutSeconds)
				.buildCall(null), V1Pod.class, V1PodList.class, 0);
			this.factory.startAllRegisteredInformers();
		}

		@Override
		public boolean awaitSynced(Duration timeout) throws InterruptedException {
			io.kubernetes.client.informer.SharedIndexInformer<V1Pod> started = informer();
			return poll(started::hasSynced, timeout);
		}

		@Override
		public int cached() {
			return informer().getIndexer().list().size();
		}

		@Override
		public @Nullable Boolean managedFieldsCached() {
			List<V1Pod> pods = informer().getIndexer().list();
			return pods.isEmpty() ? null : pods.get(0).getMetadata().getManagedFields() != null
					&& !pods.get(0).getMetadata().getManagedFields().isEmpty();
		}

		private io.kubernetes.client.informer.SharedIndexInformer<V1Pod> informer() {
			if (this.informer == null) {
				throw new IllegalStateException("not started");
			}
			return this.informer;
		}

		@Override
		public void close() {
			this.factory.stopAllRegisteredInformers(true);
			// Stopping does not end a watch call that is executing: cancel it, or it stays open on the server.
			this.api.getHttpClient().dispatcher().cancelAll();
			this.api.getHttpClient().dispatcher().executorService().shutdown();
			this.api.getHttpClient().connectionPool().evictAll();
		}

	}

	/** Polls every millisecond (hasSynced is all the peers offer besides fabric8's future). */
	private static boolean poll(java.util.function.BooleanSupplier condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(1);
		}
		return true;
	}

}
