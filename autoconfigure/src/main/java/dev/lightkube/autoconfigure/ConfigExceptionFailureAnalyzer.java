package dev.lightkube.autoconfigure;

import dev.lightkube.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a broken or missing cluster configuration at start-up: what is wrong (the message names the file,
 * context and field, never a secret) and what to change.
 */
class ConfigExceptionFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
		String description = "The Kubernetes cluster configuration could not be resolved:\n" + cause.getMessage();
		String action = "Fix the kubeconfig file or the lightkube.* property named above. To choose the cluster, set "
				+ "lightkube.server (with lightkube.token or lightkube.token-file and lightkube.certificate-authority), "
				+ "or lightkube.kubeconfig and lightkube.context, or the KUBECONFIG environment variable; inside a "
				+ "cluster the service account is used. To run without the client, exclude "
				+ LightkubeAutoConfiguration.class.getName() + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
