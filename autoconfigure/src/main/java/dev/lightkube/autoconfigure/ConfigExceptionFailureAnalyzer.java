package dev.lightkube.autoconfigure;

import dev.lightkube.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a broken or missing cluster configuration at start-up: what is wrong (the message names the file,
 * context and field, never a secret) and what to change.
 */
class ConfigExceptionFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

	/** The start of {@code KubeConfig}'s message when auto-detection found nothing. */
	private static final String NOT_FOUND = "No Kubernetes configuration found";

	private static final String CHOOSE = "To choose the cluster, set lightkube.server (with lightkube.token or "
			+ "lightkube.token-file and lightkube.certificate-authority), or lightkube.kubeconfig (files) and "
			+ "lightkube.context, or lightkube.kubeconfig-data (the text), or the KUBECONFIG environment variable; "
			+ "inside a cluster the service account is used.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
		String message = String.valueOf(cause.getMessage());
		String description = "The Kubernetes cluster configuration could not be resolved:\n" + message;
		String exclude = " To run without the client, exclude " + LightkubeAutoConfiguration.class.getName() + ".";
		if (message.startsWith(NOT_FOUND)) {
			return new FailureAnalysis(description, "No cluster is configured. " + CHOOSE + exclude, cause);
		}
		String action = message.contains("lightkube.")
				? "Fix the lightkube.* property named above." + exclude
				: "Fix the kubeconfig file, context or field named above. " + CHOOSE + exclude;
		return new FailureAnalysis(description, action, cause);
	}

}
