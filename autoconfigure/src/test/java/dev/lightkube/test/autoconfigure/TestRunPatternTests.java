package dev.lightkube.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.KubeClient;
import dev.lightkube.test.KubeApiServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/** The README's spring-boot:test-run pattern: the application's own main, plus the in-memory server. */
class TestRunPatternTests {

	@Test
	void applicationStartedFromItsMainWithTheTestConfigurationTalksToTheInMemoryServer() {
		try (ConfigurableApplicationContext context = SpringApplication.from(MyApplication::main)
			.with(InMemoryCluster.class)
			.run("--spring.main.web-application-type=none", "--lightkube.server=https://not-used.invalid")
			.getApplicationContext()) {
			assertThat(context.getBean(KubeClient.class).config().cluster().server())
				.isEqualTo(context.getBean(KubeApiServer.class).url());
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MyApplication {

		public static void main(String[] args) {
			SpringApplication.run(MyApplication.class, args);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@AutoConfigureKubeApiServer
	static class InMemoryCluster {

	}

}
