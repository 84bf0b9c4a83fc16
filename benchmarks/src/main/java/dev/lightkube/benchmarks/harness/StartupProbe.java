package dev.lightkube.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.jspecify.annotations.Nullable;

import dev.lightkube.benchmarks.boot.MinimalApplication;

/**
 * Times the start-up of {@link MinimalApplication} with and without the starter, alternating the two, each in a
 * fresh JVM. The class paths come from the build: {@code target/boot-without.classpath} (Spring Boot's own starter)
 * and that plus {@code target/starter-runtime.classpath} (what an application gets from lightkube's starter, written
 * by the starter module); the application class from
 * {@code target/classes}. Start-ups vary by about ±200 ms from run to run on a shared machine, so besides the two
 * medians it reports the median of the paired differences and their interquartile range, and the added main-thread
 * CPU time (much steadier than wall time under load).
 */
public final class StartupProbe {

	/** Client name of the start-up row without the starter. */
	static final String WITHOUT = "boot without starter";

	/** Client name of the start-up row with the starter. */
	static final String WITH = "boot with starter";

	/** Client name of the row of the starter's added cost (paired differences). */
	static final String ADDED = "starter adds (paired)";

	private static final Pattern STARTED = Pattern.compile(Pattern.quote(MinimalApplication.STARTED) + "(\\d+)");

	private static final Pattern MAIN_CPU = Pattern.compile(Pattern.quote(MinimalApplication.MAIN_CPU) + "(\\d+)");

	// A configured cluster, as an application has (the starter's lazy beans would start without one); nothing
	// connects at start-up. Both runs get it, so the arguments do not differ.
	private static final List<String> ARGS = List.of("--lightkube.server=http://127.0.0.1:6443");

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	private final Settings settings;

	private final Path target;

	private final PrintStream log;

	/** A probe using the class path files in the module's {@code target} directory. */
	public StartupProbe(Settings settings, Path target, PrintStream log) {
		this.settings = settings;
		this.target = target;
		this.log = log;
	}

	/**
	 * Three results: the medians without and with the starter, and the starter's added cost as the median of the
	 * paired differences (each pair's run with the starter minus the run without it just before), with their
	 * interquartile range and the added main-thread CPU time in the note.
	 */
	public List<Result> run() throws Exception {
		String label = "Spring Boot start-up";
		Path classes = this.target.resolve("classes");
		Path without = this.target.resolve("boot-without.classpath");
		Path with = this.target.resolve("starter-runtime.classpath");
		if (!Files.isDirectory(classes) || !Files.isRegularFile(without) || !Files.isRegularFile(with)) {
			String why = "needs " + classes + " and the class path files from `./mvnw -pl benchmarks -am package`";
			return List.of(Result.missing(label, WITHOUT, why), Result.missing(label, WITH, why),
					Result.missing(label, ADDED, why));
		}
		String withoutPath = classes + java.io.File.pathSeparator + read(without);
		String withPath = classes + java.io.File.pathSeparator + union(read(without), read(with));
		List<Start> withoutRuns = new ArrayList<>();
		List<Start> withRuns = new ArrayList<>();
		String withFailure = null;
		for (int run = 0; run < this.settings.startupRuns() + 1; run++) {
			// The first pair warms the OS file cache and is not recorded.
			Start a = start(withoutPath);
			Start b = (withFailure == null) ? start(withPath) : null;
			if (b == null && withFailure == null) {
				withFailure = "the application did not start with the starter";
			}
			if (run > 0) {
				withoutRuns.add(a);
				withRuns.add(b);
			}
		}
		List<Double> withoutTimes = present(withoutRuns);
		List<Double> withTimes = present(withRuns);
		List<Result> results = new ArrayList<>();
		results.add(withoutTimes.isEmpty() ? Result.missing(label, WITHOUT, "did not start")
				: new Result(label, WITHOUT, Result.median(withoutTimes), "ms", Double.NaN, "JVM start to ready"));
		String note = autoConfigurations(read(with)) ? "JVM start to ready"
				: "the starter has no auto-configuration yet";
		results.add((withFailure != null || withTimes.isEmpty()) ? Result.missing(label, WITH, withFailure)
				: new Result(label, WITH, Result.median(withTimes), "ms", Double.NaN, note));
		Paired added = Paired.of(withoutRuns, withRuns);
		results.add((withFailure != null || added == null) ? Result.missing(label, ADDED, "no complete pair")
				: new Result(label, ADDED, added.median(), "ms", Double.NaN, added.note()));
		return results;
	}

	/** One start-up: wall milliseconds from JVM start to ready, and the main thread's CPU milliseconds (or NaN). */
	record Start(double millis, double mainCpuMillis) {
	}

	/**
	 * The paired differences (with minus without, per pair): their median and interquartile range, and the median
	 * of the paired main-thread CPU differences. Pairing cancels what the two runs of a pair share (the load of the
	 * moment), which the difference of the two medians does not.
	 */
	record Paired(double median, double lowerQuartile, double upperQuartile, int pairs, double mainCpuMedian) {

		/** The pairs where both runs started; {@code null} when there is none. */
		static @Nullable Paired of(List<Start> without, List<Start> with) {
			List<Double> wall = new ArrayList<>();
			List<Double> cpu = new ArrayList<>();
			for (int i = 0; i < Math.min(without.size(), with.size()); i++) {
				Start a = without.get(i);
				Start b = with.get(i);
				if (a == null || b == null) {
					continue;
				}
				wall.add(b.millis() - a.millis());
				if (!Double.isNaN(a.mainCpuMillis()) && !Double.isNaN(b.mainCpuMillis())) {
					cpu.add(b.mainCpuMillis() - a.mainCpuMillis());
				}
			}
			if (wall.isEmpty()) {
				return null;
			}
			return new Paired(Result.median(wall), percentile(wall, 25), percentile(wall, 75), wall.size(),
					cpu.isEmpty() ? Double.NaN : Result.median(cpu));
		}

		/** For the table: "median of N paired differences, IQR a to b ms; main-thread CPU +c ms". */
		String note() {
			String text = String.format(Locale.ROOT,
					"median of %d paired differences (with minus without), IQR %+.0f to %+.0f ms", this.pairs,
					this.lowerQuartile, this.upperQuartile);
			if (!Double.isNaN(this.mainCpuMedian)) {
				text += String.format(Locale.ROOT, "; main-thread CPU %+.0f ms", this.mainCpuMedian);
			}
			return text;
		}

	}

	/** The {@code p}th percentile, interpolating linearly between the two nearest ranks. */
	static double percentile(List<Double> samples, double p) {
		double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		double rank = p / 100 * (sorted.length - 1);
		int below = (int) Math.floor(rank);
		int above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
	}

	private static List<Double> present(List<Start> starts) {
		List<Double> millis = new ArrayList<>();
		for (Start start : starts) {
			if (start != null) {
				millis.add(start.millis());
			}
		}
		return millis;
	}

	private @Nullable Start start(String classPath) throws IOException, InterruptedException {
		Jvm.Outcome outcome = Jvm.run(List.of(), classPath, MinimalApplication.class.getName(), ARGS, 120, false);
		Matcher matcher = STARTED.matcher(outcome.output());
		if (outcome.exitCode() != 0 || !matcher.find()) {
			this.log.println("  start-up failed (exit " + outcome.exitCode() + "):\n" + outcome.output());
			return null;
		}
		Matcher cpu = MAIN_CPU.matcher(outcome.output());
		return new Start(Double.parseDouble(matcher.group(1)),
				cpu.find() ? Double.parseDouble(cpu.group(1)) : Double.NaN);
	}

	// The entries of both class paths, each once, in order.
	static String union(String first, String second) {
		LinkedHashSet<String> entries = new LinkedHashSet<>();
		entries.addAll(List.of(first.split(java.io.File.pathSeparator)));
		entries.addAll(List.of(second.split(java.io.File.pathSeparator)));
		entries.remove("");
		return String.join(java.io.File.pathSeparator, entries);
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8).trim();
	}

	// Whether any lightkube jar on the class path registers an auto-configuration.
	private static boolean autoConfigurations(String classPath) throws IOException {
		for (String entry : classPath.split(java.io.File.pathSeparator)) {
			// Spring Boot's own auto-configure jar does not count; lightkube's (named lightkube-spring-boot-...) does.
			String name = Path.of(entry).getFileName().toString();
			if (!entry.contains("autoconfigure") || name.startsWith("spring-boot-autoconfigure-")) {
				continue;
			}
			Path path = Path.of(entry);
			if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(IMPORTS))
					&& Files.size(path.resolve(IMPORTS)) > 0) {
				return true;
			}
			if (entry.contains("lightkube-spring-boot-autoconfigure") && entry.endsWith(".jar")) {
				try (ZipFile jar = new ZipFile(entry)) {
					var imports = jar.getEntry(IMPORTS);
					if (imports != null && imports.getSize() != 0) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
