package dev.lightkube;

import static dev.lightkube.MisbehavingServer.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * How list bodies reach the decoder: a body with {@code Content-Length} is decoded while it arrives (never gathered
 * first), however the bytes are cut into buffers, and the size limit applies to each item of a whole list as it
 * does to a lazy one.
 */
class KubeClientListStreamingTests {

	private static final String PROBES_PATH = "/apis/example.com/v1/namespaces/default/probes";

	private static KubeClientBuilder builder(MisbehavingServer server) {
		return KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(server.url()), User.ANONYMOUS, "default"))
			.maxRetries(0);
	}

	private static String probe(String name) {
		return "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Probe\",\"metadata\":{\"name\":\"" + name + "\"}}";
	}

	/**
	 * A server that sends the head of a {@code Content-Length} list (its metadata and first item) and holds the tail
	 * back until the client has decoded that first item (or, as a safety net, 30 s have passed).
	 * @param tailWaited set to whether the tail was sent because the first item was decoded
	 */
	private static MisbehavingServer holdingBackTheTail(CountDownLatch firstDecoded, AtomicBoolean tailWaited)
			throws IOException {
		byte[] headBytes = ("{\"kind\":\"ProbeList\",\"apiVersion\":\"example.com/v1\",\"metadata\":"
				+ "{\"resourceVersion\":\"7\"},\"items\":[" + probe("a") + ",").getBytes(StandardCharsets.UTF_8);
		byte[] tailBytes = (probe("b") + "]}").getBytes(StandardCharsets.UTF_8);
		return new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nContent-Length: " + (headBytes.length + tailBytes.length));
			out.write(headBytes);
			out.flush();
			try {
				tailWaited.set(firstDecoded.await(30, TimeUnit.SECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			out.write(tailBytes);
			out.flush();
		});
	}

	@Test
	void listAllDecodesAContentLengthBodyWhileItArrives() throws Exception {
		CountDownLatch firstDecoded = new CountDownLatch(1);
		AtomicBoolean tailWaited = new AtomicBoolean();
		Probe.decoded = firstDecoded;
		try (MisbehavingServer server = holdingBackTheTail(firstDecoded, tailWaited);
				KubeClient client = builder(server).build()) {
			ResourceList<Probe> probes = client.listAll(Probe.class, ListOptions.defaults());
			assertThat(probes.items()).extracting((probe) -> probe.getMetadata().getName()).containsExactly("a", "b");
			assertThat(probes.resourceVersion()).isEqualTo("7");
			// The server sent the last bytes only after the client had decoded the first item.
			assertThat(tailWaited).isTrue();
			assertThat(server.requests()).singleElement()
				.satisfies((request) -> assertThat(request.target()).startsWith(PROBES_PATH));
		}
		finally {
			Probe.decoded = null;
		}
	}

	@Test
	void reactiveListAllDecodesAContentLengthBodyWhileItArrives() throws Exception {
		CountDownLatch firstDecoded = new CountDownLatch(1);
		AtomicBoolean tailWaited = new AtomicBoolean();
		Probe.decoded = firstDecoded;
		try (MisbehavingServer server = holdingBackTheTail(firstDecoded, tailWaited);
				ReactiveKubeClient client = builder(server).buildReactive()) {
			ResourceList<Probe> probes = client.listAll(Probe.class, ListOptions.defaults()).block();
			assertThat(probes.items()).extracting((probe) -> probe.getMetadata().getName()).containsExactly("a", "b");
			assertThat(tailWaited).isTrue();
		}
		finally {
			Probe.decoded = null;
		}
	}

	@Test
	void lazyListHandsOutTheFirstItemOfAContentLengthBodyBeforeItsLastByte() throws Exception {
		CountDownLatch firstDecoded = new CountDownLatch(1);
		AtomicBoolean tailWaited = new AtomicBoolean();
		try (MisbehavingServer server = holdingBackTheTail(firstDecoded, tailWaited);
				KubeClient client = builder(server).build();
				ListIterable<Probe> probes = client.list(Probe.class, ListOptions.defaults())) {
			Iterator<Probe> iterator = probes.iterator();
			assertThat(iterator.next().getMetadata().getName()).isEqualTo("a");
			// Handed out while the server still holds the rest back; now let it go on.
			firstDecoded.countDown();
			assertThat(iterator.next().getMetadata().getName()).isEqualTo("b");
			assertThat(iterator.hasNext()).isFalse();
			assertThat(tailWaited).isTrue();
			assertThat(probes.resourceVersion()).isEqualTo("7");
		}
	}

	@Test
	void aListInOneWriteAndInOneByteChunksDecodesTheSame() throws Exception {
		// Strings with brackets, quotes, escapes and multi-byte characters, so that cuts fall inside all of them.
		StringBuilder list = new StringBuilder("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":"
				+ "{\"resourceVersion\":\"42\",\"continue\":\"\"},\"items\":[");
		for (int i = 0; i < 20; i++) {
			list.append((i > 0) ? ",\n  " : "")
				.append("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"cm-")
				.append(i)
				.append("\",\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"{[\\\"x\\\\\\\\]}\\u00e9 é ✓ ")
				.append("z".repeat(i * 37))
				.append("\"}}");
		}
		byte[] body = list.append("]}").toString().getBytes(StandardCharsets.UTF_8);
		try (MisbehavingServer oneWrite = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nContent-Length: " + body.length);
			out.write(body);
			out.flush();
		}); MisbehavingServer oneByteChunks = new MisbehavingServer((request, out) -> {
			head(out, 200, "Content-Type: application/json\r\nTransfer-Encoding: chunked");
			for (byte b : body) {
				out.write(("1\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.write(b);
				out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}); KubeClient whole = builder(oneWrite).build(); KubeClient cut = builder(oneByteChunks).build()) {
			ResourceList<ConfigMap> expected = whole.listAll(ConfigMap.class, ListOptions.defaults());
			assertThat(expected.items()).hasSize(20);
			assertThat(expected.items().get(3).getData()).containsEntry("k", "{[\"x\\\\]}é é ✓ " + "z".repeat(111));
			assertThat(expected.resourceVersion()).isEqualTo("42");
			ResourceList<ConfigMap> fromBytes = cut.listAll(ConfigMap.class, ListOptions.defaults());
			assertThat(fromBytes.items()).isEqualTo(expected.items());
			assertThat(fromBytes.resourceVersion()).isEqualTo("42");
			List<ConfigMap> lazy = new ArrayList<>();
			try (ListIterable<ConfigMap> items = cut.list(ConfigMap.class, ListOptions.defaults())) {
				items.forEach(lazy::add);
			}
			assertThat(lazy).isEqualTo(expected.items());
		}
	}

	@Test
	void anItemOfAWholeListLargerThanTheLimitFailsAsInALazyList() throws Exception {
		String big = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\""
				+ "x".repeat(8000) + "\"}}";
		String small = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\"}}";
		String message = "An item of the answer to list /api/v1/namespaces/default/configmaps is larger than the limit "
				+ "of 4096 bytes: raise it with KubeClientBuilder.maxResponseSize(...) or the property "
				+ "lightkube.response.max-size";
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> MisbehavingServer.json(out, 200,
				"{\"kind\":\"ConfigMapList\",\"metadata\":{},\"items\":[" + small + "," + big + "]}"));
				KubeClient client = builder(server).maxResponseSize(4096).build();
				ReactiveKubeClient reactive = builder(server).maxResponseSize(4096).buildReactive()) {
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.listAll(ConfigMap.class, ListOptions.defaults()))
				.withMessage(message);
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> reactive.listAll(ConfigMap.class, ListOptions.defaults()).block())
				.withMessage(message);
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> client.list(ConfigMap.class, ListOptions.defaults()).forEach((item) -> {
				}))
				.withMessage(message);
		}
	}

	@Test
	void anItemThatCannotBeDecodedFailsAWholeListWithTheListsMessage() throws Exception {
		String bad = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":[1]}}";
		try (MisbehavingServer server = new MisbehavingServer((request, out) -> MisbehavingServer.json(out, 200,
				"{\"kind\":\"ConfigMapList\",\"metadata\":{},\"items\":[" + bad + "]}"));
				KubeClient client = builder(server).build();
				ReactiveKubeClient reactive = builder(server).buildReactive()) {
			// Decoded on the calling thread (blocking) or on the event loop (reactive): the same error either way.
			KubeException blocking = org.junit.jupiter.api.Assertions.assertThrows(KubeException.class,
					() -> client.listAll(ConfigMap.class, ListOptions.defaults()));
			KubeException onTheLoop = org.junit.jupiter.api.Assertions.assertThrows(KubeException.class,
					() -> reactive.listAll(ConfigMap.class, ListOptions.defaults()).block());
			assertThat(blocking.getMessage()).startsWith("Cannot decode an item of the answer to list "
					+ "/api/v1/namespaces/default/configmaps as ConfigMap: ")
				.isEqualTo(onTheLoop.getMessage());
		}
	}

	/** A kind that reports when an item of it has been decoded. */
	@Group("example.com")
	@Version("v1")
	@Kind("Probe")
	@Plural("probes")
	// HasMetadata's own deserializer would make a generic object of an unknown kind
	@JsonDeserialize(using = ValueDeserializer.None.class)
	public static class Probe implements HasMetadata, Namespaced {

		private static final long serialVersionUID = 1L;

		static volatile @Nullable CountDownLatch decoded;

		private String apiVersion = "example.com/v1";

		private String kind = "Probe";

		private ObjectMeta metadata;

		@Override
		public ObjectMeta getMetadata() {
			return this.metadata;
		}

		@Override
		public void setMetadata(ObjectMeta metadata) {
			this.metadata = metadata;
			CountDownLatch latch = decoded;
			if (latch != null) {
				latch.countDown();
			}
		}

		@Override
		public String getApiVersion() {
			return this.apiVersion;
		}

		@Override
		public void setApiVersion(String apiVersion) {
			this.apiVersion = apiVersion;
		}

		@Override
		public String getKind() {
			return this.kind;
		}

		public void setKind(String kind) {
			this.kind = kind;
		}

	}

}
