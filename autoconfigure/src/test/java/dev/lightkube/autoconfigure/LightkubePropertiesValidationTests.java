package dev.lightkube.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.lightkube.KubeClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Bad {@code lightkube.*} values stop the start-up of an application that uses the client, naming the property and
 * the fix, before any request.
 */
class LightkubePropertiesValidationTests extends WireMockSupport {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class))
		.withUserConfiguration(UsesTheClient.class);

	@TempDir
	Path dir;

	@Test
	void namespaceMustBeADns1123Label() {
		FailureAnalysis analysis = analyzeFailure(serverProperty(), "lightkube.namespace=UPPER_case");
		assertThat(analysis.getDescription()).contains("Property: lightkube.namespace", "Value: \"UPPER_case\"",
				"DNS-1123 label");
		assertThat(analysis.getAction()).contains("Set lightkube.namespace to a namespace name");
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	@Test
	void serverPortMustBeInRange() {
		FailureAnalysis analysis = analyzeFailure("lightkube.server=https://kube.example.com:99999");
		assertThat(analysis.getDescription()).contains("Property: lightkube.server", "port 99999, outside 1-65535");
		assertThat(analysis.getAction()).contains("Set lightkube.server to the API server's URL");
	}

	@Test
	void serverMustBeAnHttpUrl() {
		FailureAnalysis analysis = analyzeFailure("lightkube.server=kube.example.com:6443");
		assertThat(analysis.getDescription()).contains("lightkube.server must start with https:// or http://");
	}

	@Test
	void serverValueWithCredentialsIsNotEchoed() {
		FailureAnalysis analysis = analyzeFailure("lightkube.server=ftp://admin:hunter2@kube.example.com");
		assertThat(analysis.getDescription()).contains("lightkube.server").doesNotContain("hunter2");
	}

	@Test
	void durationsMustBePositiveAndAreShownAsWritten() {
		FailureAnalysis analysis = analyzeFailure(serverProperty(), "lightkube.timeout.connect=-5s",
				"lightkube.watch.initial-backoff=0s");
		assertThat(analysis.getDescription()).contains("Property: lightkube.timeout.connect", "Value: \"-5s\"",
				"Property: lightkube.watch.initial-backoff", "must be a positive duration")
			.doesNotContain("PT-5S", "initialBackoff");
		assertThat(analysis.getAction()).contains("Set lightkube.timeout.connect to a positive duration",
				"Set lightkube.watch.initial-backoff to a positive duration");
	}

	@Test
	void queueCapacityAndRetriesAreNamedAsProperties() {
		FailureAnalysis analysis = analyzeFailure(serverProperty(), "lightkube.watch.queue-capacity=0",
				"lightkube.retry.max-retries=-1");
		assertThat(analysis.getDescription())
			.contains("Property: lightkube.watch.queue-capacity", "Property: lightkube.retry.max-retries")
			.doesNotContain("queueCapacity", "maxRetries", "IllegalArgumentException");
		assertThat(analysis.getAction()).contains("lightkube.watch.queue-capacity", "lightkube.retry.max-retries");
	}

	@Test
	void connectionPoolsAreNamedAsProperties() {
		FailureAnalysis analysis = analyzeFailure(serverProperty(), "lightkube.connections.request-pool-size=0",
				"lightkube.connections.stream-pool-size=-3", "lightkube.connections.max-pending-acquires=0");
		assertThat(analysis.getDescription())
			.contains("Property: lightkube.connections.request-pool-size",
					"Property: lightkube.connections.stream-pool-size",
					"Property: lightkube.connections.max-pending-acquires")
			.doesNotContain("requestPoolSize", "IllegalArgumentException");
		assertThat(analysis.getAction()).contains("lightkube.connections.request-pool-size",
				"lightkube.connections.stream-pool-size", "lightkube.connections.max-pending-acquires");
	}

	@Test
	void responseLimitsAreNamedAsProperties() {
		FailureAnalysis analysis = analyzeFailure(serverProperty(), "lightkube.response.max-size=3GB",
				"lightkube.response.deadline=0s");
		assertThat(analysis.getDescription())
			.contains("Property: lightkube.response.max-size", "Property: lightkube.response.deadline")
			.doesNotContain("maxSize", "IllegalArgumentException");
		assertThat(analysis.getAction()).contains("lightkube.response.max-size", "lightkube.response.deadline");
	}

	@Test
	void maxBackoffMustNotBeShorterThanInitialBackoff() {
		FailureAnalysis analysis = analyzeFailure(serverProperty(), "lightkube.watch.initial-backoff=10s",
				"lightkube.watch.max-backoff=1s");
		assertThat(analysis.getDescription()).contains("lightkube.watch.max-backoff must not be shorter");
	}

	@Test
	void certificateAuthorityFileMustExistAndIsNamedAsTheProperty() {
		Path missing = this.dir.resolve("missing-ca.pem");
		FailureAnalysis analysis = analyzeFailure("lightkube.server=https://kube.example.com",
				"lightkube.certificate-authority=" + missing);
		assertThat(analysis.getDescription()).contains("Property: lightkube.certificate-authority",
				"does not exist").doesNotContain("context 'default'", "cluster 'default'");
	}

	@Test
	void certificateAuthorityFileWithoutACertificateIsNamedAsTheProperty() throws Exception {
		Path notPem = Files.writeString(this.dir.resolve("ca.pem"), "not a certificate");
		FailureAnalysis analysis = analyzeFailure("lightkube.server=https://kube.example.com",
				"lightkube.certificate-authority=" + notPem);
		assertThat(analysis.getDescription()).contains("Property: lightkube.certificate-authority",
				"no PEM certificate");
	}

	@Test
	void badCertificateAuthorityDataNamesThePropertyNotADefaultContext() {
		this.runner.withPropertyValues("lightkube.server=https://kube.example.com",
				"lightkube.certificate-authority-data=-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
						+ "-----END CERTIFICATE-----")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ConfigExceptionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("lightkube.certificate-authority")
					.doesNotContain("context 'default'", "cluster 'default'", "lightkube-properties");
				assertThat(analysis.getAction()).startsWith("Fix the lightkube.* property named above.");
			});
	}

	@Test
	void noClusterAtAllSaysWhatToSet() {
		this.runner.withPropertyValues("lightkube.trust-env=false")
			.withSystemProperties("user.home=" + this.dir)
			.run((context) -> {
				// The client bean resolves the configuration only when it is created.
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ConfigExceptionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("No Kubernetes configuration found");
				assertThat(analysis.getAction()).startsWith("No cluster is configured.")
					.contains("lightkube.server", "lightkube.kubeconfig", "lightkube.kubeconfig-data", "KUBECONFIG")
					.doesNotContain("named above");
			});
	}

	@Test
	void noClusterAtAllStartsAnApplicationThatDoesNotUseTheClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class))
			.withPropertyValues("lightkube.trust-env=false")
			.withSystemProperties("user.home=" + this.dir)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatException().isThrownBy(() -> context.getBean(KubeClient.class))
					.satisfies((ex) -> assertThat(new ConfigExceptionFailureAnalyzer().analyze(ex).getDescription())
						.contains("No Kubernetes configuration found"));
			});
	}

	@Test
	void deprecatedMaxAttemptsStillBindsToMaxRetries() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.retry.max-attempts=3").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LightkubeProperties.class).getRetry().getMaxRetries()).isEqualTo(3);
			assertThat(context).hasSingleBean(KubeClient.class);
		});
	}

	@Test
	void validValuesStartTheContext() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.namespace=my-app-1",
				"lightkube.watch.queue-capacity=1", "lightkube.retry.max-retries=0", "lightkube.watch.shutdown-timeout=0s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aBadValueInAnApplicationThatDoesNotUseTheClientFailsWhereTheClientIsFirstAsked() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class))
			.withPropertyValues(serverProperty(), "lightkube.namespace=UPPER_case")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatException().isThrownBy(() -> context.getBean(KubeClient.class)).satisfies((ex) -> {
					FailureAnalysis analysis = new LightkubePropertiesFailureAnalyzer().analyze(ex);
					assertThat(analysis).as("the analysis a failed start-up would print").isNotNull();
					assertThat(analysis.getDescription()).contains("Property: lightkube.namespace");
					assertThat(analysis.getAction()).contains("Set lightkube.namespace to a namespace name");
				});
			});
		assertThat(this.server.getAllServeEvents()).isEmpty();
	}

	private FailureAnalysis analyzeFailure(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.runner.withPropertyValues(properties).run((AssertableApplicationContext context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new LightkubePropertiesFailureAnalyzer().analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).as("a lightkube failure analysis").isNotNull();
		return analysis[0];
	}

}
