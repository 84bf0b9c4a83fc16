package dev.lightkube.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class ConfigExceptionFailureAnalyzerTests {

	@Test
	void analyzeShouldDescribeTheProblemAndTellWhatToChange() {
		ConfigException cause = new ConfigException("kubeconfig /home/me/.kube/config, context 'prod', field 'user':"
				+ " user 'admin' not found");
		FailureAnalysis analysis = new ConfigExceptionFailureAnalyzer()
			.analyze(new BeanCreationException("reactiveKubeClient", "failed", cause));
		assertThat(analysis.getDescription()).contains("/home/me/.kube/config", "context 'prod'", "field 'user'");
		assertThat(analysis.getAction()).contains("lightkube.server", "lightkube.kubeconfig", "lightkube.context",
				"KUBECONFIG");
	}

}
