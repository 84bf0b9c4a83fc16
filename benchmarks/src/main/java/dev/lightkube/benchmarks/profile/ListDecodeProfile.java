package dev.lightkube.benchmarks.profile;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.internal.core.KubeJson;
import dev.lightkube.internal.core.ListDecoder;
import dev.lightkube.internal.core.ListPages;
import dev.lightkube.internal.core.ListElement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes the same list bytes from memory in several ways, interleaved in one JVM, and prints medians: lightkube's
 * {@link ListDecoder} (the reactive client's: framing plus a parser per item), its {@link ListPages} (the blocking
 * client's: one parser over the body), Jackson 3 on the whole {@code PodList} with lightkube's mapper
 * and with a plain one, and fabric8's own serialization. Run with the harness's timing options:
 * {@code java -Xms2g -Xmx2g -XX:+UseParallelGC -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * dev.lightkube.benchmarks.profile.ListDecodeProfile [pods]}. A {@code System.gc()} before each sample leaves an
 * empty eden, so that (with 2 GiB) no collection falls inside a sample: this measures the CPU cost, not the GC luck.
 */
public final class ListDecodeProfile {

	private static final int SLICE = 64 * 1024;

	private final byte[] json;

	private final List<byte[]> slices = new ArrayList<>();

	private final ObjectReader lightkubeList = KubeJson.MAPPER.readerFor(PodList.class);

	private final ObjectReader plainList = JsonMapper.builder().build().readerFor(PodList.class);

	private final ObjectReader podInArray = KubeJson.MAPPER.readerFor(Pod.class)
		.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private final KubernetesSerialization fabric8 = new KubernetesSerialization();

	private final ObjectReader fabric8List;

	private ListDecodeProfile(int pods) throws ReflectiveOperationException {
		this.json = new PodFixtures(pods, 1).podListJson();
		for (int i = 0; i < this.json.length; i += SLICE) {
			this.slices.add(Arrays.copyOfRange(this.json, i, Math.min(this.json.length, i + SLICE)));
		}
		// fabric8 keeps its mapper package-private; its reader is what its client uses on a response body
		Method mapper = KubernetesSerialization.class.getDeclaredMethod("getMapper");
		mapper.setAccessible(true);
		this.fabric8List = ((ObjectMapper) mapper.invoke(this.fabric8)).readerFor(PodList.class);
	}

	/** Runs every case interleaved; {@code args[0]} the number of pods (10,000 by default). */
	public static void main(String[] args) throws Exception {
		int pods = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		ListDecodeProfile profile = new ListDecodeProfile(pods);
		Map<String, IntSupplier> cases = new LinkedHashMap<>();
		cases.put("ListDecoder (reactive client)", profile::listDecoder);
		cases.put("ListPages (blocking client)", profile::listPages);
		cases.put("one parser, items kept", profile::oneParser);
		cases.put("Jackson 3 PodList, lightkube's mapper", () -> profile.read(profile.lightkubeList));
		cases.put("Jackson 3 PodList, plain JsonMapper", () -> profile.read(profile.plainList));
		cases.put("fabric8 KubernetesSerialization.unmarshal", () -> profile.fabric8
			.unmarshal(new ByteArrayInputStream(profile.json), PodList.class)
			.getItems()
			.size());
		cases.put("fabric8's mapper, PodList", () -> profile.read(profile.fabric8List));
		int warmUp = Integer.getInteger("warmUp", 8);
		int rounds = Integer.getInteger("rounds", 15);
		Map<String, List<Double>> times = new LinkedHashMap<>();
		cases.keySet().forEach((name) -> times.put(name, new ArrayList<>()));
		for (int round = 0; round < warmUp + rounds; round++) {
			for (Map.Entry<String, IntSupplier> entry : cases.entrySet()) {
				System.gc();
				long start = System.nanoTime();
				int count = entry.getValue().getAsInt();
				double millis = (System.nanoTime() - start) / 1e6;
				if (count != pods) {
					throw new IllegalStateException(entry.getKey() + " decoded " + count + " of " + pods);
				}
				if (round >= warmUp) {
					times.get(entry.getKey()).add(millis);
				}
			}
		}
		System.out.printf("%,d pods, %,d bytes, %d warm-up + %d rounds%n", pods, profile.json.length, warmUp, rounds);
		times.forEach((name, samples) -> {
			Collections.sort(samples);
			System.out.printf("%-45s median %7.1f ms  min %7.1f  max %7.1f%n", name, samples.get(samples.size() / 2),
					samples.get(0), samples.get(samples.size() - 1));
		});
	}

	private List<DataBuffer> buffers() {
		List<DataBuffer> buffers = new ArrayList<>();
		this.slices.forEach((slice) -> buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(slice)));
		return buffers;
	}

	private int listDecoder() {
		return count(ListDecoder.decode(Flux.fromIterable(buffers()), Pod.class, UnaryOperator.identity(), "profile")
			.toIterable(256)
			.iterator());
	}

	private int listPages() {
		try (ListPages<Pod> pages = new ListPages<>((token) -> Flux.fromIterable(buffers()), Pod.class,
				UnaryOperator.identity(), "profile", "Pod", Integer.MAX_VALUE)) {
			return count(pages);
		}
	}

	private static int count(Iterator<ListElement<Pod>> elements) {
		List<Pod> pods = new ArrayList<>();
		while (elements.hasNext()) {
			if (elements.next() instanceof ListElement.Item<Pod> item) {
				pods.add(item.item());
			}
		}
		return pods.size();
	}

	private int oneParser() {
		List<Pod> pods = new ArrayList<>();
		try (JsonParser parser = KubeJson.MAPPER.createParser(this.json)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				if (parser.nextToken() != JsonToken.START_ARRAY || !"items".equals(field)) {
					parser.skipChildren();
					continue;
				}
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					pods.add(this.podInArray.readValue(parser));
				}
			}
		}
		return pods.size();
	}

	private int read(ObjectReader reader) {
		PodList list = reader.readValue(this.json);
		return list.getItems().size();
	}

}
