package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchOptions;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.Timeouts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * One client used as an operator uses it: hundreds of threads and hundreds of open watches at once. Long-lived
 * streams have their own connection budget (over HTTP/1.1) or share multiplexed connections (HTTP/2 over TLS), so
 * no request waits behind them, and ordinary concurrency waits a bounded time for a connection instead of being
 * refused.
 */
class ConnectionScaleTests {

	private static final int THREADS = 256;

	private static final int CALLS_PER_THREAD = 4;

	// Generous read and pool timeouts: the machines that run these tests may be busy, and what is tested here is that
	// no call fails for want of a connection, not how fast a loaded server answers.
	private static final Timeouts PATIENT = Timeouts.of(Duration.ofMinutes(2));

	@Test
	void twoHundredFiftySixThreadsOnOneClientNeverFailForWantOfAConnection() throws Exception {
		try (KubeApiServer server = KubeApiServer.start();
				KubeClient client = KubeClient.builder().config(KubeConfig.fromFile(server.kubeconfigFile()))
					.fieldManager("scale-test")
					.timeouts(PATIENT)
					.build()) {
			client.create(configMap("shared", "0"));
			ExecutorService threads = Executors.newFixedThreadPool(THREADS);
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			AtomicInteger succeeded = new AtomicInteger();
			CountDownLatch start = new CountDownLatch(1);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					int thread = t;
					done.add(threads.submit(() -> {
						await(start);
						for (int call = 0; call < CALLS_PER_THREAD; call++) {
							try {
								switch ((thread + call) % 3) {
									case 0 -> client.get(ConfigMap.class, "shared");
									case 1 -> client.listAll(ConfigMap.class, ListOptions.defaults());
									default -> client.patch(ConfigMap.class, "shared",
											Map.of("data", Map.of("t" + thread, Integer.toString(call))));
								}
								succeeded.incrementAndGet();
							}
							catch (RuntimeException ex) {
								failures.add(ex);
							}
						}
					}));
				}
				start.countDown();
				for (Future<?> future : done) {
					future.get(5, TimeUnit.MINUTES);
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(failures).isEmpty();
			assertThat(succeeded).hasValue(THREADS * CALLS_PER_THREAD);
		}
	}

	@ParameterizedTest(name = "tls+http2={0}")
	@ValueSource(booleans = { false, true })
	void fiveHundredOpenWatchesDoNotStarveAThousandGets(boolean tlsWithHttp2) throws Exception {
		int watches = 500;
		try (KubeApiServer server = KubeApiServer.builder().tls(tlsWithHttp2).http2(tlsWithHttp2).start();
				ReactiveKubeClient client = ReactiveKubeClient.builder()
					.config(KubeConfig.fromFile(server.kubeconfigFile()))
					.timeouts(PATIENT)
					.buildReactive()) {
			KubeClient blocking = KubeClient.of(client);
			blocking.create(configMap("probe", "1"));
			Disposable.Composite open = Disposables.composite();
			try {
				for (int i = 0; i < watches; i++) {
					open.add(client.watch(ConfigMap.class, WatchOptions.defaults().withOnError(WatchErrorHandler.retry()))
						.subscribe());
				}
				Poll.until(watches + " open watches", () -> server.openWatches() == watches);
				ExecutorService threads = Executors.newFixedThreadPool(16);
				AtomicInteger answered = new AtomicInteger();
				try {
					List<Future<?>> done = new ArrayList<>();
					for (int t = 0; t < 16; t++) {
						done.add(threads.submit(() -> {
							for (int i = 0; i < 1000 / 16 + 1 && answered.get() < 1000; i++) {
								assertThat(blocking.get(ConfigMap.class, "probe").getData()).containsEntry("v", "1");
								answered.incrementAndGet();
							}
						}));
					}
					for (Future<?> future : done) {
						future.get(5, TimeUnit.MINUTES);
					}
				}
				finally {
					threads.shutdownNow();
				}
				assertThat(answered.get()).isGreaterThanOrEqualTo(1000);
				assertThat(server.openWatches()).isEqualTo(watches);
				if (tlsWithHttp2) {
					// Multiplexed, also when all are opened at once: a few connections (each carries up to the server's
					// maximum of concurrent streams), plus those of the gets.
					assertThat(server.openConnections()).isLessThan(watches / 10);
				}
				else {
					// One HTTP/1.1 connection per open watch, plus those of the gets.
					assertThat(server.openConnections()).isGreaterThanOrEqualTo(watches);
				}
			}
			finally {
				open.dispose();
			}
			Poll.until("every watch closed", () -> server.openWatches() == 0);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static ConfigMap configMap(String name, String value) {
		return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
	}

}
