package dev.lightkube.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.lightkube.benchmarks.clients.Clients;

/**
 * The class path of each forked JVM. Every client runs on this module's class path except fabric8 on Vert.x 5:
 * Vert.x 5.2.0 needs Netty 4.2.18 ({@code NoSuchFieldError: ACCEPT_QUERY} on the 4.2.15 that Spring Boot's BOM gives
 * Reactor Netty here), so its JVM gets the module's classes and libraries without any Netty or Reactor Netty jar,
 * plus the Netty jars of Vert.x's own version. The build writes both halves: {@code target/fabric8-vertx.classpath}
 * and {@code target/vertx-netty/} (see this module's POM).
 */
final class ClassPaths {

	/** The JVM group of fabric8 on Vert.x (see {@link Clients#jvm(String)}). */
	static final String VERTX_JVM = Clients.FABRIC8_VERTX_JVM;

	private final String main;

	private final Path target;

	/** {@code main}: the class path of everyone else; {@code target}: this module's build directory. */
	ClassPaths(String main, Path target) {
		this.main = main;
		this.target = target;
	}

	/** The class path of the JVM group {@code group}. */
	String ofGroup(String group) throws IOException {
		if (!group.equals(VERTX_JVM)) {
			return this.main;
		}
		Path listed = this.target.resolve("fabric8-vertx.classpath");
		Path netty = this.target.resolve("vertx-netty");
		Path classes = this.target.resolve("classes");
		if (!Files.isRegularFile(listed) || !Files.isDirectory(netty) || !Files.isDirectory(classes)) {
			throw new IllegalStateException("fabric8 on Vert.x needs " + listed + ", " + netty + " and " + classes
					+ ": build the module first (./mvnw -o -pl benchmarks -am package -DskipTests)");
		}
		List<String> entries = new ArrayList<>();
		entries.add(classes.toString());
		try (Stream<Path> jars = Files.list(netty)) {
			jars.filter((jar) -> jar.toString().endsWith(".jar")).sorted().forEach((jar) -> entries.add(jar.toString()));
		}
		String libraries = Files.readString(listed, StandardCharsets.UTF_8).trim();
		if (!libraries.isEmpty()) {
			entries.add(libraries);
		}
		return String.join(File.pathSeparator, entries);
	}

	/** The class path of the JVM that runs {@code client}. */
	String ofClient(String client) throws IOException {
		return ofGroup(Clients.jvm(client));
	}

}
