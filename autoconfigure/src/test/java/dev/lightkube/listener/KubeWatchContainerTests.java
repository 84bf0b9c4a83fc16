package dev.lightkube.listener;

import static dev.lightkube.listener.ScriptedSource.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class KubeWatchContainerTests {

	private final ScriptedSource source = new ScriptedSource();

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final List<String> handledErrors = Collections.synchronizedList(new ArrayList<>());

	private KubeWatchContainer<ConfigMap> container;

	@AfterEach
	void stop() {
		if (this.container != null) {
			this.container.stop();
		}
	}

	@Test
	void startShouldDeliverEveryListedObjectAsAddedThenWatchFromTheListsVersion() throws Exception {
		this.source.list("100", configMap("a", "10"), configMap("b", "11"));
		this.source.watch(Flux.just(event(EventType.MODIFIED, "a", "101")).concatWith(Flux.never()));
		start((event) -> record(event));
		assertThat(take(3)).containsExactly("ADDED a@10", "ADDED b@11", "MODIFIED a@101");
		assertThat(this.source.watchedFrom).containsExactly("100");
		assertThat(this.container.getCache().get("default", "a")).get()
			.extracting((cm) -> cm.getMetadata().getResourceVersion())
			.isEqualTo("101");
	}

	@Test
	void droppedStreamShouldResumeFromTheLastEventsVersionWithoutRelisting() throws Exception {
		this.source.list("100", configMap("a", "10"));
		this.source.watch(Flux.just(event(EventType.MODIFIED, "a", "105")).concatWith(Flux.error(new IOException("reset"))),
				Flux.just(event(EventType.DELETED, "a", "106")).concatWith(Flux.never()));
		start((event) -> record(event));
		assertThat(take(3)).containsExactly("ADDED a@10", "MODIFIED a@105", "DELETED a@106");
		assertThat(this.source.watchedFrom).containsExactly("100", "105");
		assertThat(this.source.listCalls).isEqualTo(1);
		assertThat(this.container.getCache().size()).isZero();
	}

	@Test
	void goneShouldRelistAndDeliverOnlyTheDifference() throws Exception {
		// Before the gap: a, b, c known. During the gap: a deleted, b changed, c unchanged, d created.
		this.source.list("100", configMap("a", "10"), configMap("b", "11"), configMap("c", "12"));
		this.source.watch(Flux.error(gone()), Flux.never());
		this.source.list("200", configMap("b", "150"), configMap("c", "12"), configMap("d", "160"));
		start((event) -> record(event));
		assertThat(take(6)).containsExactly("ADDED a@10", "ADDED b@11", "ADDED c@12", "MODIFIED b@150", "ADDED d@160",
				"DELETED a@10");
		assertThat(this.received.poll(200, TimeUnit.MILLISECONDS)).as("no spurious event").isNull();
		assertThat(this.source.watchedFrom).containsExactly("100", "200");
		assertThat(this.container.describe()).containsEntry("relists", 1L);
	}

	@Test
	void throwingListenerShouldReachTheErrorHandlerAndDeliveryShouldGoOn() throws Exception {
		this.source.list("100", configMap("a", "10"), configMap("boom", "11"), configMap("c", "12"));
		start((event) -> {
			if (event.object().getMetadata().getName().equals("boom")) {
				throw new IllegalStateException("listener failed");
			}
			record(event);
		});
		assertThat(take(2)).containsExactly("ADDED a@10", "ADDED c@12");
		assertThat(this.handledErrors).containsExactly("ADDED boom: listener failed");
	}

	@Test
	void slowListenerShouldHoldBackTheSourceToTheQueueCapacity() throws Exception {
		AtomicInteger requested = new AtomicInteger();
		this.source.list("100");
		this.source.watch(Flux.range(1, 1000)
			.doOnRequest((n) -> requested.addAndGet((int) Math.min(n, 1_000_000)))
			.map((i) -> event(EventType.ADDED, "o" + i, Integer.toString(100 + i))));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch firstArrived = new CountDownLatch(1);
		start((event) -> {
			firstArrived.countDown();
			release.await();
		});
		assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
		// The listener holds the first event; the source was asked for no more than the queue holds.
		assertThat(requested.get()).isLessThanOrEqualTo(8);
		release.countDown();
	}

	@Test
	void eventTypesNotAskedForShouldNotBeDelivered() throws Exception {
		this.source.list("100", configMap("a", "10"));
		this.source.watch(Flux.just(event(EventType.MODIFIED, "a", "101"), event(EventType.DELETED, "a", "102"))
			.concatWith(Flux.never()));
		start((event) -> record(event), EnumSet.of(EventType.DELETED));
		assertThat(take(1)).containsExactly("DELETED a@102");
	}

	@Test
	void stopShouldLetTheDeliveryInProgressFinish() throws Exception {
		this.source.list("100", configMap("a", "10"), configMap("b", "11"));
		CountDownLatch inListener = new CountDownLatch(1);
		AtomicInteger finished = new AtomicInteger();
		start((event) -> {
			inListener.countDown();
			Thread.sleep(200);
			finished.incrementAndGet();
		});
		assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
		this.container.stop();
		assertThat(finished.get()).isEqualTo(1);
		assertThat(this.container.getState()).isEqualTo(ListenerState.STOPPED);
	}

	@Test
	void listenerShouldRunOnItsOwnThreadWhereBlockingIsAllowed() throws Exception {
		this.source.list("100", configMap("a", "10"));
		BlockingQueue<String> threads = new LinkedBlockingQueue<>();
		start((event) -> {
			reactor.core.publisher.Mono.just("blocking is allowed here").block();
			threads.add(Thread.currentThread().getName());
		});
		assertThat(threads.poll(10, TimeUnit.SECONDS)).isEqualTo("kube-watch-test");
	}

	@Test
	void relistsThatKeepEndingInGoneBackOff() throws Exception {
		// The first 410 lists again at once; a second one in a row waits the back-off (here an hour) first.
		this.source.list("100", configMap("a", "10"));
		this.source.list("200", configMap("a", "10"));
		this.source.list("300", configMap("a", "10"));
		this.source.watch(Flux.error(gone()), Flux.error(goneByReasonOnly()));
		start((event) -> record(event), EnumSet.allOf(EventType.class), new KubeWatchContainer.ContainerSettings(
				Duration.ofHours(1), Duration.ofHours(2), 4, Duration.ofMinutes(1), Duration.ofSeconds(10)));
		assertThat(take(1)).containsExactly("ADDED a@10");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.container.getState() != ListenerState.RECONNECTING && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.container.getState()).isEqualTo(ListenerState.RECONNECTING);
		assertThat(this.source.watchedFrom).containsExactly("100", "200");
		assertThat(this.source.listCalls).isEqualTo(2);
		assertThat(this.container.describe()).containsEntry("relists", 2L);
	}

	@Test
	void failingListShouldBackOffAndReportReconnecting() throws Exception {
		this.source.lists.add(reactor.core.publisher.Mono.error(new IOException("connection refused")));
		this.source.list("100", configMap("a", "10"));
		start((event) -> record(event));
		assertThat(take(1)).containsExactly("ADDED a@10");
		assertThat(this.source.listCalls).isEqualTo(2);
		assertThat(this.container.describe()).containsEntry("lastError", "IOException: connection refused");
	}

	private void start(KubeWatchContainer.ListenerInvoker<ConfigMap> listener) {
		start(listener, EnumSet.allOf(EventType.class));
	}

	private void start(KubeWatchContainer.ListenerInvoker<ConfigMap> listener, EnumSet<EventType> events) {
		start(listener, events, new KubeWatchContainer.ContainerSettings(Duration.ofMillis(10), Duration.ofMillis(50), 4,
				Duration.ofMinutes(1), Duration.ofSeconds(10)));
	}

	private void start(KubeWatchContainer.ListenerInvoker<ConfigMap> listener, EnumSet<EventType> events,
			KubeWatchContainer.ContainerSettings settings) {
		this.container = new KubeWatchContainer<>("test", this.source, listener, events,
				(id, event, ex) -> this.handledErrors
					.add(event.type() + " " + ((ConfigMap) event.object()).getMetadata().getName() + ": " + ex.getMessage()),
				settings, ListenerMetrics.NOOP, Clock.systemUTC());
		this.container.start();
	}

	private void record(WatchEvent<ConfigMap> event) {
		this.received.add(event.type() + " " + event.object().getMetadata().getName() + "@"
				+ event.object().getMetadata().getResourceVersion());
	}

	private List<String> take(int count) throws InterruptedException {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String event = this.received.poll(10, TimeUnit.SECONDS);
			assertThat(event).as("event %d of %d (got %s)", i + 1, count, events).isNotNull();
			events.add(event);
		}
		return events;
	}

	private static WatchEvent<ConfigMap> event(EventType type, String name, String resourceVersion) {
		return new WatchEvent<>(type, configMap(name, resourceVersion));
	}

	// An ERROR event may carry the reason without a code: still gone.
	private static ApiException goneByReasonOnly() {
		return new ApiException(new StatusBuilder().withReason("Expired").withMessage("too old").build(), "watch",
				"/api/v1/namespaces/default/configmaps");
	}

	private static ApiException gone() {
		return new ApiException(new StatusBuilder().withCode(410).withReason("Expired").withMessage("too old").build(),
				"watch", "/api/v1/namespaces/default/configmaps");
	}

}
