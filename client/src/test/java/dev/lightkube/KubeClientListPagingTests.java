package dev.lightkube;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class KubeClientListPagingTests extends WireMockTestSupport {

	private static final String PODS = "/api/v1/namespaces/default/pods";

	private static String page(String resourceVersion, String continueToken, String... names) {
		String items = java.util.Arrays.stream(names)
			.map((name) -> "{\"metadata\":{\"name\":\"" + name + "\"}}")
			.collect(Collectors.joining(","));
		String token = (continueToken != null) ? ",\"continue\":\"" + continueToken + "\"" : "";
		return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion
				+ "\"" + token + "},\"items\":[" + items + "]}";
	}

	private void stubThreePages() {
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", absent())
			.willReturn(okJson(page("10", "t1", "a", "b"))));
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", equalTo("t1"))
			.willReturn(okJson(page("10", "t2", "c", "d"))));
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", equalTo("t2"))
			.willReturn(okJson(page("10", null, "e"))));
	}

	private static List<String> names(Iterable<Pod> pods) {
		List<String> names = new ArrayList<>();
		pods.forEach((pod) -> names.add(pod.getMetadata().getName()));
		return names;
	}

	@Test
	void threePagesAreFetchedOnlyWhenIterationReachesThem() {
		stubThreePages();
		ListIterable<Pod> pods = this.client.list(Pod.class, ListOptions.defaults().withChunkSize(2));
		Iterator<Pod> iterator = pods.iterator();
		assertThat(iterator.next().getMetadata().getName()).isEqualTo("a");
		assertThat(pods.resourceVersion()).isEqualTo("10");
		this.server.verify(1, getRequestedFor(urlPathEqualTo(PODS)));
		List<String> rest = new ArrayList<>();
		iterator.forEachRemaining((pod) -> rest.add(pod.getMetadata().getName()));
		assertThat(rest).containsExactly("b", "c", "d", "e");
		this.server.verify(3, getRequestedFor(urlPathEqualTo(PODS)).withQueryParam("limit", equalTo("2")));
	}

	@Test
	void reactiveListFetchesTheNextPageOnDemand() {
		stubThreePages();
		StepVerifier.create(this.client.reactive().list(Pod.class, ListOptions.defaults().withChunkSize(2)), 1)
			.assertNext((pod) -> assertThat(pod.getMetadata().getName()).isEqualTo("a"))
			.then(() -> this.server.verify(1, getRequestedFor(urlPathEqualTo(PODS))))
			.thenRequest(10)
			.expectNextCount(4)
			.verifyComplete();
		this.server.verify(3, getRequestedFor(urlPathEqualTo(PODS)));
	}

	private void stubExpiredTokenOnPageTwo() {
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", absent())
			.inScenario("expiry").whenScenarioStateIs(STARTED).willSetStateTo("relisted")
			.willReturn(okJson(page("10", "old", "stale-a", "stale-b"))));
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", absent())
			.inScenario("expiry").whenScenarioStateIs("relisted")
			.willReturn(okJson(page("20", "t1", "a", "b"))));
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", equalTo("old"))
			.willReturn(aResponse().withStatus(410).withHeader("Content-Type", "application/json")
				.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"The provided "
						+ "continue parameter is too old to display a consistent list result.\",\"reason\":\"Expired\","
						+ "\"code\":410}")));
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", equalTo("t1"))
			.willReturn(okJson(page("20", "t2", "c", "d"))));
		this.server.stubFor(get(urlPathEqualTo(PODS)).withQueryParam("continue", equalTo("t2"))
			.willReturn(okJson(page("20", null, "e"))));
	}

	@Test
	void expiredContinueTokenRestartsAWholeListFromTheBeginning() {
		stubExpiredTokenOnPageTwo();
		try (KubeClient eager = builder().lazy(false).build()) {
			ListIterable<Pod> pods = eager.list(Pod.class, ListOptions.defaults().withChunkSize(2));
			assertThat(names(pods)).containsExactly("a", "b", "c", "d", "e");
			assertThat(pods.resourceVersion()).isEqualTo("20");
		}
		this.server.verify(5, getRequestedFor(urlPathEqualTo(PODS)));
	}

	@Test
	void reactiveListOfAnEagerClientRestartsToo() {
		stubExpiredTokenOnPageTwo();
		try (ReactiveKubeClient eager = builder().lazy(false).buildReactive()) {
			StepVerifier.create(eager.list(Pod.class, ListOptions.defaults().withChunkSize(2)).map((pod) -> pod.getMetadata().getName()))
				.expectNext("a", "b", "c", "d", "e")
				.verifyComplete();
		}
	}

	@Test
	void listAllRestartsOnExpiredContinueTokenAlsoForALazyClient() {
		stubExpiredTokenOnPageTwo();
		ResourceList<Pod> pods = this.client.listAll(Pod.class, ListOptions.defaults().withChunkSize(2));
		assertThat(names(pods.items())).containsExactly("a", "b", "c", "d", "e");
		assertThat(pods.resourceVersion()).isEqualTo("20");
	}

	@Test
	void lazyListFailsOnExpiredContinueTokenRatherThanJoiningTwoSnapshots() {
		stubExpiredTokenOnPageTwo();
		List<String> seen = new ArrayList<>();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> {
			for (Pod pod : this.client.list(Pod.class, ListOptions.defaults().withChunkSize(2))) {
				seen.add(pod.getMetadata().getName());
			}
		}).satisfies((ex) -> assertThat(ex.code()).isEqualTo(410));
		assertThat(seen).containsExactly("stale-a", "stale-b");
	}

	@Test
	void largeListAndLargeObjectsDecodeWithoutBufferLimit() {
		String big = "x".repeat(5 * 1024 * 1024);
		String items = IntStream.range(0, 2000)
			.mapToObj((i) -> "{\"metadata\":{\"name\":\"cm-" + i + "\",\"labels\":{\"i\":\"" + i + "\"}},\"data\":{\"k\":\"v" + i + "\"}}")
			.collect(Collectors.joining(","));
		this.server.stubFor(get("/api/v1/namespaces/default/configmaps").willReturn(okJson(
				"{\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[{\"metadata\":{\"name\":\"big\"},"
						+ "\"data\":{\"blob\":\"" + big + "\"}}," + items + "]}")));
		this.server.stubFor(get("/api/v1/namespaces/default/configmaps/big")
			.willReturn(okJson("{\"metadata\":{\"name\":\"big\"},\"data\":{\"blob\":\"" + big + "\"}}")));
		List<ConfigMap> configMaps = this.client.list(ConfigMap.class).stream().toList();
		assertThat(configMaps).hasSize(2001);
		assertThat(configMaps.get(0).getData().get("blob")).hasSize(big.length());
		assertThat(configMaps.get(2000).getData()).containsEntry("k", "v1999");
		assertThat(this.client.get(ConfigMap.class, "big").getData().get("blob")).hasSize(big.length());
	}

	@Test
	void aSlowConsumerOfALazyListDoesNotTripTheReadTimeout() throws InterruptedException {
		String filler = "y".repeat(2000);
		String items = IntStream.range(0, 10000)
			.mapToObj((i) -> "{\"metadata\":{\"name\":\"cm-" + i + "\"},\"data\":{\"k\":\"" + filler + "\"}}")
			.collect(Collectors.joining(","));
		this.server.stubFor(get("/api/v1/namespaces/default/configmaps")
			.willReturn(okJson("{\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[" + items + "]}")));
		try (KubeClient slowReader = builder().timeouts(dev.lightkube.config.Timeouts.DEFAULT
			.withRead(java.time.Duration.ofSeconds(5))).build()) {
			// Warm up server and client, so that the first answer below comes well within the read timeout.
			assertThat(slowReader.list(ConfigMap.class).stream().count()).isEqualTo(10000);
			Iterator<ConfigMap> iterator = slowReader.list(ConfigMap.class).iterator();
			assertThat(iterator.next().getMetadata().getName()).isEqualTo("cm-0");
			// Longer than the read timeout, while the connection is stalled by backpressure. (The timeout is 5 s, not
			// less, so that a loaded machine's pauses between the chunks after the stall do not trip it.)
			Thread.sleep(7000);
			int count = 1;
			while (iterator.hasNext()) {
				iterator.next();
				count++;
			}
			assertThat(count).isEqualTo(10000);
		}
	}

	@Test
	void itemsDecodeWithTheModelsCustomDeserializers() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods").willReturn(okJson("{\"items\":[{\"metadata\":"
				+ "{\"name\":\"a\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"500m\"}},"
				+ "\"ports\":[{\"containerPort\":80}],\"livenessProbe\":{\"httpGet\":{\"port\":\"http\"}}}]}}]}")));
		Pod pod = this.client.list(Pod.class).iterator().next();
		assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
		assertThat(pod.getSpec().getContainers().get(0).getLivenessProbe().getHttpGet().getPort().getStrVal())
			.isEqualTo("http");
	}

	@Test
	void listBodyOfAnUnexpectedShapeFailsClearly() {
		this.server.stubFor(get("/api/v1/namespaces/default/pods").willReturn(okJson("{\"items\":[{\"metadata\":")));
		assertThatExceptionOfType(KubeException.class).isThrownBy(() -> names(this.client.list(Pod.class)))
			.withMessageContaining("list /api/v1/namespaces/default/pods");
	}

}
