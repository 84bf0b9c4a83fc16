package dev.lightkube.benchmarks.harness;

import java.util.EnumSet;
import java.util.List;

import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.LoopbackServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the whole timing harness on 100 pods: every floor and peer completes every operation against the
 * loopback server and lands in the table. No timings are asserted.
 */
class TimingRunSmokeTests {

	private static final List<String> MEASURED = List.of(Clients.DECODE_FLOOR, Clients.HTTP_FLOOR, Clients.LIGHTKUBE,
			Clients.LIGHTKUBE_REACTIVE, Clients.FABRIC8, Clients.OFFICIAL);

	@Test
	void everyFloorAndPeerCompletesEveryOperation() throws Exception {
		Settings settings = new Settings(100, 100, 10, 4, 3, 0, 1, Clients.names(), EnumSet.allOf(Operation.class),
				List.of(), 0, false, false);
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		List<Result> results;
		try (LoopbackServer server = LoopbackServer.start(fixtures)) {
			results = new TimingRun(settings, server.uri(), fixtures, System.out)
				.run();
			assertThat(server.requestCounts()).doesNotContainKeys("unmatched");
			assertThat(server.requestCounts().keySet()).noneMatch((key) -> key.startsWith("unmatched"));
		}
		for (Operation operation : Operation.values()) {
			for (String client : MEASURED) {
				assertThat(results).filteredOn((result) -> result.operation().equals(operation.label(settings))
						&& result.client().equals(client))
					.singleElement()
					.satisfies((result) -> assertThat(result.median()).as(result.toString()).isNotNaN());
			}
		}
		String table = Report.table(results);
		assertThat(table).contains("| list 100 pods | fabric8 |", "| 100 watch events | official |",
				"| list 100 pods | lightkube |", "| 100 watch events | lightkube-reactive |");
	}

	@Test
	void resultLinesRoundTrip() {
		Result result = new Result("list 10 pods", "jdk", 12.5, "ms", 3.25, "a note");
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
	}

	@Test
	void settingsSurviveTheTripToTheForkedJvm() {
		Settings settings = Settings.quick().withOperations("list,watch").withClients("jdk,fabric8");
		String[] args = settings.toArguments().toArray(String[]::new);
		Settings copy = Settings.fromArguments(args, 0);
		assertThat(copy.toArguments()).isEqualTo(settings.toArguments());
	}

}
