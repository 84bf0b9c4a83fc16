package dev.lightkube.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.test.KubeApiServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KubeApiServerTestAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(KubeApiServerTestAutoConfiguration.class, LightkubeAutoConfiguration.class));

	@Test
	void withoutLightkubeTestOnTheClassPathTheFailureSaysWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(KubeApiServer.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("add the test dependency dev.lightkube:lightkube-test")
				.isNotInstanceOf(NoClassDefFoundError.class);
		});
	}

	@Test
	void withLightkubeTestTheClientTalksToTheInMemoryServer() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(KubeApiServer.class));
	}

}
