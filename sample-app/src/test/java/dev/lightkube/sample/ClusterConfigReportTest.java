package dev.lightkube.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;

/** What the sample prints at start-up, without a cluster. */
class ClusterConfigReportTest {

	private static final String KUBECONFIG = """
			apiVersion: v1
			kind: Config
			current-context: demo
			clusters:
			- name: demo
			  cluster: {server: "https://demo.example.com:6443", insecure-skip-tls-verify: true}
			contexts:
			- name: demo
			  context: {cluster: demo, user: demo, namespace: shop}
			- name: broken
			  context: {cluster: demo, user: missing}
			users:
			- name: demo
			  user: {token: SECRET-TOKEN}
			""";

	@TempDir
	Path dir;

	@Test
	void printsWhatWasFoundWithoutSecrets() throws IOException {
		Path file = Files.writeString(this.dir.resolve("config"), KUBECONFIG);
		String output = run(() -> KubeConfig.fromFile(file));
		assertThat(output).contains("configuration found", "source:      " + file, "context:     demo",
				"server:      https://demo.example.com:6443", "namespace:   shop", "credentials: token")
			.doesNotContain("SECRET");
	}

	@Test
	void printsThatNothingWasFoundAndDoesNotFail() {
		String output = run(() -> {
			throw new ConfigException("No Kubernetes configuration found. Tried: KUBECONFIG: not set");
		});
		assertThat(output).contains("No Kubernetes cluster configuration found", "KUBECONFIG: not set");
	}

	@Test
	void printsWhyAFoundConfigurationCannotBeUsed() throws IOException {
		Path file = Files.writeString(this.dir.resolve("config"), KUBECONFIG.replace("current-context: demo",
				"current-context: broken"));
		String output = run(() -> KubeConfig.fromFile(file));
		assertThat(output).contains("cannot be used", "context 'broken'", "user 'missing' not found")
			.doesNotContain("SECRET");
	}

	private static String run(Supplier<KubeConfig> source) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		new ClusterConfigReport(source, new PrintStream(bytes, true, StandardCharsets.UTF_8))
			.run(new DefaultApplicationArguments());
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
