package dev.lightkube.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplicationAotProcessor;

/**
 * The sample app as a native image runs it, on the JVM: its context processed ahead of time (what
 * {@code spring-boot:process-aot} does: {@link SpringApplicationAotProcessor}, then the generated sources compiled),
 * then started with {@code -Dspring.aot.enabled=true} in its own JVM; it must serve a request and deliver a
 * {@code @KubeWatch} event. Part of {@code ./mvnw verify}; {@code -DskipAotCheck} leaves it out.
 */
@DisabledIfSystemProperty(named = "skipAotCheck", matches = ".*")
class SampleApplicationAotTests {

	/** Only a guard against hanging: every wait ends as soon as its condition holds. */
	private static final Duration GUARD = Duration.ofSeconds(180);

	@TempDir
	Path dir;

	@Test
	void aotProcessedApplicationServesARequestAndDeliversAWatchEvent() throws Exception {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path sources = this.dir.resolve("sources");
		Path resources = this.dir.resolve("resources");
		Path classes = this.dir.resolve("classes");
		// Conditions are decided at build time: the embedded API server, whatever this machine has.
		run(List.of(java(), "-cp", classPath, SpringApplicationAotProcessor.class.getName(),
				SampleApplication.class.getName(), sources.toString(), resources.toString(), classes.toString(),
				"dev.lightkube", "lightkube-sample-app", "--sample.embedded=true"), this.dir.resolve("aot.log"));
		compile(sources, classes, classPath);
		assertThat(classes.resolve("dev/lightkube/sample/SampleApplication__ApplicationContextInitializer.class"))
			.exists();

		int port = freePort();
		String aotClassPath = classes + File.pathSeparator + resources + File.pathSeparator + classPath;
		Path log = this.dir.resolve("app.log");
		Process app = new ProcessBuilder(java(), "-Dspring.aot.enabled=true", "-cp", aotClassPath,
				SampleApplication.class.getName(), "--server.port=" + port, "--sample.embedded=true",
				"--spring.jmx.enabled=false")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			String base = "http://localhost:" + port;
			HttpResponse<String> pods = poll(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/pods")).build(),
					HttpResponse.BodyHandlers.ofString()), app, log);
			assertThat(pods.statusCode()).isEqualTo(200);
			assertThat(pods.body()).contains("web-0");
			assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
			HttpResponse<String> applied = http.send(HttpRequest.newBuilder(URI.create(base + "/configmaps/aot-check"))
				.header("Content-Type", "application/yaml")
				.PUT(HttpRequest.BodyPublishers.ofString("""
						apiVersion: v1
						kind: ConfigMap
						metadata:
						  name: aot-check
						  labels:
						    app: web
						data:
						  mode: aot
						"""))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
			long deadline = System.nanoTime() + GUARD.toNanos();
			String watched = "";
			while (System.nanoTime() < deadline && !watched.contains("aot-check")) {
				watched = http.send(HttpRequest.newBuilder(URI.create(base + "/configmaps/watched")).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				Thread.sleep(50);
			}
			assertThat(watched).as(Files.readString(log)).contains("\"aot-check\":\"ADDED\"");
		}
		finally {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static void run(List<String> command, Path log) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(process.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)).as("AOT processing finished").isTrue();
		assertThat(process.exitValue()).as(Files.readString(log)).isZero();
	}

	private static void compile(Path sources, Path classes, String classPath) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classes + File.pathSeparator
				+ classPath, "-proc:none", "-nowarn", "-parameters"));
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> arguments.add(file.toString()));
		}
		assertThat(compiler.run(null, null, null, arguments.toArray(String[]::new))).as("generated sources compile")
			.isZero();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static <T> T poll(Attempt<T> attempt, Process app, Path log) throws Exception {
		long deadline = System.nanoTime() + GUARD.toNanos();
		while (true) {
			assertThat(app.isAlive()).as("the application runs: %s", Files.readString(log)).isTrue();
			try {
				return attempt.call();
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("no answer: " + Files.readString(log), ex);
				}
				Thread.sleep(100);
			}
		}
	}

	@FunctionalInterface
	private interface Attempt<T> {

		T call() throws Exception;

	}

}
