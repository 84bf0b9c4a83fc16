package dev.lightkube.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a result needs next to it: the machine (CPU model, cores, memory), the JDK, and the load before and after.
 * Read from Linux's {@code /proc} and {@code uptime}; elsewhere the fields say "unknown".
 */
final class Machine {

	private Machine() {
	}

	/** One line each: CPU, memory, JDK, OS. */
	static List<String> describe() {
		String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
		String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
		String available = firstValue(Path.of("/proc/meminfo"), "MemAvailable");
		return List.of(
				"machine: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores available to the JVM",
				"memory: " + gib(memory) + " total, " + gib(available) + " available",
				"JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
						+ System.getProperty("java.vm.vendor") + ")",
				"OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"));
	}

	/** What {@code uptime} prints (the load averages), or {@code /proc/loadavg} without it. */
	static String load() {
		try {
			Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && !output.isEmpty()) {
				return output;
			}
		}
		catch (IOException ex) {
			// No uptime command: fall back to the kernel's own file.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			return "load average (/proc/loadavg): " + Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "load unknown";
		}
	}

	private static String firstValue(Path file, String key) {
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
					return line.substring(colon + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// Not Linux.
		}
		return "unknown";
	}

	// "24576000 kB" -> "23.4 GiB"
	private static String gib(String kilobytes) {
		String[] parts = kilobytes.split("\\s+");
		try {
			return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / 1048576.0);
		}
		catch (NumberFormatException ex) {
			return kilobytes;
		}
	}

}
