package dev.lightkube.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.EventType;
import dev.lightkube.KubeClient;
import dev.lightkube.WatchEvent;
import dev.lightkube.informer.InformerOptions;
import dev.lightkube.informer.SharedInformer;
import dev.lightkube.informer.SharedInformerFactory;
import dev.lightkube.test.KubeApiServer;
import dev.lightkube.test.KubeApiServerTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listener container as a handler of a shared informer, against the in-memory API server: what it delivers, its
 * own thread, filter, error handler and state, and that stopping it leaves the shared watch to the others.
 */
@KubeApiServerTest(resetAfterEach = true)
class KubeWatchContainerTests {

	private static final KubeWatchContainer.ContainerSettings SETTINGS = new KubeWatchContainer.ContainerSettings(4,
			Duration.ofMinutes(1), Duration.ofSeconds(10));

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final List<String> handledErrors = Collections.synchronizedList(new ArrayList<>());

	private final List<KubeWatchContainer<?>> containers = new ArrayList<>();

	private SharedInformerFactory factory;

	@AfterEach
	void stop() {
		this.containers.forEach(KubeWatchContainer::stop);
		if (this.factory != null) {
			this.factory.close();
		}
	}

	@Test
	void startShouldDeliverEveryExistingObjectAsAddedThenEachChange(KubeClient client) throws Exception {
		client.create(configMap("a"));
		client.create(configMap("b"));
		KubeWatchContainer<ConfigMap> container = start(client, "test", this::record, EnumSet.allOf(EventType.class));
		assertThat(take(2)).containsExactlyInAnyOrder("ADDED a=1", "ADDED b=1");
		await(() -> container.getState() == ListenerState.WATCHING);
		client.replace(client.get(ConfigMap.class, "a").edit().addToData("v", "2").build());
		client.delete(ConfigMap.class, "b");
		assertThat(take(2)).containsExactly("MODIFIED a=2", "DELETED b=1");
		assertThat(container.getCache().get("default", "a")).get()
			.extracting((cm) -> cm.getData().get("v"))
			.isEqualTo("2");
		assertThat(container.getCache().size()).isEqualTo(1);
		// The listener saw the fourth event before the container counted it (the count follows the method's return).
		await(() -> Long.valueOf(4).equals(container.describe().get("delivered")));
		assertThat(container.describe()).containsEntry("state", "WATCHING")
			.containsEntry("delivered", 4L)
			.containsEntry("objects", 1);
	}

	@Test
	void aListenerStartedOnARunningInformerGetsTheCachedObjectsAsAddedFirstAndSharesItsWatch(KubeClient client,
			KubeApiServer server) throws Exception {
		client.create(configMap("a"));
		BlockingQueue<String> first = new LinkedBlockingQueue<>();
		KubeWatchContainer<ConfigMap> running = start(client, "first",
				(event) -> first.add(event.type() + " " + event.object().getMetadata().getName()),
				EnumSet.allOf(EventType.class));
		assertThat(first.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED a");
		await(() -> server.openWatches() == 1 && running.getState() == ListenerState.WATCHING);
		KubeWatchContainer<ConfigMap> late = start(client, "late", this::record, EnumSet.allOf(EventType.class));
		assertThat(late.getInformer()).isSameAs(running.getInformer());
		assertThat(take(1)).containsExactly("ADDED a=1");
		// Synced already: the late listener is healthy at once, without a list of its own.
		assertThat(late.getState()).isEqualTo(ListenerState.WATCHING);
		client.create(configMap("b"));
		assertThat(take(1)).containsExactly("ADDED b=1");
		assertThat(first.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED b");
		assertThat(server.openWatches()).isEqualTo(1);
	}

	@Test
	void stopShouldLetTheDeliveryInProgressFinishAndLeaveTheWatchToTheOthers(KubeClient client,
			KubeApiServer server) throws Exception {
		client.create(configMap("a"));
		client.create(configMap("b"));
		CountDownLatch inListener = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger finished = new AtomicInteger();
		KubeWatchContainer<ConfigMap> stopping = start(client, "stopping", (event) -> {
			inListener.countDown();
			release.await(30, TimeUnit.SECONDS);
			finished.incrementAndGet();
		}, EnumSet.allOf(EventType.class));
		KubeWatchContainer<ConfigMap> other = start(client, "other", this::record, EnumSet.allOf(EventType.class));
		assertThat(inListener.await(30, TimeUnit.SECONDS)).isTrue();
		Thread releaser = new Thread(() -> {
			await(() -> stopping.getState() == ListenerState.STOPPED);
			release.countDown();
		});
		releaser.start();
		stopping.stop();
		releaser.join();
		// The method in progress was not interrupted and returned; nothing after it was delivered.
		assertThat(finished.get()).isEqualTo(1);
		assertThat(stopping.isRunning()).isFalse();
		assertThat(take(2)).containsExactlyInAnyOrder("ADDED a=1", "ADDED b=1");
		client.create(configMap("c"));
		assertThat(take(1)).containsExactly("ADDED c=1");
		assertThat(other.getState()).isEqualTo(ListenerState.WATCHING);
		assertThat(finished.get()).isEqualTo(1);
		await(() -> server.openWatches() == 1);
	}

	@Test
	void throwingListenerShouldReachTheErrorHandlerAndDeliveryShouldGoOn(KubeClient client) throws Exception {
		client.create(configMap("a"));
		KubeWatchContainer<ConfigMap> container = start(client, "test", (event) -> {
			if (event.object().getMetadata().getName().equals("boom")) {
				throw new IllegalStateException("listener failed");
			}
			record(event);
		}, EnumSet.allOf(EventType.class));
		assertThat(take(1)).containsExactly("ADDED a=1");
		client.create(configMap("boom"));
		client.create(configMap("c"));
		assertThat(take(1)).containsExactly("ADDED c=1");
		assertThat(this.handledErrors).containsExactly("ADDED boom: listener failed");
		assertThat(container.getState()).isEqualTo(ListenerState.WATCHING);
	}

	@Test
	void eventTypesNotAskedForShouldNotBeDelivered(KubeClient client) throws Exception {
		client.create(configMap("a"));
		KubeWatchContainer<ConfigMap> container = start(client, "test", this::record, EnumSet.of(EventType.DELETED));
		await(() -> container.getState() == ListenerState.WATCHING);
		client.replace(client.get(ConfigMap.class, "a").edit().addToData("v", "2").build());
		client.delete(ConfigMap.class, "a");
		assertThat(take(1)).containsExactly("DELETED a=2");
		assertThat(this.received.poll(200, TimeUnit.MILLISECONDS)).as("nothing else").isNull();
	}

	@Test
	void listenerShouldRunOnItsOwnThreadWhereBlockingIsAllowed(KubeClient client) throws Exception {
		client.create(configMap("a"));
		BlockingQueue<String> threads = new LinkedBlockingQueue<>();
		start(client, "test", (event) -> {
			reactor.core.publisher.Mono.just("blocking is allowed here").block();
			threads.add(Thread.currentThread().getName());
		}, EnumSet.allOf(EventType.class));
		assertThat(threads.poll(30, TimeUnit.SECONDS)).isEqualTo("kube-watch-test");
	}

	@Test
	void expiredHistoryShouldRelistDeliverOnlyTheDifferenceAndCountTheRelist(KubeClient client,
			KubeApiServer server) throws Exception {
		client.create(configMap("a"));
		client.create(configMap("b"));
		KubeWatchContainer<ConfigMap> container = start(client, "test", this::record, EnumSet.allOf(EventType.class));
		assertThat(take(2)).containsExactlyInAnyOrder("ADDED a=1", "ADDED b=1");
		await(() -> server.openWatches() == 1);
		// The watch breaks; while it is away, a changes, b goes, c comes, and the server forgets that history.
		server.faults().breakWatches();
		client.replace(client.get(ConfigMap.class, "a").edit().addToData("v", "2").build());
		client.delete(ConfigMap.class, "b");
		client.create(configMap("c"));
		server.faults().forgetHistory();
		assertThat(take(3)).containsExactlyInAnyOrder("MODIFIED a=2", "DELETED b=1", "ADDED c=1");
		await(() -> container.getState() == ListenerState.WATCHING);
		assertThat(this.received.poll(200, TimeUnit.MILLISECONDS)).as("no spurious event").isNull();
		assertThat(container.getCache().list()).extracting((cm) -> cm.getMetadata().getName())
			.containsExactlyInAnyOrder("a", "c");
		// The broken stream is a restart; the expired history (if the watch came back after the changes) a relist.
		assertThat((Long) container.describe().get("restarts")).isGreaterThanOrEqualTo(1L);
	}

	@Test
	void failingListShouldReportReconnectingThenWatching(KubeClient client, KubeApiServer server) throws Exception {
		client.create(configMap("a"));
		server.faults().failNext(1, 503);
		KubeWatchContainer<ConfigMap> container = start(client, "test", this::record, EnumSet.allOf(EventType.class));
		await(() -> container.getState() == ListenerState.RECONNECTING);
		assertThat((String) container.describe().get("lastError")).contains("503");
		assertThat(container.describe()).containsEntry("restarts", 1L);
		assertThat(take(1)).containsExactly("ADDED a=1");
		await(() -> container.getState() == ListenerState.WATCHING);
		assertThat(container.isUnhealthy()).isFalse();
	}

	private KubeWatchContainer<ConfigMap> start(KubeClient client, String id,
			KubeWatchContainer.ListenerInvoker<ConfigMap> listener, Set<EventType> events) {
		if (this.factory == null) {
			this.factory = new SharedInformerFactory(client.reactive());
		}
		SharedInformer<ConfigMap> informer = this.factory.informer(ConfigMap.class, InformerOptions.defaults());
		KubeWatchContainer<ConfigMap> container = new KubeWatchContainer<>(id, informer, listener, events,
				(listenerId, event, ex) -> this.handledErrors.add(event.type() + " "
						+ ((ConfigMap) event.object()).getMetadata().getName() + ": " + ex.getMessage()),
				SETTINGS, ListenerMetrics.NOOP, Clock.systemUTC());
		this.containers.add(container);
		container.start();
		return container;
	}

	private void record(WatchEvent<ConfigMap> event) {
		this.received.add(event.type() + " " + event.object().getMetadata().getName() + "="
				+ event.object().getData().get("v"));
	}

	private List<String> take(int count) throws InterruptedException {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String event = this.received.poll(30, TimeUnit.SECONDS);
			assertThat(event).as("event %d of %d (got %s)", i + 1, count, events).isNotNull();
			events.add(event);
		}
		return events;
	}

	static ConfigMap configMap(String name) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", "1").build();
	}

	static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within the safety limit");
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
