package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ListOptions;
import dev.lightkube.ResourceList;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A list of 2,000 pages of one item: one operator plays every page (no nesting per page), so it completes with one
 * request per page, lazily and at once.
 */
class ListPagingScaleTests {

	private static final int PAGES = 2000;

	private static KubeApiServer server;

	private static KubeClient client;

	@BeforeAll
	static void start() {
		server = KubeApiServer.start();
		client = KubeClient.builder().config(KubeConfig.fromFile(server.kubeconfigFile())).build();
		Flux.range(0, PAGES)
			.flatMap((i) -> client.reactive().create(new ConfigMapBuilder().withNewMetadata()
				.withName(String.format("cm-%05d", i)).endMetadata().build()), 16)
			.blockLast();
	}

	@AfterAll
	static void stop() {
		client.close();
		server.close();
	}

	@Test
	void aLazyListOfTwoThousandPagesSendsOneRequestPerPage() {
		long before = server.requestCount();
		int items = 0;
		for (ConfigMap item : client.list(ConfigMap.class, ListOptions.defaults().withChunkSize(1))) {
			assertThat(item.getMetadata().getName()).isNotNull();
			items++;
		}
		assertThat(items).isEqualTo(PAGES);
		assertThat(server.requestCount() - before).isEqualTo(PAGES);
	}

	@Test
	void aWholeListOfTwoThousandPagesSendsOneRequestPerPage() {
		long before = server.requestCount();
		ResourceList<ConfigMap> list = client.listAll(ConfigMap.class, ListOptions.defaults().withChunkSize(1));
		assertThat(list.items()).hasSize(PAGES);
		assertThat(server.requestCount() - before).isEqualTo(PAGES);
	}

}
