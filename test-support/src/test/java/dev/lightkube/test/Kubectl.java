package dev.lightkube.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@code kubectl} against a test server, with its own home directory and the server's kubeconfig.
 * Test classes call {@link #installed()} in a {@code @BeforeAll} assumption, so they skip where kubectl is absent.
 */
final class Kubectl {

	private final KubeApiServer server;

	private final Path home;

	Kubectl(KubeApiServer server, Path home) {
		this.server = server;
		this.home = home;
	}

	/** Whether {@code kubectl} is on the PATH. */
	static boolean installed() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, "kubectl"))) {
				return true;
			}
		}
		return false;
	}

	/** What one kubectl run printed and returned. */
	record Result(int exitCode, String stdout, String stderr) {

		JsonNode json() {
			return Http.JSON.readTree(this.stdout);
		}

	}

	/** Runs kubectl to the end. */
	Result run(String... args) throws Exception {
		Process process = start(args);
		byte[] out = process.getInputStream().readAllBytes();
		byte[] err = process.getErrorStream().readAllBytes();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
				new String(err, StandardCharsets.UTF_8));
	}

	/** Runs kubectl and asserts it succeeded. */
	Result ok(String... args) throws Exception {
		Result result = run(args);
		assertThat(result.exitCode()).as("kubectl %s failed: %s", String.join(" ", args), result.stderr())
			.isZero();
		return result;
	}

	/** Runs kubectl and asserts it failed; returns what it printed. */
	Result fails(String... args) throws Exception {
		Result result = run(args);
		assertThat(result.exitCode()).as("kubectl %s should fail: %s", String.join(" ", args), result.stdout())
			.isNotZero();
		return result;
	}

	/** Starts kubectl without waiting (for watches). */
	Process start(String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig",
				this.server.kubeconfigFile().toString(), "--request-timeout=60s"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().put("HOME", this.home.toString());
		builder.environment().remove("KUBECONFIG");
		return builder.start();
	}

	/** Writes a file in the home directory, for {@code -f}. */
	Path file(String name, String content) throws IOException {
		return Files.writeString(this.home.resolve(name), content);
	}

}
