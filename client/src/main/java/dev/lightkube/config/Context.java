package dev.lightkube.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A kubeconfig {@code contexts[].context} entry.
 *
 * @param cluster name of the cluster entry
 * @param user name of the user entry, or {@code null} for anonymous access
 * @param namespace the default namespace, or {@code null} for {@code default}
 */
public record Context(String cluster, @Nullable String user, @Nullable String namespace) {

	public Context {
		Objects.requireNonNull(cluster, "cluster must not be null");
	}

}
