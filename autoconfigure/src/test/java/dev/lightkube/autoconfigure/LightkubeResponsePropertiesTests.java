package dev.lightkube.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeClient;
import dev.lightkube.KubeException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code lightkube.response.*}: the size limit and the deadline of answers reach the client. */
class LightkubeResponsePropertiesTests extends WireMockSupport {

	private static final String PATH = "/api/v1/namespaces/default/configmaps/big";

	private static final String BIG = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"big\"},"
			+ "\"data\":{\"k\":\"" + "x".repeat(4000) + "\"}}";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LightkubeAutoConfiguration.class));

	@Test
	void runWhenMaxSizeIsSetShouldRefuseLargerAnswers() {
		this.server.stubFor(get(PATH).willReturn(okJson(BIG)));
		this.runner.withPropertyValues(serverProperty()).run((context) -> assertThat(context.getBean(KubeClient.class)
			.get(ConfigMap.class, "big")
			.getData()).containsKey("k"));
		this.runner.withPropertyValues(serverProperty(), "lightkube.response.max-size=2KB")
			.run((context) -> assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> context.getBean(KubeClient.class).get(ConfigMap.class, "big"))
				.withMessageContaining("is larger than the limit of 2048 bytes")
				.withMessageContaining("lightkube.response.max-size"));
	}

	@Test
	void runWhenDeadlineIsSetShouldEndAnAnswerThatTrickles() {
		// 20 pieces over 10 s: never silent for as long as the read timeout, never complete within the deadline
		this.server.stubFor(get(PATH).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(BIG)
			.withChunkedDribbleDelay(20, 10_000)));
		this.runner.withPropertyValues(serverProperty(), "lightkube.response.deadline=300ms", "lightkube.retry.enabled=false")
			.run((context) -> assertThatExceptionOfType(KubeException.class)
				.isThrownBy(() -> context.getBean(KubeClient.class).get(ConfigMap.class, "big"))
				.withMessageContaining("within the response deadline of PT0.3S")
				.withMessageContaining("lightkube.response.deadline"));
	}

	@Test
	void runWhenMaxSizeIsTooLargeShouldFailNamingTheProperty() {
		this.runner.withPropertyValues(serverProperty(), "lightkube.response.max-size=3GB")
			.withUserConfiguration(UsesTheClient.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("response.maxSize")
				.hasMessageContaining("must be from 1KB to below 2GB")
				.hasMessageContaining("Set lightkube.response.max-size to a size such as 64MB"));
	}

}
