package dev.lightkube.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lightkube.benchmarks.clients.Clients;

/**
 * Prints the tables: one per server kind (and one for the rows without a server), per operation and client the
 * median, allocation per operation, the median GC time inside a sample (a collection inside the clock is part of the
 * wall time; the note says in how many recorded samples there was one), and the ratio to each floor and peer measured
 * in the same run on the same server kind (a ratio below 1 means faster or smaller than that reference). The tables
 * after the first have one more column: the ratio to the same client's median on the first server kind.
 */
final class Report {

	private Report() {
	}

	/** The tables as Markdown, ready to paste into the README. */
	static String table(List<Result> results) {
		Map<String, List<Result>> byServer = new LinkedHashMap<>();
		results.stream().filter((result) -> !result.server().isEmpty()).forEach((result) -> byServer
			.computeIfAbsent(result.server(), (key) -> new ArrayList<>()).add(result));
		results.stream().filter((result) -> result.server().isEmpty()).forEach((result) -> byServer
			.computeIfAbsent("", (key) -> new ArrayList<>()).add(result));
		String first = byServer.keySet().stream().filter((server) -> !server.isEmpty()).findFirst().orElse(null);
		StringBuilder out = new StringBuilder();
		for (Map.Entry<String, List<Result>> entry : byServer.entrySet()) {
			String server = entry.getKey();
			out.append(server.isEmpty() ? "**Without a server**" : "**Server: " + server + "**").append("\n\n");
			List<Result> baseline = (first != null && !server.isEmpty() && !server.equals(first))
					? byServer.get(first) : null;
			out.append(table(entry.getValue(), first, baseline)).append('\n');
		}
		return out.toString();
	}

	private static String table(List<Result> results, String firstServer, List<Result> baseline) {
		List<String> references = Clients.references();
		Map<String, List<Result>> byOperation = new LinkedHashMap<>();
		for (Result result : results) {
			byOperation.computeIfAbsent(result.operation(), (key) -> new ArrayList<>()).add(result);
		}
		StringBuilder table = new StringBuilder();
		table.append("| operation | client | median | alloc/op | GC in sample |");
		references.forEach((reference) -> table.append(" × ").append(reference).append(" |"));
		if (baseline != null) {
			table.append(" × same client, ").append(firstServer).append(" |");
		}
		table.append(" note |\n|---|---|---:|---:|---:|");
		references.forEach((reference) -> table.append("---:|"));
		if (baseline != null) {
			table.append("---:|");
		}
		table.append("---|\n");
		for (Map.Entry<String, List<Result>> entry : byOperation.entrySet()) {
			Map<String, Double> medians = new LinkedHashMap<>();
			entry.getValue().forEach((result) -> medians.put(result.client(), result.median()));
			for (Result result : entry.getValue()) {
				table.append("| ").append(entry.getKey()).append(" | ").append(result.client()).append(" | ");
				table.append(Double.isNaN(result.median()) ? "–" : format(result.median()) + " " + result.unit());
				table.append(" | ");
				table.append(Double.isNaN(result.allocatedMb()) ? "" : format(result.allocatedMb()) + " MB");
				table.append(" | ").append(result.gcInSample()).append(" |");
				for (String reference : references) {
					table.append(' ')
						.append(reference.equals(result.client()) ? "" : ratio(result, medians.get(reference)))
						.append(" |");
				}
				if (baseline != null) {
					Double same = baseline.stream()
						.filter((other) -> other.operation().equals(result.operation())
								&& other.client().equals(result.client()))
						.map(Result::median)
						.findFirst()
						.orElse(null);
					table.append(' ').append(ratio(result, same)).append(" |");
				}
				table.append(' ').append(note(result)).append(" |\n");
			}
		}
		return table.toString();
	}

	private static String ratio(Result result, Double base) {
		boolean comparable = base != null && !base.isNaN() && base > 0 && !Double.isNaN(result.median());
		return comparable ? String.format(Locale.ROOT, "%.2f", result.median() / base) : "";
	}

	private static String note(Result result) {
		if (result.gcNote().isEmpty() || result.note().isEmpty()) {
			return result.gcNote() + result.note();
		}
		return result.gcNote() + "; " + result.note();
	}

	static String format(double value) {
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

}
