package dev.lightkube.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.internal.core.ListDecoder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Lightkube's list decoder without I/O: the PodList bytes in 64 KiB buffers (on the heap, or direct as Netty hands
 * them over) through {@code dev.lightkube.internal.core.ListDecoder}, against the decode floor on the same bytes.
 * Separates the decoder's cost from the transport's, e.g.
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ListDecoderBenchmarks -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC" })
@Warmup(iterations = 5)
@Measurement(iterations = 15)
public class ListDecoderBenchmarks {

	private static final int SLICE = 64 * 1024;

	/** Pods in the list. */
	@Param("10000")
	public int size;

	private byte[] json;

	private List<ByteBuffer> heap;

	private List<ByteBuffer> direct;

	/** Build the bytes and their slices once. */
	@Setup(Level.Trial)
	public void setUp() {
		this.json = new PodFixtures(this.size, 1).podListJson();
		this.heap = new ArrayList<>();
		this.direct = new ArrayList<>();
		for (int offset = 0; offset < this.json.length; offset += SLICE) {
			int length = Math.min(SLICE, this.json.length - offset);
			this.heap.add(ByteBuffer.wrap(this.json, offset, length).slice());
			this.direct.add(ByteBuffer.allocateDirect(length).put(this.json, offset, length).flip());
		}
	}

	/** A full GC before each sample, outside the clock, as the harness does. */
	@Setup(Level.Iteration)
	public void collectGarbage() {
		System.gc();
	}

	/** The decode floor: one {@code readValue} of the whole list. */
	@Benchmark
	public int floor() {
		return check(PodFixtures.mapper().readValue(this.json, PodList.class).getItems().size());
	}

	/** {@code ListDecoder} over heap buffers. */
	@Benchmark
	public int listDecoderHeap() {
		return decode(this.heap);
	}

	/** {@code ListDecoder} over direct buffers, as Reactor Netty delivers them. */
	@Benchmark
	public int listDecoderDirect() {
		return decode(this.direct);
	}

	private int decode(List<ByteBuffer> slices) {
		// duplicate(): each run reads the slices from their start
		Flux<DataBuffer> body = Flux.fromIterable(slices)
			.map((slice) -> DefaultDataBufferFactory.sharedInstance.wrap(slice.duplicate()));
		// Held, like the floor's PodList (listAll); the list's metadata is one element more than its items.
		List<?> elements = ListDecoder.decode(body, Pod.class, (pod) -> pod, "bench list").collectList().block();
		return check(elements.size() - 1);
	}

	private int check(int count) {
		if (count != this.size) {
			throw new IllegalStateException("decoded " + count + " of " + this.size);
		}
		return count;
	}

}
