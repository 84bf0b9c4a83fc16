package dev.lightkube.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.lightkube.benchmarks.clients.Clients;
import dev.lightkube.benchmarks.server.ServerKind;

/**
 * Samples clients in timing JVMs: one {@link TimingWorker} per {@link Clients#jvm(String) JVM group}, all started
 * before the first sample and kept for the whole run, each with the same options (and its {@link ClassPaths class
 * path}). The parent sends
 * one sample at a time, so only one JVM works at any moment and the interleaving crosses JVMs.
 */
final class ForkedSampler implements Sampler {

	private final Map<String, Worker> workerByClient = new LinkedHashMap<>();

	private final List<Worker> workers = new ArrayList<>();

	private final Map<String, String> transports = new LinkedHashMap<>();

	private final Map<String, String> unavailable = new LinkedHashMap<>();

	private final PrintStream log;

	/** Start the timing JVMs for {@code settings.clients()} against {@code servers}. */
	ForkedSampler(Settings settings, Map<ServerKind, URI> servers, ClassPaths classPaths, List<String> jvmOptions,
			PrintStream log) throws IOException {
		this.log = log;
		Map<String, List<String>> groups = new LinkedHashMap<>();
		settings.clients().forEach((client) -> groups.computeIfAbsent(Clients.jvm(client), (k) -> new ArrayList<>())
			.add(client));
		String serverArgument = servers.entrySet()
			.stream()
			.map((entry) -> entry.getKey().id() + "=" + entry.getValue())
			.collect(Collectors.joining(","));
		for (Map.Entry<String, List<String>> group : groups.entrySet()) {
			Settings own = settings.withClients(String.join(",", group.getValue()));
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmOptions);
			command.addAll(List.of("-cp", classPaths.ofGroup(group.getKey()), TimingWorker.class.getName()));
			command.addAll(own.toArguments());
			command.add(serverArgument);
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			Worker worker = new Worker(group.getKey(), process);
			this.workers.add(worker);
			group.getValue().forEach((client) -> this.workerByClient.put(client, worker));
		}
		for (Worker worker : this.workers) {
			worker.awaitReady();
		}
	}

	@Override
	public Map<String, String> transports() {
		return this.transports;
	}

	@Override
	public Map<String, String> unavailable() {
		return this.unavailable;
	}

	@Override
	public Sample sample(Operation operation, String client, ServerKind kind) throws IOException {
		Worker worker = this.workerByClient.get(client);
		if (worker == null) {
			return Sample.failed("no timing JVM runs " + client);
		}
		return worker.sample("sample " + operation.id() + " " + client + " " + kind.id());
	}

	@Override
	public void close() throws InterruptedException {
		for (Worker worker : this.workers) {
			worker.close();
		}
	}

	private final class Worker {

		private final String group;

		private final Process process;

		private final BufferedReader answers;

		private final Writer commands;

		Worker(String group, Process process) {
			this.group = group;
			this.process = process;
			this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		}

		void awaitReady() throws IOException {
			String line;
			while ((line = this.answers.readLine()) != null) {
				if (line.startsWith(TimingWorker.PREFIX + "transport ")) {
					String[] parts = line.substring(TimingWorker.PREFIX.length() + 10).split("\t", 2);
					ForkedSampler.this.transports.put(parts[0], parts[1] + " (JVM " + this.group + ")");
				}
				else if (line.startsWith(TimingWorker.PREFIX + "unavailable ")) {
					String[] parts = line.substring(TimingWorker.PREFIX.length() + 12).split("\t", 2);
					ForkedSampler.this.unavailable.put(parts[0], parts[1]);
				}
				else if (line.startsWith(TimingWorker.PREFIX + "ready ")) {
					String[] parts = line.split(" ");
					ForkedSampler.this.log.println("timing JVM " + this.group + ": pid " + parts[1] + ", Netty "
							+ parts[2] + ", eden " + Long.parseLong(parts[3]) / 1048576 + " MB");
					return;
				}
				else {
					ForkedSampler.this.log.println(line);
				}
			}
			throw new IOException("the timing JVM " + this.group + " ended before it was ready"
					+ exitCode());
		}

		Sample sample(String command) throws IOException {
			if (!this.process.isAlive()) {
				return Sample.failed("the timing JVM " + this.group + " has ended" + exitCode());
			}
			this.commands.write(command + "\n");
			this.commands.flush();
			String line;
			while ((line = this.answers.readLine()) != null) {
				Sample sample = TimingWorker.parseAnswer(line);
				if (sample != null) {
					return sample;
				}
				ForkedSampler.this.log.println(line);
			}
			return Sample.failed("the timing JVM " + this.group + " ended" + exitCode());
		}

		private String exitCode() {
			try {
				return this.process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + this.process.exitValue() + ")"
						: "";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "";
			}
		}

		void close() throws InterruptedException {
			try {
				this.commands.write("close\n");
				this.commands.close();
			}
			catch (IOException ex) {
				// Already gone.
			}
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
