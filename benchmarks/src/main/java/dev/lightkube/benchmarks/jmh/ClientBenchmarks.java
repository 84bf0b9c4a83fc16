package dev.lightkube.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.lightkube.benchmarks.clients.ClientUnderTest;
import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.LoopbackServer;
import dev.lightkube.benchmarks.server.ServerKind;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The list, get and watch operations as JMH benchmarks, one client per fork. The end-to-end harness
 * ({@code BenchmarkMain}) is the one that interleaves clients; these are for JMH's profilers, e.g.
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ClientBenchmarks -prof gc}. The loopback
 * server runs inside the fork, so {@code gc.alloc.rate.norm} includes its (small, equal) share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC" })
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ClientBenchmarks {

	/**
	 * The client's short name. fabric8 on its JDK transport only: JMH forks on this module's class path, whose Netty
	 * is too old for Vert.x 5 (see {@code harness.ClassPaths}); the one command times fabric8 on Vert.x.
	 */
	@Param({ Clients.DECODE_FLOOR, Clients.HTTP_FLOOR, Clients.LIGHTKUBE, Clients.LIGHTKUBE_REACTIVE,
			Clients.FABRIC8_JDK, Clients.OFFICIAL })
	public String client;

	/** Pods in the list and events in the watch stream. */
	@Param("10000")
	public int size;

	/** How the loopback server frames its bodies (see {@link ServerKind}); {@code -p server=content-length}. */
	@Param({ "chunked", "content-length" })
	public String server;

	private LoopbackServer loopback;

	private ClientUnderTest under;

	private PodFixtures fixtures;

	/** Start the server and the client. */
	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.fixtures = new PodFixtures(this.size, this.size);
		this.loopback = LoopbackServer.start(this.fixtures, ServerKind.byId(this.server));
		this.under = Clients.factory(this.client).create(this.loopback.uri(), this.fixtures);
	}

	/** Stop both. */
	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.under.close();
		this.loopback.close();
	}

	/** List every pod. */
	@Benchmark
	public int list() throws Exception {
		return check(this.under.list(), this.size);
	}

	/** Consume the watch stream. */
	@Benchmark
	public int watch() throws Exception {
		return check(this.under.watch(this.size), this.size);
	}

	/** One get (run many times per iteration by JMH's batch). */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	@Warmup(iterations = 3, time = 2)
	@Measurement(iterations = 5, time = 2)
	public Object get() throws Exception {
		return this.under.get(this.fixtures.pod().getMetadata().getName());
	}

	private static int check(int count, int expected) {
		if (count != expected) {
			throw new IllegalStateException("saw " + count + " of " + expected);
		}
		return count;
	}

}
