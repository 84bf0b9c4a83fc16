package dev.lightkube.benchmarks.harness;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.lightkube.benchmarks.clients.ClientUnderTest;
import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.LoopbackServer;
import dev.lightkube.benchmarks.server.ServerKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the whole timing harness on 100 pods: every floor and peer completes every operation on both server
 * kinds and lands in the tables, in this JVM (everyone but fabric8 on Vert.x, which needs a newer Netty than this
 * JVM's) and through the forked timing JVMs (fabric8 on Vert.x in one of its own). No timings are asserted.
 */
class TimingRunSmokeTests {

	// Everyone that can share this JVM: fabric8 on Vert.x cannot (see ClassPaths).
	private static final List<String> MEASURED = List.of(Clients.DECODE_FLOOR, Clients.HTTP_FLOOR, Clients.LIGHTKUBE,
			Clients.LIGHTKUBE_REACTIVE, Clients.FABRIC8_JDK, Clients.OFFICIAL);

	@Test
	void everyFloorAndPeerCompletesEveryOperationOnBothServerKinds() throws Exception {
		Settings settings = new Settings(100, 100, 10, 4, 3, 0, 1, MEASURED, EnumSet.allOf(Operation.class),
				List.of(), 0, false, false);
		assertThat(settings.servers()).containsExactly(ServerKind.CHUNKED, ServerKind.CONTENT_LENGTH);
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		List<Result> results;
		Map<String, String> transports;
		try (LoopbackServer chunked = LoopbackServer.start(fixtures, ServerKind.CHUNKED);
				LoopbackServer whole = LoopbackServer.start(fixtures, ServerKind.CONTENT_LENGTH)) {
			Map<ServerKind, URI> servers = Map.of(ServerKind.CHUNKED, chunked.uri(), ServerKind.CONTENT_LENGTH,
					whole.uri());
			try (LocalSampler sampler = new LocalSampler(settings, servers, fixtures, settings.clients())) {
				transports = Map.copyOf(sampler.transports());
				results = new TimingRun(settings, sampler, System.out).run();
			}
			for (LoopbackServer server : List.of(chunked, whole)) {
				assertThat(server.requestCounts().keySet()).as(server.kind().id())
					.noneMatch((key) -> key.startsWith("unmatched"))
					.contains("GET list", "GET pod", "POST create", "PATCH apply");
			}
		}
		for (Operation operation : Operation.values()) {
			for (String client : MEASURED) {
				for (ServerKind kind : ServerKind.values()) {
					assertThat(results).filteredOn((result) -> result.operation().equals(operation.label(settings))
							&& result.client().equals(client) && result.server().equals(kind.id()))
						.singleElement()
						.satisfies((result) -> {
							if (knownPeerFailure(operation, client, kind) && Double.isNaN(result.median())) {
								// reported as the peer's failure, not timed: what the harness must do with it
								assertThat(result.note()).as(result.toString()).startsWith("saw ");
								return;
							}
							assertThat(result.median()).as(result.toString()).isNotNaN();
							assertThat(result.gcMillis()).as(result.toString()).isNotNaN();
							assertThat(result.samples()).as(result.toString()).isEqualTo(1);
						});
				}
			}
		}
		for (ServerKind kind : ServerKind.values()) {
			assertThat(transports.get(Sampler.key(Clients.FABRIC8_JDK, kind))).contains(".jdkhttp.");
		}
		String table = Report.table(results);
		assertThat(table).contains("**Server: chunked**", "**Server: content-length**", "× same client, chunked",
				"| alloc/op | GC in sample |",
				"| list 100 pods | fabric8-jdk |", "| 100 watch events | official |",
				"| list 100 pods | lightkube |", "| 100 watch events | lightkube-reactive |");
	}

	/**
	 * fabric8 on its JDK transport watches over WebSocket and, when the content-length server writes all the frames at
	 * once, sometimes loses all but the first few events (3 of 10,000 in a recorded run, 1 of 100 in a smoke run).
	 */
	private static boolean knownPeerFailure(Operation operation, String client, ServerKind kind) {
		return operation == Operation.WATCH && client.equals(Clients.FABRIC8_JDK) && kind == ServerKind.CONTENT_LENGTH;
	}

	@Test
	void forkedTimingJvmsInterleaveFabric8OnVertxWithTheOthers() throws Exception {
		Settings settings = new Settings(100, 100, 10, 4, 3, 0, 1, List.of(), EnumSet.allOf(Operation.class),
				List.of(), 0, false, false)
			.withClients("jdk,lightkube,fabric8,fabric8-jdk")
			.withOperations("list,iterate,watch,get");
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		List<Result> results;
		Map<String, String> transports;
		try (LoopbackServer chunked = LoopbackServer.start(fixtures, ServerKind.CHUNKED);
				LoopbackServer whole = LoopbackServer.start(fixtures, ServerKind.CONTENT_LENGTH)) {
			Map<ServerKind, URI> servers = new java.util.EnumMap<>(ServerKind.class);
			servers.put(ServerKind.CHUNKED, chunked.uri());
			servers.put(ServerKind.CONTENT_LENGTH, whole.uri());
			ClassPaths classPaths = new ClassPaths(System.getProperty("java.class.path"),
					Path.of("target").toAbsolutePath());
			try (ForkedSampler sampler = new ForkedSampler(settings, servers, classPaths,
					List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), System.out)) {
				transports = Map.copyOf(sampler.transports());
				results = new TimingRun(settings, sampler, System.out).run();
			}
		}
		assertThat(results).hasSize(4 * 4 * 2).allSatisfy((result) -> {
			assertThat(result.median()).as(result.toString()).isNotNaN();
			// the GC figures came through the protocol: one recorded sample each
			assertThat(result.gcMillis()).as(result.toString()).isNotNaN();
			assertThat(result.samples()).as(result.toString()).isEqualTo(1);
		});
		for (ServerKind kind : ServerKind.values()) {
			assertThat(transports.get(Sampler.key(Clients.FABRIC8, kind))).contains(".vertx5.")
				.endsWith("(JVM fabric8-vertx)");
			assertThat(transports.get(Sampler.key(Clients.FABRIC8_JDK, kind))).contains(".jdkhttp.")
				.endsWith("(JVM main)");
			assertThat(transports.get(Sampler.key(Clients.LIGHTKUBE, kind))).endsWith("(JVM main)");
		}
	}

	@Test
	void contentLengthTableComparesEachClientWithItselfOnTheChunkedServer() {
		List<Result> results = List.of(new Result("list 1 pods", "jdk", 10, "ms", 1, "", "chunked"),
				new Result("list 1 pods", "lightkube", 12, "ms", 1, "", "chunked"),
				new Result("list 1 pods", "jdk", 20, "ms", 1, "", "content-length"),
				new Result("list 1 pods", "lightkube", 30, "ms", 1, "", "content-length"),
				new Result("start-up", "boot", 900, "ms", Double.NaN, "JVM start to ready"));
		String table = Report.table(results);
		// lightkube on content-length: 1.50 × jdk there, 2.50 × itself on chunked
		assertThat(table).contains("| list 1 pods | lightkube | 30.0 ms | 1.0 MB |  |  | 1.50 |  |  |  |  | 2.50 |  |")
			.contains("**Without a server**", "| start-up | boot | 900 ms |");
	}

	@Test
	void resultLinesRoundTrip() {
		Result result = new Result("list 10 pods", "jdk", 12.5, "ms", 3.25, "a note", "content-length");
		assertThat(Result.fromLine(result.toLine())).isEqualTo(result);
		Result withGc = new Result("list 10 pods", "jdk", 12.5, "ms", 3.25, "", "chunked", 41.5, 3, 5);
		assertThat(Result.fromLine(withGc.toLine())).isEqualTo(withGc);
		// a line from before the GC fields: a row without GC figures
		assertThat(Result.fromLine("list 10 pods\tjdk\t12.5\tms\t3.25\t\tchunked").gcMillis()).isNaN();
	}

	@Test
	void samplesCrossTheProtocolWithTheirCollections() {
		Sampler.Sample sample = new Sampler.Sample(222_000_000L, 300_000_000L, 10_000, 2, 131, null);
		String line = TimingWorker.answer(sample);
		assertThat(line).isEqualTo("@@sample 222000000 300000000 10000 2 131");
		assertThat(TimingWorker.parseAnswer(line)).isEqualTo(sample);
		Sampler.Sample failed = Sampler.Sample.failed("saw\tnothing");
		assertThat(TimingWorker.parseAnswer(TimingWorker.answer(failed))).isEqualTo(Sampler.Sample.failed("saw nothing"));
		assertThat(TimingWorker.parseAnswer("a client's log line")).isNull();
	}

	@Test
	void aCollectionInsideASampleIsCounted() throws Exception {
		Settings settings = new Settings(100, 100, 10, 4, 3, 0, 3, List.of("collecting"), EnumSet.of(Operation.LIST),
				List.of(), 0, false, false, List.of(ServerKind.CHUNKED));
		ClientUnderTest collecting = new CollectingClient(settings.pods());
		List<Result> results;
		try (LocalSampler sampler = new LocalSampler(settings,
				Map.of(Sampler.key("collecting", ServerKind.CHUNKED), collecting))) {
			Sampler.Sample sample = sampler.sample(Operation.LIST, "collecting", ServerKind.CHUNKED);
			assertThat(sample.failure()).isNull();
			// the pre-sample full GC is outside the count, the operation's own is inside it
			assertThat(sample.gcCount()).isGreaterThanOrEqualTo(1);
			assertThat(sample.gcMillis()).isNotNegative();
			results = new TimingRun(settings, sampler, System.out).run();
		}
		assertThat(results).singleElement().satisfies((result) -> {
			assertThat(result.samplesWithGc()).isEqualTo(3);
			assertThat(result.samples()).isEqualTo(3);
			assertThat(result.gcNote()).isEqualTo("GC in 3 of 3 samples");
		});
		assertThat(Report.table(results)).contains("| list 100 pods | collecting |", "GC in 3 of 3 samples |");
	}

	@Test
	void eachRowReportsTheMedianCollectionTimeAndHowManyRecordedSamplesHadOne() throws Exception {
		Settings settings = new Settings(100, 100, 10, 4, 3, 1, 5, List.of("quiet", "busy"), EnumSet.of(Operation.LIST),
				List.of(), 0, false, false, List.of(ServerKind.CHUNKED));
		// per client, one answer per call: the first is the warm-up round's and is not recorded
		Map<String, java.util.Deque<long[]>> scripts = Map.of("quiet",
				new java.util.ArrayDeque<>(List.of(new long[] { 1, 90 }, new long[] { 0, 0 }, new long[] { 0, 0 },
						new long[] { 0, 0 }, new long[] { 0, 0 }, new long[] { 0, 0 })),
				"busy", new java.util.ArrayDeque<>(List.of(new long[] { 1, 90 }, new long[] { 1, 50 },
						new long[] { 1, 40 }, new long[] { 0, 0 }, new long[] { 2, 60 }, new long[] { 0, 0 })));
		Sampler scripted = new Sampler() {

			@Override
			public Map<String, String> transports() {
				return Map.of();
			}

			@Override
			public Map<String, String> unavailable() {
				return Map.of();
			}

			@Override
			public Sample sample(Operation operation, String client, ServerKind kind) {
				long[] gc = scripts.get(client).removeFirst();
				return new Sample(10_000_000L, 1_048_576L, settings.pods(), gc[0], gc[1], null);
			}

			@Override
			public void close() {
			}

		};
		java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
		List<Result> results = new TimingRun(settings, scripted, new java.io.PrintStream(log, true)).run();
		assertThat(results).hasSize(2);
		assertThat(results.get(0)).satisfies((quiet) -> {
			assertThat(quiet.gcMillis()).isZero();
			assertThat(quiet.samplesWithGc()).isZero();
			assertThat(quiet.samples()).isEqualTo(5);
		});
		assertThat(results.get(1)).satisfies((busy) -> {
			assertThat(busy.gcMillis()).isEqualTo(40.0);
			assertThat(busy.samplesWithGc()).isEqualTo(3);
			assertThat(busy.samples()).isEqualTo(5);
		});
		assertThat(log.toString()).contains("GC in sample    0.0 ms, in 0 of 5 samples",
				"GC in sample   40.0 ms, in 3 of 5 samples", "    samples (ms, in round order): 10 10 10 10 10");
		assertThat(TimingRun.rounded(List.of(264.4, 171.6, 170.0))).isEqualTo("264 172 170");
		assertThat(Report.table(results))
			.contains("| operation | client | median | alloc/op | GC in sample |")
			.contains("| list 100 pods | quiet | 10.0 ms | 1.0 MB | 0 ms |")
			.contains("| list 100 pods | busy | 10.0 ms | 1.0 MB | 40.0 ms |")
			.contains(" GC in 3 of 5 samples |");
	}

	@Test
	void theGcNoteComesBeforeAnyOtherNote() {
		Result result = new Result("list 1 pods", "jdk", 10, "ms", 1, "slow", "chunked", 12, 1, 5);
		assertThat(Report.table(List.of(result)))
			.contains("| list 1 pods | jdk | 10.0 ms | 1.0 MB | 12.0 ms |")
			.contains("| GC in 1 of 5 samples; slow |");
	}

	@Test
	void everyTimingJvmHasAFixedYoungGenerationWithoutAdaptiveSizing() {
		// the same options for every client; the young generation is what makes the list rows GC-fair
		assertThat(BenchmarkMain.TIMING_JVM).contains("-XX:+UseParallelGC", "-XX:+AlwaysPreTouch",
				"-XX:-UseAdaptiveSizePolicy", "-Xmn3g");
	}

	/** Lists nothing, but allocates and collects inside the operation, as a client whose list meets a young GC. */
	private record CollectingClient(int pods) implements ClientUnderTest {

		@Override
		public String name() {
			return "collecting";
		}

		@Override
		public int list() {
			byte[][] garbage = new byte[64][];
			for (int i = 0; i < garbage.length; i++) {
				garbage[i] = new byte[16 * 1024];
			}
			System.gc();
			return (garbage.length > 0) ? this.pods : 0;
		}

		@Override
		public int iterate() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(String name) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int watch(int events) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object create() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object patch() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object apply() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void close() {
		}

	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(Result.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
		assertThat(Result.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
	}

	@Test
	void unknownArgumentsAreNamed() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Settings.parse("--fast"))
			.withMessageContaining("'--fast'");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Settings.parse("--clients", "fabric9"))
			.withMessageContaining("'fabric9'");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Settings.parse("--servers", "nginx"))
			.withMessageContaining("'nginx'");
	}

	@Test
	void settingsSurviveTheTripToTheForkedJvm() {
		Settings settings = Settings.quick()
			.withOperations("list,watch")
			.withClients("jdk,fabric8")
			.withServers("content-length");
		String[] args = settings.toArguments().toArray(String[]::new);
		Settings copy = Settings.fromArguments(args, 0);
		assertThat(copy.toArguments()).isEqualTo(settings.toArguments());
	}

}
