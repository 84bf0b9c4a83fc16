package dev.lightkube.benchmarks.informers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.lightkube.test.KubeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the informer measurement on 30 pods, in this JVM (no fork): the loaded server serves pods with
 * managedFields, and every row's informer syncs every pod into its cache, keeps or drops managedFields as the row
 * says; lightkube's leaves no watch open on the server once closed (fabric8's JDK transport sometimes keeps its HTTP
 * watch open for a while after close, which does not matter to the measurement: each row's JVM exits). A server per
 * test. No timing is asserted.
 */
class InformerSyncSmokeTests {

	private static final int PODS = 30;

	private KubeApiServer server;

	private String firstPod;

	@BeforeEach
	void load() {
		this.server = KubeApiServer.start();
		this.firstPod = PodLoad.load(this.server.url(), PODS);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void theServerKeepsManagedFieldsOfBothWriters() {
		assertThat(PodLoad.describe(this.server.url(), this.firstPod)).contains("(2 entries)");
	}

	@Test
	void lightkubeWatchList() throws Exception {
		check("lightkube-watchlist", true);
	}

	@Test
	void lightkubeWatchListWithoutManagedFields() throws Exception {
		check("lightkube-watchlist-lean", false);
	}

	@Test
	void lightkubeListWatch() throws Exception {
		check("lightkube-list-watch", true);
	}

	@Test
	void lightkubeListWatchWithoutManagedFields() throws Exception {
		check("lightkube-list-watch-lean", false);
	}

	@Test
	void fabric8() throws Exception {
		check("fabric8", true);
	}

	@Test
	void fabric8WatchList() throws Exception {
		long before = this.server.requestCount();
		check("fabric8-watchlist", true);
		// One watch (WatchList), one warm-up get; a LIST would be a third request.
		assertThat(this.server.requestCount() - before).isEqualTo(2);
	}

	@Test
	void official() throws Exception {
		// The official client drops managedFields while decoding (since 22.0.0), whatever the server sends.
		check("official", false);
	}

	private void check(String row, boolean managedFields) throws Exception {
		KubeApiServer server = this.server;
		String firstPod = this.firstPod;
		try (InformerRows.Subject subject = InformerRows.create(row, server.url())) {
			subject.warmUp(firstPod);
			subject.start();
			assertThat(subject.awaitSynced(Duration.ofSeconds(60))).as(row + " synced").isTrue();
			assertThat(subject.cached()).isEqualTo(PODS);
			assertThat(subject.managedFieldsCached()).as(row + " caches managedFields").isEqualTo(managedFields);
		}
		if (!row.startsWith("lightkube")) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (server.openWatches() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(server.openWatches()).as("watches open after " + row + " closed").isZero();
	}

}
