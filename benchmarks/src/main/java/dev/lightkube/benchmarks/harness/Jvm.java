package dev.lightkube.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Forks a JVM of the same Java installation and collects its output.
 */
final class Jvm {

	private Jvm() {
	}

	/** What a forked JVM did: its exit code (-1 when it timed out) and its output, stdout and stderr merged. */
	record Outcome(int exitCode, String output) {
	}

	/** Run {@code mainClass} with {@code jvmOptions} on {@code classPath}; kill it after {@code timeoutSeconds}. */
	static Outcome run(List<String> jvmOptions, String classPath, String mainClass, List<String> args,
			long timeoutSeconds, boolean inheritOutput) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classPath);
		command.add(mainClass);
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		if (inheritOutput) {
			builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		}
		Process process = builder.start();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try {
				output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				output.append(ex);
			}
		}, "bench-fork-output");
		reader.start();
		boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly().waitFor();
		}
		reader.join(TimeUnit.SECONDS.toMillis(10));
		synchronized (output) {
			return new Outcome(finished ? process.exitValue() : -1, output.toString());
		}
	}

}
