package dev.lightkube.benchmarks.watches;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the many-watches measurement with 20 watches per client, in this JVM (no fork): every client opens
 * every watch, gets the first event of each, answers a get while they are open and leaves nothing open on the server
 * when closed. No timing is asserted.
 */
class ManyWatchesSmokeTests {

	private static final int WATCHES = 20;

	@Test
	void everyClientOpensEveryWatchOverHttp11() throws Exception {
		try (WatchServer server = new WatchServer(false)) {
			String url = server.uri().toString();
			check(server, new ManyWatchesMain.Lightkube(url, null));
			check(server, new ManyWatchesMain.Fabric8(url, null));
			check(server, new ManyWatchesMain.Official(url, null));
		}
	}

	@Test
	void lightkubeMultiplexesItsWatchesOverHttp2(@TempDir Path dir) throws Exception {
		try (WatchServer server = new WatchServer(true)) {
			Path ca = Files.writeString(dir.resolve("ca.pem"), server.certificatePem());
			check(server, new ManyWatchesMain.Lightkube(server.uri().toString(), ca));
		}
	}

	private static void check(WatchServer server, ManyWatchesMain.Subject subject) throws Exception {
		server.expect(WATCHES);
		ManyWatchesMain.Progress progress = new ManyWatchesMain.Progress(WATCHES);
		try (subject) {
			subject.open(WATCHES, progress);
			progress.await(60);
			assertThat(progress.remaining).as("watches without their first event").hasValue(0);
			assertThat(progress.errors()).isEqualTo("0");
			await(() -> server.openWatches() == WATCHES);
			assertThat(server.targetReachedAt()).isNotZero();
			assertThat(subject.get(new PodFixtures(1, 1).pod().getMetadata().getName())).isNotNull();
		}
		await(() -> server.openWatches() == 0);
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(condition.getAsBoolean()).as("condition within 30 s").isTrue();
	}

}
