package dev.lightkube.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import dev.lightkube.benchmarks.boot.MinimalApplication;

/**
 * Times the start-up of {@link MinimalApplication} with and without the starter, alternating the two, each in a
 * fresh JVM. The class paths come from the build: {@code target/boot-without.classpath} (Spring Boot's own starter)
 * and that plus {@code target/starter-runtime.classpath} (what an application gets from lightkube's starter, written
 * by the starter module); the application class from
 * {@code target/classes}.
 */
public final class StartupProbe {

	/** Client name of the start-up row without the starter. */
	static final String WITHOUT = "boot without starter";

	/** Client name of the start-up row with the starter. */
	static final String WITH = "boot with starter";

	private static final Pattern STARTED = Pattern.compile(Pattern.quote(MinimalApplication.STARTED) + "(\\d+)");

	// The starter refuses to start without a cluster; a server address is enough (nothing connects at start-up).
	// Both runs get it, so the arguments do not differ.
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

	/** Two results: without and with the starter. */
	public List<Result> run() throws Exception {
		String label = "Spring Boot start-up";
		Path classes = this.target.resolve("classes");
		Path without = this.target.resolve("boot-without.classpath");
		Path with = this.target.resolve("starter-runtime.classpath");
		if (!Files.isDirectory(classes) || !Files.isRegularFile(without) || !Files.isRegularFile(with)) {
			String why = "needs " + classes + " and the class path files from `./mvnw -pl benchmarks -am package`";
			return List.of(Result.missing(label, WITHOUT, why), Result.missing(label, WITH, why));
		}
		String withoutPath = classes + java.io.File.pathSeparator + read(without);
		String withPath = classes + java.io.File.pathSeparator + union(read(without), read(with));
		List<Double> withoutTimes = new ArrayList<>();
		List<Double> withTimes = new ArrayList<>();
		String withFailure = null;
		for (int run = 0; run < this.settings.startupRuns() + 1; run++) {
			// The first pair warms the OS file cache and is not recorded.
			Double a = start(withoutPath);
			Double b = (withFailure == null) ? start(withPath) : null;
			if (b == null && withFailure == null) {
				withFailure = "the application did not start with the starter";
			}
			if (run > 0) {
				if (a != null) {
					withoutTimes.add(a);
				}
				if (b != null) {
					withTimes.add(b);
				}
			}
		}
		List<Result> results = new ArrayList<>();
		results.add(withoutTimes.isEmpty() ? Result.missing(label, WITHOUT, "did not start")
				: new Result(label, WITHOUT, Result.median(withoutTimes), "ms", Double.NaN, "JVM start to ready"));
		String note = autoConfigurations(read(with)) ? "JVM start to ready"
				: "the starter has no auto-configuration yet";
		results.add((withFailure != null || withTimes.isEmpty()) ? Result.missing(label, WITH, withFailure)
				: new Result(label, WITH, Result.median(withTimes), "ms", Double.NaN, note));
		return results;
	}

	private Double start(String classPath) throws IOException, InterruptedException {
		Jvm.Outcome outcome = Jvm.run(List.of(), classPath, MinimalApplication.class.getName(), ARGS, 120, false);
		Matcher matcher = STARTED.matcher(outcome.output());
		if (outcome.exitCode() != 0 || !matcher.find()) {
			this.log.println("  start-up failed (exit " + outcome.exitCode() + "):\n" + outcome.output());
			return null;
		}
		return Double.valueOf(matcher.group(1));
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
