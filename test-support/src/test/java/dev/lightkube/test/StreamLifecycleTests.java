package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.ListIterable;
import dev.lightkube.ListOptions;
import dev.lightkube.config.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A lazy list left early (a {@code break}, an exception in the loop body, an iterable dropped, or closed) leaves
 * nothing in flight on the server once its iterator is gone. The cancellation itself is shown in the client's
 * {@code BlockingListTests}: this server writes even large lists into the socket buffers before the client has read
 * far, so these tests alone would not tell a held list from a released one.
 */
class StreamLifecycleTests {

	// More items than the blocking iterator reads ahead (256).
	private static final int OBJECTS = 1000;

	private static final String BIG = "x".repeat(1024);

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

}
