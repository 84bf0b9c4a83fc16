package dev.lightkube.benchmarks.harness;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The start-up probe's statistics: paired differences, their spread, the CPU column; rows without class paths. */
class StartupProbeTests {

	@Test
	void percentilesInterpolateBetweenRanks() {
		List<Double> samples = List.of(4.0, 1.0, 3.0, 2.0);
		assertThat(StartupProbe.percentile(samples, 25)).isCloseTo(1.75, within(1e-9));
		assertThat(StartupProbe.percentile(samples, 50)).isCloseTo(2.5, within(1e-9));
		assertThat(StartupProbe.percentile(samples, 75)).isCloseTo(3.25, within(1e-9));
		assertThat(StartupProbe.percentile(List.of(7.0), 25)).isEqualTo(7.0);
		assertThat(StartupProbe.percentile(List.of(), 25)).isNaN();
	}

	@Test
	void theAddedCostIsTheMedianOfEachPairsDifference() {
		// The load rises during the run: both medians move, each pair's difference stays near 100 ms.
		List<StartupProbe.Start> without = starts(1000, 1500, 2000, 2500, 3000);
		List<StartupProbe.Start> with = starts(1100, 1590, 2110, 2600, 3120);
		StartupProbe.Paired paired = StartupProbe.Paired.of(without, with);
		assertThat(paired.pairs()).isEqualTo(5);
		assertThat(paired.median()).isEqualTo(100.0);
		assertThat(paired.lowerQuartile()).isEqualTo(100.0);
		assertThat(paired.upperQuartile()).isEqualTo(110.0);
		assertThat(paired.mainCpuMedian()).isEqualTo(50.0);
		assertThat(paired.note()).isEqualTo(
				"median of 5 paired differences (with minus without), IQR +100 to +110 ms; main-thread CPU +50 ms");
	}

	@Test
	void aPairWithAFailedRunIsLeftOut() {
		List<StartupProbe.Start> without = new ArrayList<>(starts(1000, 1000, 1000));
		List<StartupProbe.Start> with = new ArrayList<>(starts(1100, 1200, 1300));
		without.set(1, null);
		StartupProbe.Paired paired = StartupProbe.Paired.of(without, with);
		assertThat(paired.pairs()).isEqualTo(2);
		assertThat(paired.median()).isEqualTo(200.0);
		assertThat(StartupProbe.Paired.of(Arrays.asList((StartupProbe.Start) null), with)).isNull();
	}

	@Test
	void withoutTheMainThreadsCpuTimeTheNoteLeavesItOut() {
		StartupProbe.Paired paired = StartupProbe.Paired.of(List.of(new StartupProbe.Start(1000, Double.NaN)),
				List.of(new StartupProbe.Start(1080, Double.NaN)));
		assertThat(paired.mainCpuMedian()).isNaN();
		assertThat(paired.note()).isEqualTo("median of 1 paired differences (with minus without), IQR +80 to +80 ms");
	}

	@Test
	void withoutTheClassPathFilesEveryRowSaysWhatIsMissing(@TempDir Path target) throws Exception {
		Settings settings = Settings.quick();
		List<Result> results = new StartupProbe(settings, target, new PrintStream(new ByteArrayOutputStream()))
			.run();
		assertThat(results).extracting(Result::client)
			.containsExactly(StartupProbe.WITHOUT, StartupProbe.WITH, StartupProbe.ADDED);
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.median()).isNaN();
			assertThat(result.note()).contains("class path files");
		});
	}

	// Main-thread CPU: half of each wall time, so each pair's CPU difference is half its wall difference.
	private static List<StartupProbe.Start> starts(double... millis) {
		List<StartupProbe.Start> starts = new ArrayList<>();
		for (double value : millis) {
			starts.add(new StartupProbe.Start(value, value / 2));
		}
		return starts;
	}

}
