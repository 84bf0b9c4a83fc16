package dev.lightkube.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed kubeconfig: named clusters, users and contexts, and the current context. Lightkube's
 * {@code KubeConfig}. {@link #get()} and {@link #get(String)} resolve one context into a {@link SingleConfig}.
 */
public final class KubeConfig {

	private final Map<String, Cluster> clusters;

	private final Map<String, User> users;

	private final Map<String, Context> contexts;

	private final @Nullable String currentContext;

	private final List<Path> sources;

	/**
	 * @param clusters clusters by name
	 * @param users users by name
	 * @param contexts contexts by name
	 * @param currentContext the context {@link #get()} resolves
	 * @param sources the files this came from, in merge order (empty when built in code)
	 */
	public KubeConfig(Map<String, Cluster> clusters, Map<String, User> users, Map<String, Context> contexts,
			@Nullable String currentContext, List<Path> sources) {
		this.clusters = Map.copyOf(clusters);
		this.users = Map.copyOf(users);
		this.contexts = Map.copyOf(contexts);
		this.currentContext = currentContext;
		this.sources = List.copyOf(sources);
	}

	/**
	 * A configuration with a single context named {@code default} that talks to {@code server} with the JVM's
	 * default trust and no credentials. Lightkube's {@code KubeConfig.from_server}.
	 */
	public static KubeConfig fromServer(String server) {
		return fromServer(Cluster.of(server), User.ANONYMOUS, null);
	}

	/** A configuration with a single context named {@code default} made of the given parts. */
	public static KubeConfig fromServer(Cluster cluster, User user, @Nullable String namespace) {
		Objects.requireNonNull(cluster, "cluster must not be null");
		Objects.requireNonNull(user, "user must not be null");
		return new KubeConfig(Map.of("default", cluster), Map.of("default", user),
				Map.of("default", new Context("default", "default", namespace)), "default", List.of());
	}

	/**
	 * Auto-detection as lightkube does it: the in-cluster service account, else the files in {@code KUBECONFIG},
	 * else {@code ~/.kube/config}.
	 * @throws ConfigException when none of them yields a configuration; the message lists what was tried
	 */
	public static KubeConfig fromEnv() {
		return fromEnv(true);
	}

	/**
	 * Auto-detection; with {@code trustEnv == false} the environment is ignored and only {@code ~/.kube/config}
	 * is read, as lightkube does.
	 * @throws ConfigException when no configuration is found; the message lists what was tried
	 */
	public static KubeConfig fromEnv(boolean trustEnv) {
		// Replaced by the kubeconfig loader (issue "Foundation"); kept failing loudly until then.
		throw new ConfigException("kubeconfig auto-detection is not implemented yet");
	}

	/** The context resolved by {@link #get()}, if one is set. */
	public @Nullable String currentContext() {
		return this.currentContext;
	}

	/** The names of all contexts. */
	public Set<String> contextNames() {
		return this.contexts.keySet();
	}

	public Map<String, Cluster> clusters() {
		return this.clusters;
	}

	public Map<String, User> users() {
		return this.users;
	}

	public Map<String, Context> contexts() {
		return this.contexts;
	}

	/** The files this configuration was read from, in merge order. */
	public List<Path> sources() {
		return this.sources;
	}

	/** The current context, resolved. */
	public SingleConfig get() {
		if (this.currentContext == null) {
			throw new ConfigException(describeSources() + ": no current-context is set; name a context explicitly"
					+ " (one of " + this.contexts.keySet() + ")");
		}
		return get(this.currentContext);
	}

	/** The named context, resolved. */
	public SingleConfig get(String contextName) {
		Objects.requireNonNull(contextName, "contextName must not be null");
		Context context = this.contexts.get(contextName);
		if (context == null) {
			throw new ConfigException(describeSources() + ": context '" + contextName + "' not found (contexts: "
					+ this.contexts.keySet() + ")");
		}
		Cluster cluster = this.clusters.get(context.cluster());
		if (cluster == null) {
			throw new ConfigException(describeSources() + ", context '" + contextName + "', field 'cluster': cluster '"
					+ context.cluster() + "' not found (clusters: " + this.clusters.keySet() + ")");
		}
		User user = User.ANONYMOUS;
		if (context.user() != null) {
			user = this.users.get(context.user());
			if (user == null) {
				throw new ConfigException(describeSources() + ", context '" + contextName + "', field 'user': user '"
						+ context.user() + "' not found (users: " + this.users.keySet() + ")");
			}
		}
		return new SingleConfig(contextName, context, cluster, user, this.sources.isEmpty() ? null : this.sources.get(0));
	}

	private String describeSources() {
		if (this.sources.isEmpty()) {
			return "kubeconfig";
		}
		return (this.sources.size() == 1) ? "kubeconfig " + this.sources.get(0) : "kubeconfig " + this.sources;
	}

	@Override
	public String toString() {
		return "KubeConfig[sources=" + this.sources + ", currentContext=" + this.currentContext + ", contexts="
				+ this.contexts.keySet() + ", clusters=" + this.clusters.keySet() + ", users=" + this.users.keySet() + "]";
	}

}
