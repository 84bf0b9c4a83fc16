package dev.lightkube.benchmarks.harness;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

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
						.satisfies((result) -> assertThat(result.median()).as(result.toString()).isNotNaN());
				}
			}
		}
		for (ServerKind kind : ServerKind.values()) {
			assertThat(transports.get(Sampler.key(Clients.FABRIC8_JDK, kind))).contains(".jdkhttp.");
		}
		String table = Report.table(results);
		assertThat(table).contains("**Server: chunked**", "**Server: content-length**", "× same client, chunked",
				"| list 100 pods | fabric8-jdk |", "| 100 watch events | official |",
				"| list 100 pods | lightkube |", "| 100 watch events | lightkube-reactive |");
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
		assertThat(results).hasSize(4 * 4 * 2).allSatisfy((result) -> assertThat(result.median())
			.as(result.toString())
			.isNotNaN());
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
		assertThat(table).contains("| list 1 pods | lightkube | 30.0 ms | 1.0 MB |  | 1.50 |  |  |  |  | 2.50 |  |")
			.contains("**Without a server**", "| start-up | boot | 900 ms |");
	}

	@Test
	void resultLinesRoundTrip() {
		Result result = new Result("list 10 pods", "jdk", 12.5, "ms", 3.25, "a note", "content-length");
		assertThat(Result.fromLine(result.toLine())).isEqualTo(result);
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
