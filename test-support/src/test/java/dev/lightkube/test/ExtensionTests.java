package dev.lightkube.test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The JUnit extension shares one server per class (no reset unless asked); the builder checks its input.
 */
@KubeApiServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTests {

	private final KubeApiServer constructorServer;

	ExtensionTests(KubeApiServer server) {
		this.constructorServer = server;
	}

	@Test
	@Order(1)
	void methodAndConstructorGetTheSameServer(KubeApiServer server) {
		assertThat(server).isSameAs(this.constructorServer);
		assertThat(server.url()).startsWith("http://127.0.0.1:");
		new Http(server).post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"kept\"}}");
	}

	@Test
	@Order(2)
	void stateSurvivesBetweenTestsWithoutReset(KubeApiServer server) {
		assertThat(new Http(server).get("/api/v1/namespaces/default/configmaps/kept").status()).isEqualTo(200);
	}

	@Test
	void kubeconfigFileIsWritten(KubeApiServer server) throws Exception {
		assertThat(java.nio.file.Files.readString(server.kubeconfigFile())).isEqualTo(server.kubeconfig());
	}

	@Test
	void oneServerPerClassClosedAfterTheClass() {
		Sample.seen.clear();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create()
			.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build(), listener);
		assertThat(listener.getSummary().getTestsSucceededCount()).isEqualTo(2);
		assertThat(Sample.seen).hasSize(2);
		assertThat(Sample.seen.get(0)).isSameAs(Sample.seen.get(1));
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> new Http(Sample.seen.get(0)).get("/version"));
	}

	/** Run through the launcher by {@link #oneServerPerClassClosedAfterTheClass()}, not by the build. */
	@KubeApiServerTest(resetAfterEach = true)
	static class Sample {

		static final List<KubeApiServer> seen = new CopyOnWriteArrayList<>();

		@Test
		void first(KubeApiServer server) {
			seen.add(server);
		}

		@Test
		void second(KubeApiServer server) {
			seen.add(server);
		}

	}

	@Test
	void builderRejectsBadSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> KubeApiServer.builder().port(-1))
			.withMessageContaining("port");
		assertThatIllegalArgumentException().isThrownBy(() -> KubeApiServer.builder().retainedHistory(0))
			.withMessageContaining("retainedHistory");
		assertThatIllegalArgumentException().isThrownBy(() -> KubeApiServer.builder().bookmarkInterval(Duration.ZERO))
			.withMessageContaining("bookmarkInterval");
	}

}
