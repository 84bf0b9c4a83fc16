package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.ExecOptions;
import dev.lightkube.KubeClient;
import dev.lightkube.KubeException;
import dev.lightkube.LogOptions;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WatchErrorHandler;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchOptions;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Closing a client ends its streams in flight with a clear error, and the server sees them end. */
class ClientCloseTests {

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
			CountDownLatch logFollowed = new CountDownLatch(1);
			CompletableFuture<Throwable> log = failure(reactive.log("web-0", LogOptions.defaults().withFollow(true))
				.doOnNext((line) -> logFollowed.countDown()));
			CompletableFuture<Throwable> exec = failure(
					reactive.exec("web-0", ExecOptions.of("sleep", "60")).flux());
			try {
				Poll.until("the watch to open", () -> own.openWatches() == 1);
				assertThat(execRunning.await(60, TimeUnit.SECONDS)).isTrue();
				assertThat(logFollowed.await(60, TimeUnit.SECONDS)).isTrue();
				assertThat(watch).isNotDone();
				assertThat(log).isNotDone();
				assertThat(exec).isNotDone();
				reactive.close();
				for (CompletableFuture<Throwable> ended : List.of(watch, log, exec)) {
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
