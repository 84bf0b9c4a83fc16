package dev.lightkube.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lightkube.benchmarks.clients.Clients;

/**
 * Prints the one table: per operation and client the median, allocation per operation, and the ratio to each floor
 * and peer measured in the same run (a ratio below 1 means faster or smaller than that reference).
 */
final class Report {

	private Report() {
	}

	/** The table as Markdown, ready to paste into the README. */
	static String table(List<Result> results) {
		List<String> references = Clients.references();
		Map<String, List<Result>> byOperation = new LinkedHashMap<>();
		for (Result result : results) {
			byOperation.computeIfAbsent(result.operation(), (key) -> new ArrayList<>()).add(result);
		}
		StringBuilder table = new StringBuilder();
		table.append("| operation | client | median | alloc/op |");
		references.forEach((reference) -> table.append(" × ").append(reference).append(" |"));
		table.append(" note |\n|---|---|---:|---:|");
		references.forEach((reference) -> table.append("---:|"));
		table.append("---|\n");
		for (Map.Entry<String, List<Result>> entry : byOperation.entrySet()) {
			Map<String, Double> medians = new LinkedHashMap<>();
			entry.getValue().forEach((result) -> medians.put(result.client(), result.median()));
			for (Result result : entry.getValue()) {
				table.append("| ").append(entry.getKey()).append(" | ").append(result.client()).append(" | ");
				table.append(Double.isNaN(result.median()) ? "–" : format(result.median()) + " " + result.unit());
				table.append(" | ");
				table.append(Double.isNaN(result.allocatedMb()) ? "" : format(result.allocatedMb()) + " MB");
				table.append(" |");
				for (String reference : references) {
					Double base = medians.get(reference);
					boolean comparable = base != null && !base.isNaN() && base > 0 && !Double.isNaN(result.median())
							&& !reference.equals(result.client());
					table.append(' ')
						.append(comparable ? String.format(Locale.ROOT, "%.2f", result.median() / base) : "")
						.append(" |");
				}
				table.append(' ').append(result.note()).append(" |\n");
			}
		}
		return table.toString();
	}

	private static String format(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

}
