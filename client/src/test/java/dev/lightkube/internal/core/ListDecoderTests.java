package dev.lightkube.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeException;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * The event loop's list decoder; {@link ListReaderTests} runs every test again on the blocking client's reader, so that
 * both read the same lists alike and fail with the same messages.
 */
class ListDecoderTests {

	// JSON text of the string }]{["\" ,:(newline)A\
	private static final String TRICKY = "}]{[\\\"\\\\\\\" ,:\\n\\u0041\\\\";

	private final NettyDataBufferFactory factory = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

	private final List<ByteBuf> sent = new ArrayList<>();

	@Test
	void decodesMetadataAndItemsInOrderAndAppliesTheFixer() {
		String body = """
				{"kind": "PodList", "apiVersion": "v1",
				 "metadata": {"resourceVersion": "42", "continue": "next"},
				 "items": [ {"metadata": {"name": "a"}}, {"metadata": {"name": "b"}} ] }
				""";
		List<ListElement<Pod>> elements = decode(body.getBytes(StandardCharsets.UTF_8), (pod) -> {
			pod.setKind("Pod");
			return pod;
		}, body.length());
		assertThat(elements).hasSize(3);
		ListMeta meta = ((ListElement.Meta<Pod>) elements.get(0)).metadata();
		assertThat(meta.getResourceVersion()).isEqualTo("42");
		assertThat(meta.getContinue()).isEqualTo("next");
		assertThat(items(elements)).extracting((pod) -> pod.getMetadata().getName()).containsExactly("a", "b");
		assertThat(items(elements)).extracting(Pod::getKind).containsExactly("Pod", "Pod");
		assertReleased();
	}

	@Test
	void decodesAnItemSplitAtEveryByteBoundary() {
		byte[] body = ("{\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{\"metadata\":{\"name\":\"a\","
				+ "\"annotations\":{\"x\":\"" + TRICKY + "\"}}},{\"metadata\":{\"name\":\"b\"}}]}")
			.getBytes(StandardCharsets.UTF_8);
		List<ListElement<Pod>> expected = expected(body);
		for (int split = 1; split < body.length; split++) {
			assertThat(decode(body, UnaryOperator.identity(), split, body.length - split)).as("split at " + split)
				.isEqualTo(expected);
		}
		assertThat(decode(body, UnaryOperator.identity(), ones(body.length))).isEqualTo(expected);
		assertReleased();
	}

	@Test
	void keepsBracesBracketsAndEscapedQuotesInsideStrings() {
		String body = "{\"items\":[{\"metadata\":{\"name\":\"a\",\"annotations\":{\"}]\\\"{[\":\"" + TRICKY
				+ "\"}}}],\"metadata\":{\"resourceVersion\":\"1\"}}";
		List<ListElement<Pod>> elements = decode(body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 5);
		assertThat(items(elements)).singleElement()
			.satisfies((pod) -> assertThat(pod.getMetadata().getAnnotations())
				.containsEntry("}]\"{[", "}]{[\"\\\" ,:\nA\\"));
	}

	@Test
	void decodesMetadataAfterItems() {
		String body = "{\"items\":[{\"metadata\":{\"name\":\"a\"}}],\"kind\":\"PodList\","
				+ "\"metadata\":{\"resourceVersion\":\"9\",\"continue\":\"c\"}}";
		List<ListElement<Pod>> elements = decode(body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 3);
		assertThat(elements).hasSize(2);
		assertThat(elements.get(0)).isInstanceOf(ListElement.Item.class);
		assertThat(((ListElement.Meta<Pod>) elements.get(1)).metadata().getContinue()).isEqualTo("c");
	}

	@Test
	void decodesAFiveMegabyteItemAcrossManyBuffers() {
		String big = "x{\\\"]".repeat(1024 * 1024);
		byte[] body = ("{\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"name\":\"big\",\"annotations\":"
				+ "{\"big\":\"" + big + "\"}}},{\"metadata\":{\"name\":\"c\"}}]}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(body.length).isGreaterThan(5 * 1024 * 1024);
		int[] chunks = new int[body.length / 65536 + 1];
		Arrays.fill(chunks, 65536);
		List<Pod> pods = items(decode(body, UnaryOperator.identity(), chunks));
		assertThat(pods).extracting((pod) -> pod.getMetadata().getName()).containsExactly("a", "big", "c");
		String decoded = pods.get(1).getMetadata().getAnnotations().get("big");
		assertThat(decoded.length()).isEqualTo(4 * 1024 * 1024);
		assertThat(decoded).startsWith("x{\"]x").endsWith("]x{\"]");
		assertReleased();
	}

	@Test
	void decodesUnicodeSplitInsideMultiByteCharacters() {
		byte[] body = ("{\"items\":[{\"metadata\":{\"name\":\"a\",\"annotations\":{\"日本\":\"ü€😀 \\u00e9\\ud83d\\ude00\"}}}],"
				+ "\"metadata\":{\"continue\":\"ç\"}}")
			.getBytes(StandardCharsets.UTF_8);
		List<ListElement<Pod>> expected = expected(body);
		assertThat(items(expected).get(0).getMetadata().getAnnotations()).containsEntry("日本", "ü€😀 é😀");
		for (int split = 1; split < body.length; split++) {
			assertThat(decode(body, UnaryOperator.identity(), split, body.length - split)).as("split at " + split)
				.isEqualTo(expected);
		}
	}

	@Test
	void skipsOtherValues() {
		String body = "{\"kind\":\"PodList\",\"other\":{\"items\":[{\"x\":1}],\"metadata\":{}},\"n\":-1.5e3,"
				+ "\"t\":true,\"items\":[{\"metadata\":{\"name\":\"a\"}}],\"z\":[]}";
		List<ListElement<Pod>> elements = decode(body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 2);
		assertThat(items(elements)).extracting((pod) -> pod.getMetadata().getName()).containsExactly("a");
		assertThat(elements).hasSize(1);
		assertThat(decode("{\"items\":[]}".getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 12))
			.isEmpty();
		// Go servers write a nil slice as null
		assertThat(decode("{\"items\":null}".getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 14))
			.isEmpty();
	}

	@Test
	void rejectsListsThatAreNoLists() {
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("{\"items\":[{\"metadata\":{\"name\":\"a\"}},null]}", "an item is null, not an object");
		cases.put("{\"items\":[{\"metadata\":{\"name\":\"a\"}},\"b\",1,true]}", "an item is a string, not an object");
		cases.put("{\"items\":[[{\"a\":1}]]}", "an item is an array, not an object");
		cases.put("{\"items\":{\"a\":{\"metadata\":{}}}}", "its 'items' is an object, not an array");
		cases.put("{\"items\":\"none\"}", "its 'items' is a string, not an array");
		cases.put("{}", "is not a list: it has no 'items'");
		cases.put("{\"kind\":\"PodList\",\"metadata\":{}}", "is not a list: it has no 'items' (kind PodList)");
		cases.put("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"etcd is down\","
				+ "\"reason\":\"InternalError\",\"code\":500}", "is a Status, not a list: InternalError: etcd is down");
		cases.forEach((body, message) -> {
			for (int chunk : new int[] { 1, 7, body.length() }) {
				assertThatExceptionOfType(KubeException.class).as(body)
					.isThrownBy(() -> elements(buffers(body.getBytes(StandardCharsets.UTF_8), chunk),
							UnaryOperator.identity(), null, 1024 * 1024).blockLast(Duration.ofSeconds(30)))
					.withMessageStartingWith("The answer to list pods ")
					.withMessageContaining(message);
				assertReleased();
			}
		});
	}

	@Test
	void rejectsItemsAndListsOfAnotherKind() {
		byte[] wrongItem = ("{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"a\"}},"
				+ "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"}}]}").getBytes(StandardCharsets.UTF_8);
		List<String> names = new ArrayList<>();
		assertThatExceptionOfType(KubeException.class)
			.isThrownBy(() -> checked(wrongItem).doOnNext((element) -> names.add(name(element)))
				.blockLast(Duration.ofSeconds(30)))
			.withMessage("The answer to list pods (an item) is of kind ConfigMap, expected Pod");
		assertThat(names).containsExactly("a");
		byte[] wrongList = "{\"kind\":\"ConfigMapList\",\"items\":[{\"metadata\":{\"name\":\"a\"}}]}"
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(KubeException.class)
			.isThrownBy(() -> checked(wrongList).blockLast(Duration.ofSeconds(30)))
			.withMessage("The answer to list pods is a ConfigMapList, expected a PodList");
		// items without kind (legal), a kind-less list, and kubectl's "List" pass
		byte[] plain = "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"kind\":\"Pod\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(checked(plain).collectList().block(Duration.ofSeconds(30))).hasSize(2);
		assertReleased();
	}

	@Test
	void rejectsValuesLargerThanTheLimit() {
		String big = "x".repeat(3000);
		byte[] body = ("{\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"name\":\"" + big + "\"}}]}")
			.getBytes(StandardCharsets.UTF_8);
		for (int chunk : new int[] { 100, body.length }) {
			List<String> names = new ArrayList<>();
			assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> elements(buffers(body, chunk), UnaryOperator.identity(), "Pod", 2048)
					.doOnNext((element) -> names.add(name(element)))
					.blockLast(Duration.ofSeconds(30)))
				.withMessage("An item of the answer to list pods is larger than the limit of 2048 bytes: raise it "
						+ "with KubeClientBuilder.maxResponseSize(...) or the property lightkube.response.max-size");
			assertThat(names).isEqualTo(beforeTheValueOverTheLimit(chunk == 100));
			assertReleased();
		}
	}

	/** The items handed out before the big one: only those that came in earlier buffers. */
	List<String> beforeTheValueOverTheLimit(boolean inEarlierBuffers) {
		return inEarlierBuffers ? List.of("a") : List.of();
	}

	/** The elements of the body in {@code buffers}, as the decoder under test reads them. */
	Flux<ListElement<Pod>> elements(List<DataBuffer> buffers, UnaryOperator<Pod> fixer, @Nullable String kind,
			int maxValueBytes) {
		return ListDecoder.decode(Flux.fromIterable(buffers), Pod.class, fixer, "list pods", kind, maxValueBytes);
	}

	private Flux<ListElement<Pod>> checked(byte[] body) {
		return elements(buffers(body, 5), UnaryOperator.identity(), "Pod", 1024 * 1024);
	}

	private List<DataBuffer> buffers(byte[] body, int chunk) {
		List<DataBuffer> buffers = new ArrayList<>();
		for (int offset = 0; offset < body.length; offset += chunk) {
			buffers.add(buffer(body, offset, Math.min(chunk, body.length - offset)));
		}
		return buffers;
	}

	private static String name(ListElement<Pod> element) {
		return ((ListElement.Item<Pod>) element).item().getMetadata().getName();
	}

	@Test
	void rejectsMalformedJson() {
		for (String body : List.of("{\"items\":[{\"metadata\":{\"name\":\"a\",}}]}", "{\"items\":[{\"a\":1}}]}",
				"{\"items\":[{\"a\":[1}]]}", "{\"items\" [] }", "{\"kind\":tru}", "{\"items\":[]} {}",
				"{\"items\":[{}{}]}", "{\"items\":[],}")) {
			assertThatExceptionOfType(KubeException.class).as(body)
				.isThrownBy(() -> decode(body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 4))
				.withMessageStartingWith("Malformed list in the answer to list pods: ");
		}
		assertThatExceptionOfType(KubeException.class)
			.isThrownBy(() -> decode("[]".getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 2))
			.withMessageStartingWith("Expected a list object in the answer to list pods");
		assertReleased();
	}

	@Test
	void rejectsATruncatedBody() {
		for (String body : List.of("", "{\"items\":[{\"metadata\":{\"name\":\"a\"}}", "{\"items\":[{\"metadata\":",
				"{\"items\":[", "{\"kind\":\"Pod", "{\"n\":1")) {
			assertThatExceptionOfType(KubeException.class).as(body)
				.isThrownBy(() -> decode(body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 3))
				.withMessage("Truncated list in the answer to list pods: the body ended early");
		}
		assertReleased();
	}

	@Test
	void reportsAnItemThatDoesNotFitTheType() {
		String body = "{\"items\":[{\"metadata\":{\"name\":[1]}}]}";
		assertThatExceptionOfType(KubeException.class)
			.isThrownBy(() -> decode(body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), 7))
			.withMessageStartingWith("Cannot decode an item of the answer to list pods as Pod: ");
	}

	@Test
	void emitsItemsAsTheirBuffersArrive() throws Exception {
		List<String> seen = new ArrayList<>();
		Flux<DataBuffer> body = Flux.just("{\"items\":[{\"metadata\":{\"name\":\"a\"}},", "{\"metadata\":{\"na",
				"me\":\"b\"}}", "]}")
			.map((part) -> buffer(part.getBytes(StandardCharsets.UTF_8), 0, part.length()))
			.doOnNext((buffer) -> seen.add("buffer"));
		ListDecoder.decode(body, Pod.class, UnaryOperator.identity(), "list pods")
			.doOnNext((element) -> seen.add(((ListElement.Item<Pod>) element).item().getMetadata().getName()))
			.blockLast(Duration.ofSeconds(30));
		assertThat(seen).containsExactly("buffer", "a", "buffer", "buffer", "b", "buffer");
		assertReleased();
	}

	private List<ListElement<Pod>> decode(byte[] body, UnaryOperator<Pod> fixer, int... chunks) {
		List<DataBuffer> buffers = new ArrayList<>();
		int offset = 0;
		for (int i = 0; offset < body.length; i++) {
			int length = Math.min((i < chunks.length) ? chunks[i] : body.length, body.length - offset);
			buffers.add(buffer(body, offset, length));
			offset += length;
		}
		return elements(buffers, fixer, null, ResponseLimits.DEFAULT.maxBytes()).collectList()
			.block(Duration.ofSeconds(30));
	}

	DataBuffer buffer(byte[] body, int offset, int length) {
		ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(length);
		buf.writeBytes(body, offset, length);
		this.sent.add(buf);
		return this.factory.wrap(buf);
	}

	void assertReleased() {
		assertThat(this.sent).allSatisfy((buf) -> assertThat(buf.refCnt()).isZero());
	}

	private static List<ListElement<Pod>> expected(byte[] body) {
		PodList list = KubeJson.MAPPER.readValue(body, PodList.class);
		List<ListElement<Pod>> elements = new ArrayList<>();
		list.getItems().forEach((pod) -> elements.add(new ListElement.Item<>(pod)));
		elements.add(new ListElement.Meta<>(list.getMetadata()));
		if (new String(body, StandardCharsets.UTF_8).indexOf("\"metadata\":{\"resourceVersion\"") == 1) {
			elements.add(0, elements.remove(elements.size() - 1));
		}
		return elements;
	}

	private static List<Pod> items(List<ListElement<Pod>> elements) {
		return elements.stream()
			.filter(ListElement.Item.class::isInstance)
			.map((element) -> ((ListElement.Item<Pod>) element).item())
			.toList();
	}

	private static int[] ones(int count) {
		int[] ones = new int[count];
		Arrays.fill(ones, 1);
		return ones;
	}

}
