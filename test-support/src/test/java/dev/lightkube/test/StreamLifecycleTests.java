package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ExecOptions;
import dev.lightkube.KubeClient;
import dev.lightkube.KubeException;
import dev.lightkube.ListIterable;
import dev.lightkube.ListOptions;
import dev.lightkube.LogOptions;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Streams end with their users: a lazy list left early gives its connection back (counted as the server's requests
 * in flight), and closing the client ends watches, followed logs and exec sessions with a clear error.
 */
class StreamLifecycleTests {

	// Large enough that neither the client's read-ahead (500 items, and up to about 16 MB of buffers) nor the socket
	// buffers hold the whole list: while the client holds the list open, the server still has the request in flight.
	private static final int OBJECTS = 3000;

	private static final String BIG = "x".repeat(20 * 1024);

	private static KubeApiServer server;

	private static KubeClient client;

	@BeforeAll
	static void start() {
		server = KubeApiServer.start();
		client = KubeClient.builder().config(KubeConfig.fromFile(server.kubeconfigFile())).build();
		Flux.range(0, OBJECTS)
			.flatMap((i) -> client.reactive().create(new ConfigMapBuilder().withNewMetadata().withName("big-" + i)
				.endMetadata().addToData("v", BIG).build()), 16)
			.blockLast();
	}

	@AfterAll
	static void stop() {
		client.close();
		server.close();
	}

	@Test
	void breakingOutOfALazyListGivesItsConnectionBack() {
		int before = server.openRequests();
		assertThat(readFirstAndBreak()).isNotNull();
		Poll.until("the list's request to end", () -> server.openRequests() == before, System::gc);
	}

	@Test
	void anExceptionInTheLoopBodyGivesTheConnectionBack() {
		int before = server.openRequests();
		try {
			throwInLoopBody();
		}
		catch (IllegalStateException expected) {
			// the loop body failed
		}
		Poll.until("the list's request to end", () -> server.openRequests() == before, System::gc);
	}

	@Test
	void aDroppedIterableGivesTheConnectionBack() {
		int before = server.openRequests();
		startAndDrop();
		Poll.until("the list's request to end", () -> server.openRequests() == before, System::gc);
	}

	@Test
	void closingTheListEndsItsRequestAtOnce() {
		int before = server.openRequests();
		try (ListIterable<ConfigMap> list = client.list(ConfigMap.class, ListOptions.defaults())) {
			assertThat(list.iterator().next()).isNotNull();
		}
		Poll.until("the list's request to end", () -> server.openRequests() == before);
	}

	// Each helper returns before the test waits, so that nothing on the test's stack keeps the iterator reachable.
	private static String readFirstAndBreak() {
		for (ConfigMap item : client.list(ConfigMap.class, ListOptions.defaults())) {
			return item.getMetadata().getName();
		}
		return null;
	}

	private static void startAndDrop() {
		ListIterable<ConfigMap> list = client.list(ConfigMap.class, ListOptions.defaults());
		assertThat(list.iterator().hasNext()).isTrue();
	}

	private static void throwInLoopBody() {
		for (ConfigMap item : client.list(ConfigMap.class, ListOptions.defaults())) {
			throw new IllegalStateException("failed on " + item.getMetadata().getName());
		}
	}

	@Test
	void closingTheClientEndsWatchesFollowedLogsAndExecSessionsWithAClearError() throws Exception {
		try (KubeApiServer own = KubeApiServer.start()) {
			ReactiveKubeClient reactive = ReactiveKubeClient.builder()
				.config(KubeConfig.fromFile(own.kubeconfigFile()))
				.buildReactive();
			KubeClient.of(reactive).create(new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
				.withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build());
			own.podLog("default", "web-0").append("started");
			CountDownLatch execRunning = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			own.onExec("sleep", (call) -> {
				execRunning.countDown();
				release.await(60, TimeUnit.SECONDS);
				return 0;
			});
			CompletableFuture<Throwable> watch = failure(reactive
				.watch(ConfigMap.class, WatchOptions.defaults().withOnError(WatchErrorHandler.retry()))
				.map(WatchEvent::type));
			CompletableFuture<Throwable> log = failure(reactive.log("web-0", LogOptions.defaults().withFollow(true)));
			CompletableFuture<Throwable> exec = failure(
					reactive.exec("web-0", ExecOptions.builder("sleep", "60").build()).flux());
			try {
				Poll.until("the watch to open", () -> own.openWatches() == 1);
				assertThat(execRunning.await(60, TimeUnit.SECONDS)).isTrue();
				Poll.until("the log to be followed", () -> own.openRequests() >= 3 || log.isDone());
				assertThat(log).as("the followed log, in flight").isNotDone();
				reactive.close();
				for (CompletableFuture<Throwable> ended : java.util.List.of(watch, log, exec)) {
					assertThat(ended.get(60, TimeUnit.SECONDS)).isInstanceOf(KubeException.class)
						.hasMessageContaining("client was closed");
				}
				// The server's exec handler is still running: let it return, then nothing may be left in flight.
				release.countDown();
				Poll.until("the server to see every stream end", () -> own.openRequests() == 0);
			}
			finally {
				release.countDown();
			}
		}
	}

	/** The error that ends {@code stream}, or an AssertionError when it ends without one. */
	private static CompletableFuture<Throwable> failure(Flux<?> stream) {
		CompletableFuture<Throwable> ended = new CompletableFuture<>();
		stream.subscribe((item) -> {
		}, ended::complete, () -> ended.complete(new AssertionError("ended without an error")));
		return ended;
	}

}
