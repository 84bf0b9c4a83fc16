package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import dev.lightkube.internal.http.ClientClosedException;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client checks its configuration when it is built and builds what sending needs (the request sender, the
 * streaming verbs) on its first request, once.
 */
class KubeClientDeferredStartTests extends WireMockTestSupport {

	@Test
	void buildingAndReadingTheSettingsSendsNothingAndBuildsNoSender() {
		try (KubeClient built = builder().namespace("apps").fieldManager("me").dryRun(true).lazy(false).build()) {
			ReactiveKubeClient reactive = built.reactive();
			assertThat(built.namespace()).isEqualTo("apps");
			assertThat(built.fieldManager()).isEqualTo("me");
			assertThat(built.dryRun()).isTrue();
			assertThat(reactive.lazy()).isFalse();
			assertThat(built.config().cluster().server()).isEqualTo(this.server.baseUrl());
			assertThat(reactive.toString()).contains("namespace=apps");
			assertThat(reactive.started()).isFalse();
		}
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void theFirstRequestBuildsTheSenderAndUsesTheClientsSettings() {
		this.server.stubFor(get("/api/v1/namespaces/apps/pods/p").willReturn(okJson("{\"kind\":\"Pod\"}")));
		try (KubeClient built = builder().namespace("apps").build()) {
			assertThat(built.reactive().started()).isFalse();
			assertThat(built.get(Pod.class, "p").getKind()).isEqualTo("Pod");
			assertThat(built.reactive().started()).isTrue();
		}
		this.server.verify(1, getRequestedFor(urlEqualTo("/api/v1/namespaces/apps/pods/p")));
	}

	@Test
	void closingBeforeTheFirstRequestBuildsNothingAndARequestThenFailsAsClosed() {
		KubeClient built = builder().build();
		built.close();
		assertThat(built.reactive().started()).isFalse();
		assertThatExceptionOfType(ClientClosedException.class).isThrownBy(() -> built.get(Pod.class, "p"));
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void concurrentFirstRequestsShareOneSender() throws Exception {
		int threads = 200;
		try (ReactiveKubeClient reactive = builder().buildReactive()) {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			CountDownLatch go = new CountDownLatch(1);
			try {
				List<Future<ReactiveKubeClient.Core>> cores = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					cores.add(pool.submit(() -> {
						go.await();
						return reactive.core();
					}));
				}
				go.countDown();
				Set<ReactiveKubeClient.Core> distinct = ConcurrentHashMap.newKeySet();
				for (Future<ReactiveKubeClient.Core> core : cores) {
					distinct.add(core.get(30, TimeUnit.SECONDS));
				}
				assertThat(distinct).hasSize(1);
				assertThat(distinct.iterator().next()).isSameAs(reactive.core());
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void aBrokenConfigurationStillFailsTheBuild() {
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of("not a url"), User.ANONYMOUS, "default"))
			.build());
		assertThatIllegalArgumentException().isThrownBy(() -> KubeClient.builder().maxRetries(-1));
	}

}
