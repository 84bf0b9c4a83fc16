package dev.lightkube.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.WireMockSupport;
import dev.lightkube.health.KubeHealthIndicator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the health says, and logs, when the server cannot be reached as configured. */
@ExtendWith(OutputCaptureExtension.class)
class KubeHealthFailureDetailsTests extends WireMockSupport {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LightkubeAutoConfiguration.class, KubeHealthContributorAutoConfiguration.class));

	@Test
	void unknownHostSaysSo() {
		this.runner.withPropertyValues("lightkube.server=https://no-such-host.invalid:6443",
				"lightkube.health.timeout=1s").run((context) -> {
			Health health = health(context.getBean(KubeHealthIndicator.class));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("error").toString()).contains("unknown host", "no-such-host.invalid");
		});
	}

	@Test
	void tlsAgainstAPlainHttpPortIsOneLineNotAStackTracePerCheck(CapturedOutput output) {
		String server = "lightkube.server=https://127.0.0.1:" + this.server.port();
		this.runner.withPropertyValues(server).run((context) -> {
			KubeHealthIndicator indicator = context.getBean(KubeHealthIndicator.class);
			for (int i = 0; i < 5; i++) {
				Health health = health(indicator);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("error").toString()).contains("TLS");
			}
		});
		assertThat(output.getAll()).doesNotContain("NotSslRecordException", "\tat io.netty");
	}

	private static Health health(KubeHealthIndicator indicator) {
		return indicator.health().block(Duration.ofSeconds(30));
	}

}
