package dev.lightkube.benchmarks.harness;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import dev.lightkube.benchmarks.server.ServerKind;

/**
 * A timing JVM: builds its clients (the settings' client list) against every server kind, then takes samples on
 * command, one at a time, so that the parent can interleave clients that live in different JVMs within one round.
 * <p>
 * Protocol, one line each way: the parent writes {@code sample <operation> <client> <server kind>} or {@code close};
 * the worker answers on its standard output
 * {@code @@sample <nanos> <allocated bytes> <count> <GC count> <GC milliseconds>} (the collections inside the clock,
 * see {@link GcCounters}) or {@code @@failed <why>}. Before the first command it announces
 * {@code @@transport <key>\t<transport>}, {@code @@unavailable <key>\t<why>} and
 * {@code @@ready <pid> <netty version> <eden bytes>}. Everything the clients log goes to standard error, so it never
 * mixes with the protocol.
 */
public final class TimingWorker {

	static final String PREFIX = "@@";

	private TimingWorker() {
	}

	/** {@code <settings...> <kind=url,kind=url>}; see {@link Settings#toArguments()}. */
	public static void main(String[] args) throws Exception {
		PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		// Before any logging framework binds System.out: client logs must not land between protocol lines.
		System.setOut(System.err);
		Settings settings = Settings.fromArguments(args, 0);
		Map<ServerKind, URI> servers = new EnumMap<>(ServerKind.class);
		for (String server : args[args.length - 1].split(",")) {
			int equals = server.indexOf('=');
			servers.put(ServerKind.byId(server.substring(0, equals)), URI.create(server.substring(equals + 1)));
		}
		PodFixtures fixtures = new PodFixtures(settings.pods(), settings.events());
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (LocalSampler sampler = new LocalSampler(settings, servers, fixtures, settings.clients())) {
			sampler.transports().forEach((key, transport) -> protocol.println(PREFIX + "transport " + key + "\t"
					+ oneLine(transport)));
			sampler.unavailable().forEach((key, why) -> protocol.println(PREFIX + "unavailable " + key + "\t"
					+ oneLine(why)));
			protocol.println(PREFIX + "ready " + ProcessHandle.current().pid() + " " + nettyVersion() + " "
					+ GcCounters.edenBytes());
			String command;
			while ((command = commands.readLine()) != null && !command.equals("close")) {
				String[] parts = command.split(" ");
				Sampler.Sample sample = sampler.sample(Operation.byId(parts[1]), parts[2], ServerKind.byId(parts[3]));
				protocol.println(answer(sample));
			}
		}
		// Client pools (OkHttp, fabric8, Vert.x) may hold non-daemon threads for a while; everything is answered.
		System.exit(0);
	}

	/** The protocol line that hands {@code sample} to the parent. */
	static String answer(Sampler.Sample sample) {
		if (sample.failure() != null) {
			return PREFIX + "failed " + oneLine(sample.failure());
		}
		return PREFIX + "sample " + sample.nanos() + " " + sample.allocatedBytes() + " " + sample.count() + " "
				+ sample.gcCount() + " " + sample.gcMillis();
	}

	/** The inverse of {@link #answer(Sampler.Sample)}; {@code null} for a line that is neither answer. */
	static Sampler.Sample parseAnswer(String line) {
		if (line.startsWith(PREFIX + "sample ")) {
			String[] parts = line.split(" ");
			return new Sampler.Sample(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
					Long.parseLong(parts[4]), Long.parseLong(parts[5]), null);
		}
		if (line.startsWith(PREFIX + "failed ")) {
			return Sampler.Sample.failed(line.substring(PREFIX.length() + 7));
		}
		return null;
	}

	static String nettyVersion() {
		try {
			io.netty.util.Version version = io.netty.util.Version.identify().get("netty-common");
			return (version != null) ? version.artifactVersion() : "unknown";
		}
		catch (LinkageError ex) {
			return "none";
		}
	}

	static String oneLine(String text) {
		return String.valueOf(text).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
	}

}
