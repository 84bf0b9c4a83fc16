package dev.lightkube.benchmarks.clients;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;

/**
 * fabric8 kubernetes-client 8.0.0 on a transport chosen explicitly (never by {@code ServiceLoader} priorities): its
 * default, Vert.x 5 ({@link #vertx}, the {@code fabric8} row, timed in a JVM of its own so that Vert.x's Netty and
 * lightkube's Reactor Netty never share one), or the JDK {@code HttpClient} ({@link #jdk}, the {@code fabric8-jdk}
 * row: the same transport as the HTTP floor, so the gap to that floor is fabric8's own work).
 */
public final class Fabric8Client implements ClientUnderTest {

	private final String name;

	private final KubernetesClient client;

	private final Pod pod;

	/** A client for the server at {@code server} on the JDK transport (the {@code fabric8-jdk} row). */
	public Fabric8Client(URI server, PodFixtures fixtures) {
		this(server, fixtures, new JdkHttpClientFactory());
	}

	/** A client for the server at {@code server} on the given fabric8 transport. */
	public Fabric8Client(URI server, PodFixtures fixtures, HttpClient.Factory transport) {
		this(Clients.FABRIC8_JDK, server, fixtures, transport);
	}

	private Fabric8Client(String name, URI server, PodFixtures fixtures, HttpClient.Factory transport) {
		this.name = name;
		// Config.empty(): no kubeconfig, no service account, nothing from the environment.
		Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.toString())
			.withNamespace(PodFixtures.NAMESPACE)
			.build();
		this.client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(transport).build();
		this.pod = this.client.getKubernetesSerialization().unmarshal(PodFixtures.utf8(fixtures.podJson()), Pod.class);
	}

	/** fabric8 on its default transport, Vert.x 5 (the {@code fabric8} row). */
	public static Fabric8Client vertx(URI server, PodFixtures fixtures) {
		return new Fabric8Client(Clients.FABRIC8, server, fixtures, new Vertx5HttpClientFactory());
	}

	/** fabric8 on the JDK {@code HttpClient} (the {@code fabric8-jdk} row). */
	public static Fabric8Client jdk(URI server, PodFixtures fixtures) {
		return new Fabric8Client(Clients.FABRIC8_JDK, server, fixtures, new JdkHttpClientFactory());
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String transport() {
		return this.client.getHttpClient().getClass().getName();
	}

	@Override
	public int list() {
		return this.client.pods().inNamespace(PodFixtures.NAMESPACE).list().getItems().size();
	}

	@Override
	public int iterate() {
		// No lazy list over one response: the whole list is the way through the items.
		return list();
	}

	@Override
	public Object get(String name) {
		return this.client.pods().inNamespace(PodFixtures.NAMESPACE).withName(name).get();
	}

	@Override
	public int watch(int events) throws Exception {
		AtomicInteger count = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(1);
		Watcher<Pod> watcher = new Watcher<>() {

			@Override
			public void eventReceived(Action action, Pod resource) {
				if (resource != null && count.incrementAndGet() == events) {
					done.countDown();
				}
			}

			@Override
			public void onClose(WatcherException cause) {
				done.countDown();
			}

		};
		try (Watch watch = this.client.pods().inNamespace(PodFixtures.NAMESPACE).watch(watcher)) {
			if (!done.await(5, TimeUnit.MINUTES)) {
				throw new IllegalStateException("fabric8 watch: " + count.get() + " of " + events + " events in 5 minutes");
			}
		}
		return count.get();
	}

	@Override
	public Object create() {
		return this.client.pods().inNamespace(PodFixtures.NAMESPACE).resource(this.pod).create();
	}

	@Override
	public Object patch() {
		return this.client.pods()
			.inNamespace(PodFixtures.NAMESPACE)
			.withName(this.pod.getMetadata().getName())
			.patch(PatchContext.of(PatchType.JSON_MERGE), PodFixtures.MERGE_PATCH);
	}

	@Override
	public Object apply() {
		return this.client.pods()
			.inNamespace(PodFixtures.NAMESPACE)
			.resource(this.pod)
			.fieldManager(PodFixtures.FIELD_MANAGER)
			.forceConflicts()
			.serverSideApply();
	}

	@Override
	public void close() {
		this.client.close();
	}

}
