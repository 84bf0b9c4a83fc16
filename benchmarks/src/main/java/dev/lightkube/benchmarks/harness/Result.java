package dev.lightkube.benchmarks.harness;

import java.util.Arrays;
import java.util.List;

/**
 * One cell group of the table: an operation, a client, its median and (for timed operations) the median bytes
 * allocated per operation and the collections inside the samples.
 *
 * @param operation the row label, e.g. "list 10000 pods"
 * @param client the client's short name (see {@code Clients})
 * @param median the median value, or {@code NaN} when there is none (see {@code note})
 * @param unit "ms" or "MB"
 * @param allocatedMb median megabytes allocated per operation, or {@code NaN} when not measured
 * @param note anything the number needs: a failure, "n/a", what was measured instead
 * @param server the {@link dev.lightkube.benchmarks.server.ServerKind#id() server kind} it was measured on, or ""
 *     for rows without a server (start-up)
 * @param gcMillis median milliseconds of garbage collection inside the recorded samples (part of their wall time),
 *     or {@code NaN} when not measured
 * @param samplesWithGc recorded samples with at least one collection inside the clock
 * @param samples recorded samples (0 when the row has no GC figures)
 */
public record Result(String operation, String client, double median, String unit, double allocatedMb, String note,
		String server, double gcMillis, int samplesWithGc, int samples) {

	/** A row measured without a server. */
	public Result(String operation, String client, double median, String unit, double allocatedMb, String note) {
		this(operation, client, median, unit, allocatedMb, note, "");
	}

	/** A row without GC figures (a probe that is not timed in a timing JVM). */
	public Result(String operation, String client, double median, String unit, double allocatedMb, String note,
			String server) {
		this(operation, client, median, unit, allocatedMb, note, server, Double.NaN, 0, 0);
	}

	/** A row without a number. */
	static Result missing(String operation, String client, String note) {
		return new Result(operation, client, Double.NaN, "", Double.NaN, note);
	}

	/** The same row, measured on {@code server}. */
	Result on(String server) {
		return new Result(this.operation, this.client, this.median, this.unit, this.allocatedMb, this.note, server,
				this.gcMillis, this.samplesWithGc, this.samples);
	}

	/** The median of the samples (the mean of the middle two for an even count). */
	static double median(List<Double> samples) {
		double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/** One tab-separated line (the format a forked run hands back). */
	String toLine() {
		return String.join("\t", this.operation, this.client, String.valueOf(this.median), this.unit,
				String.valueOf(this.allocatedMb), this.note.replace('\t', ' ').replace('\n', ' '), this.server,
				String.valueOf(this.gcMillis), String.valueOf(this.samplesWithGc), String.valueOf(this.samples));
	}

	/** The inverse of {@link #toLine()}; a line without the GC fields gives a row without GC figures. */
	static Result fromLine(String line) {
		String[] parts = Arrays.copyOf(line.split("\t", -1), 10);
		return new Result(parts[0], parts[1], Double.parseDouble(parts[2]), parts[3], Double.parseDouble(parts[4]),
				(parts[5] != null) ? parts[5] : "", (parts[6] != null) ? parts[6] : "",
				(parts[7] != null) ? Double.parseDouble(parts[7]) : Double.NaN,
				(parts[8] != null) ? Integer.parseInt(parts[8]) : 0, (parts[9] != null) ? Integer.parseInt(parts[9]) : 0);
	}

	/**
	 * How the row's samples met the collector, for the tables: {@code ""} without GC figures, else the median GC time
	 * inside a sample, e.g. {@code "0 ms"}, or {@code "41.0 ms"}.
	 */
	String gcInSample() {
		if (Double.isNaN(this.gcMillis)) {
			return "";
		}
		return (this.gcMillis == 0) ? "0 ms" : Report.format(this.gcMillis) + " ms";
	}

	/** {@code "GC in 3 of 5 samples"} when any recorded sample had a collection inside the clock, else {@code ""}. */
	String gcNote() {
		return (this.samplesWithGc > 0) ? "GC in " + this.samplesWithGc + " of " + this.samples + " samples" : "";
	}

}
