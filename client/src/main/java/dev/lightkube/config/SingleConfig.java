package dev.lightkube.config;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One resolved context: the cluster to talk to, the user to be, and the default namespace. What a client is
 * built from; lightkube's {@code SingleConfig}.
 *
 * @param contextName the context's name ({@code "default"} for configurations made without a kubeconfig)
 * @param context the context entry
 * @param cluster the cluster entry the context names
 * @param user the user entry the context names ({@link User#ANONYMOUS} when it names none)
 * @param source where this came from (a kubeconfig file or the service-account folder), for messages;
 *     {@code null} when built in code
 */
public record SingleConfig(String contextName, Context context, Cluster cluster, User user, @Nullable Path source) {

	/** The namespace used when neither a call nor the client names one. */
	public static final String DEFAULT_NAMESPACE = "default";

	public SingleConfig {
		Objects.requireNonNull(contextName, "contextName must not be null");
		Objects.requireNonNull(context, "context must not be null");
		Objects.requireNonNull(cluster, "cluster must not be null");
		Objects.requireNonNull(user, "user must not be null");
	}

	/** The context's namespace, else {@code default}. */
	public String namespace() {
		String namespace = this.context.namespace();
		return (namespace != null && !namespace.isEmpty()) ? namespace : DEFAULT_NAMESPACE;
	}

	/** The same configuration with another default namespace. */
	public SingleConfig withNamespace(String namespace) {
		return new SingleConfig(this.contextName,
				new Context(this.context.cluster(), this.context.user(), namespace), this.cluster, this.user,
				this.source);
	}

}
