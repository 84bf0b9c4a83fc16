package dev.lightkube.benchmarks.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lightkube.benchmarks.server.ServerKind;

/**
 * Times every operation for every client on every server kind, interleaved: in each round every client runs once on
 * each server kind, and the order rotates from round to round, so drift (JIT, GC, a neighbour's build) hits everyone
 * alike, whichever JVM a client lives in. The {@link Sampler} runs a full GC before each sample, outside the clock, and
 * counts the collections inside it; each result carries their median time and how many samples had one.
 */
public final class TimingRun {

	private final Settings settings;

	private final Sampler sampler;

	private final PrintStream log;

	/** A run that takes its samples from {@code sampler}. */
	TimingRun(Settings settings, Sampler sampler, PrintStream log) {
		this.settings = settings;
		this.sampler = sampler;
		this.log = log;
	}

	/** Measure; one result per operation, client and server kind. */
	public List<Result> run() throws Exception {
		this.sampler.transports()
			.forEach((key, transport) -> this.log.printf("  %-36s %s%n", key, transport));
		List<Result> results = new ArrayList<>();
		for (Operation operation : this.settings.operations()) {
			results.addAll(measure(operation));
		}
		return results;
	}

	private List<Result> measure(Operation operation) throws Exception {
		String label = operation.label(this.settings);
		// client-major, so that a client's two server kinds follow each other, as with one JVM per client
		List<Slot> slots = new ArrayList<>();
		Map<Slot, String> failures = new LinkedHashMap<>();
		for (String client : this.settings.clients()) {
			for (ServerKind kind : this.settings.servers()) {
				Slot slot = new Slot(client, kind);
				slots.add(slot);
				String why = this.sampler.unavailable().get(Sampler.key(client, kind));
				if (why != null) {
					failures.put(slot, why);
				}
			}
		}
		Map<Slot, List<Double>> times = new LinkedHashMap<>();
		Map<Slot, List<Double>> allocations = new LinkedHashMap<>();
		Map<Slot, List<Double>> gcMillis = new LinkedHashMap<>();
		Map<Slot, Integer> samplesWithGc = new LinkedHashMap<>();
		slots.forEach((slot) -> {
			times.put(slot, new ArrayList<>());
			allocations.put(slot, new ArrayList<>());
			gcMillis.put(slot, new ArrayList<>());
			samplesWithGc.put(slot, 0);
		});
		int rounds = this.settings.warmups() + this.settings.iterations();
		for (int round = 0; round < rounds; round++) {
			boolean recorded = round >= this.settings.warmups();
			for (int k = 0; k < slots.size(); k++) {
				Slot slot = slots.get((round + k) % slots.size());
				if (failures.containsKey(slot)) {
					continue;
				}
				Sampler.Sample sample = this.sampler.sample(operation, slot.client(), slot.kind());
				if (sample.failure() != null) {
					failures.put(slot, sample.failure());
				}
				else if (sample.count() != operation.expected(this.settings)) {
					failures.put(slot, "saw " + sample.count() + " of " + operation.expected(this.settings));
				}
				else if (recorded) {
					times.get(slot).add(sample.nanos() / 1e6);
					allocations.get(slot).add(sample.allocatedBytes() / 1048576.0);
					gcMillis.get(slot).add((double) sample.gcMillis());
					if (sample.gcCount() > 0) {
						samplesWithGc.merge(slot, 1, Integer::sum);
					}
				}
			}
		}
		List<Result> results = new ArrayList<>();
		for (Slot slot : slots) {
			if (failures.containsKey(slot)) {
				this.log.println("  " + label + ", " + slot + ": " + failures.get(slot));
				results.add(Result.missing(label, slot.client(), failures.get(slot)).on(slot.kind().id()));
			}
			else {
				Result result = new Result(label, slot.client(), Result.median(times.get(slot)), "ms",
						Result.median(allocations.get(slot)), "", slot.kind().id(), Result.median(gcMillis.get(slot)),
						samplesWithGc.get(slot), times.get(slot).size());
				this.log.printf("  %-28s %-36s %10.1f ms %10.1f MB   GC in sample %6.1f ms, in %d of %d samples%n",
						label, slot, result.median(), result.allocatedMb(), result.gcMillis(), result.samplesWithGc(),
						result.samples());
				// the samples in round order: a slow first round (JIT still compiling) reads differently from noise
				this.log.println("    samples (ms, in round order): " + rounded(times.get(slot)));
				results.add(result);
			}
		}
		return results;
	}

	static String rounded(List<Double> millis) {
		StringBuilder text = new StringBuilder();
		for (double value : millis) {
			text.append(text.isEmpty() ? "" : " ").append(Math.round(value));
		}
		return text.toString();
	}

	private record Slot(String client, ServerKind kind) {

		@Override
		public String toString() {
			return Sampler.key(this.client, this.kind);
		}

	}

}
