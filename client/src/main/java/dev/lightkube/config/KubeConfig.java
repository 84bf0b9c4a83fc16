package dev.lightkube.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A parsed kubeconfig: named clusters, users and contexts, and the current context. Lightkube's
 * {@code KubeConfig}. {@link #get()} and {@link #get(String)} resolve one context into a {@link SingleConfig},
 * checking it first.
 */
public final class KubeConfig {

	/** Where a pod finds its service-account credentials. */
	public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

	private final Map<String, Entry<Cluster>> clusterEntries;

	private final Map<String, Entry<User>> userEntries;

	private final Map<String, Entry<Context>> contextEntries;

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
		this(new KubeConfigReader.Parsed(entries(clusters), entries(users), entries(contexts), currentContext, null),
				sources);
	}

	KubeConfig(KubeConfigReader.Parsed parsed, List<Path> sources) {
		this.clusterEntries = Map.copyOf(parsed.clusters());
		this.userEntries = Map.copyOf(parsed.users());
		this.contextEntries = Map.copyOf(parsed.contexts());
		this.clusters = values(this.clusterEntries);
		this.users = values(this.userEntries);
		this.contexts = values(this.contextEntries);
		this.currentContext = parsed.currentContext();
		this.sources = List.copyOf(sources);
	}

	private static <T> Map<String, Entry<T>> entries(Map<String, T> values) {
		Map<String, Entry<T>> entries = new LinkedHashMap<>();
		values.forEach((name, value) -> entries.put(name, Entry.of(Objects.requireNonNull(value), null)));
		return entries;
	}

	private static <T> Map<String, T> values(Map<String, Entry<T>> entries) {
		Map<String, T> values = new LinkedHashMap<>();
		entries.forEach((name, entry) -> {
			if (entry.value() != null) {
				values.put(name, entry.value());
			}
		});
		return Map.copyOf(values);
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
	 * Reads one kubeconfig file. Lightkube's {@code KubeConfig.from_file}.
	 * @throws ConfigException when the file is missing, unreadable or not a kubeconfig
	 */
	public static KubeConfig fromFile(Path file) {
		Objects.requireNonNull(file, "file must not be null");
		return fromFiles(List.of(file));
	}

	/**
	 * Reads and merges kubeconfig files as kubectl merges the files in {@code KUBECONFIG}: for clusters, users and
	 * contexts the first file that defines a name wins, as does the first file that sets {@code current-context};
	 * missing files are skipped.
	 * @throws ConfigException when none of the files exists, or one is unreadable or not a kubeconfig
	 */
	public static KubeConfig fromFiles(List<Path> files) {
		Objects.requireNonNull(files, "files must not be null");
		if (files.isEmpty()) {
			throw new IllegalArgumentException("files must not be empty");
		}
		files.forEach((file) -> Objects.requireNonNull(file, "files must not contain null"));
		return KubeConfigReader.readFiles(files);
	}

	/**
	 * Reads and merges the files of a {@code KUBECONFIG}-style list ({@code a.yaml:b.yaml}, separated by
	 * {@link File#pathSeparator}) with kubectl's rules, without reading the process environment. Empty parts are
	 * skipped.
	 * @throws ConfigException when none of the files exists, or one is unreadable or not a kubeconfig
	 */
	public static KubeConfig fromPathList(String pathList) {
		Objects.requireNonNull(pathList, "pathList must not be null");
		List<Path> files = Arrays.stream(pathList.split(File.pathSeparator))
			.filter((path) -> !path.isBlank())
			.map(Path::of)
			.toList();
		if (files.isEmpty()) {
			throw new IllegalArgumentException("pathList must name at least one file, got '" + pathList + "'");
		}
		return fromFiles(files);
	}

	/**
	 * A configuration from kubeconfig YAML text (such as a secret's content). Relative paths in it cannot be
	 * resolved: use absolute paths or {@code *-data} fields.
	 * @throws ConfigException when the text is not valid YAML or not a kubeconfig; the message never quotes it
	 */
	public static KubeConfig fromYaml(String yaml) {
		Objects.requireNonNull(yaml, "yaml must not be null");
		return new KubeConfig(KubeConfigReader.parseText(yaml, null), List.of());
	}

	/**
	 * A configuration from an already parsed kubeconfig structure (maps, lists, strings and booleans).
	 * Lightkube's {@code KubeConfig.from_dict}.
	 * @param map the kubeconfig: {@code clusters}, {@code users}, {@code contexts}, {@code current-context}
	 * @param source the file it was read from, the base of relative paths; {@code null} if there is none
	 * @throws ConfigException when the structure is not a kubeconfig
	 */
	public static KubeConfig fromMap(Map<String, ?> map, @Nullable Path source) {
		Objects.requireNonNull(map, "map must not be null");
		Path absolute = (source != null) ? source.toAbsolutePath().normalize() : null;
		return new KubeConfig(KubeConfigReader.parse(map, absolute), (absolute != null) ? List.of(absolute) : List.of());
	}

	/**
	 * The in-cluster configuration from a service-account folder ({@code token}, {@code ca.crt},
	 * {@code namespace}) and the {@code KUBERNETES_SERVICE_HOST} / {@code KUBERNETES_SERVICE_PORT} environment
	 * variables. The token is used as a {@link User#tokenFile() token file}, so it is re-read as it rotates.
	 * Lightkube's {@code KubeConfig.from_service_account}.
	 * @throws ConfigException when not running in a cluster (no token file or no service host)
	 */
	public static KubeConfig fromServiceAccount(Path dir) {
		return fromServiceAccount(dir, System.getenv());
	}

	static KubeConfig fromServiceAccount(Path dir, Map<String, String> env) {
		Objects.requireNonNull(dir, "dir must not be null");
		Path folder = dir.toAbsolutePath().normalize();
		String host = env.get("KUBERNETES_SERVICE_HOST");
		String port = env.get("KUBERNETES_SERVICE_PORT");
		if (host == null || host.isBlank() || port == null || port.isBlank()) {
			throw new ConfigException("in-cluster service account " + folder
					+ ": KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (not running in a pod)");
		}
		Path token = folder.resolve("token");
		if (!Files.isRegularFile(token)) {
			throw new ConfigException("in-cluster service account " + folder + ": file " + token + " does not exist");
		}
		String namespace = null;
		Path namespaceFile = folder.resolve("namespace");
		if (Files.isRegularFile(namespaceFile)) {
			try {
				namespace = Files.readString(namespaceFile).strip();
			}
			catch (IOException ex) {
				throw new ConfigException("in-cluster service account " + folder + ": file " + namespaceFile
						+ " cannot be read", ex);
			}
		}
		// An IPv6 address must be bracketed in a URL.
		String server = "https://" + (host.contains(":") ? "[" + host.strip() + "]" : host.strip()) + ":" + port.strip();
		// Without ca.crt client-go logs and falls back to the system trust; so do we.
		Path ca = folder.resolve("ca.crt");
		Cluster cluster = new Cluster(server, Files.isRegularFile(ca) ? ca : null, null, false, null, null, false);
		User user = new User(null, token, null, null, null, null, null, null, null, null);
		KubeConfigReader.Parsed parsed = new KubeConfigReader.Parsed(Map.of("default", Entry.of(cluster, folder)),
				Map.of("default", Entry.of(user, folder)),
				Map.of("default", Entry.of(new Context("default", "default", namespace), folder)), "default", folder);
		return new KubeConfig(parsed, List.of(folder));
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
		return fromEnv(trustEnv, System.getenv(), Path.of(System.getProperty("user.home")), SERVICE_ACCOUNT_DIR);
	}

	static KubeConfig fromEnv(boolean trustEnv, Map<String, String> env, Path home, Path serviceAccountDir) {
		List<String> tried = new ArrayList<>();
		if (trustEnv) {
			try {
				return fromServiceAccount(serviceAccountDir, env);
			}
			catch (ConfigException ex) {
				tried.add(ex.getMessage());
			}
			String kubeconfig = env.get("KUBECONFIG");
			if (kubeconfig != null && !kubeconfig.isBlank()) {
				// As kubectl: when KUBECONFIG is set, ~/.kube/config is not read.
				List<Path> files = Arrays.stream(kubeconfig.split(File.pathSeparator))
					.filter((path) -> !path.isBlank())
					.map(Path::of)
					.toList();
				if (files.stream().anyMatch(Files::exists)) {
					return fromFiles(files);
				}
				tried.add("KUBECONFIG: none of " + files + " exists");
				throw notFound(tried);
			}
			tried.add("KUBECONFIG: not set");
		}
		else {
			tried.add("in-cluster service account and KUBECONFIG: not used (trustEnv is false)");
		}
		Path file = home.resolve(".kube").resolve("config");
		if (Files.exists(file)) {
			return fromFile(file);
		}
		tried.add("file " + file + " does not exist");
		throw notFound(tried);
	}

	private static ConfigException notFound(List<String> tried) {
		return new ConfigException("No Kubernetes configuration found. Tried: " + String.join("; ", tried));
	}

	/** The context resolved by {@link #get()}, if one is set. */
	public @Nullable String currentContext() {
		return this.currentContext;
	}

	/** The names of all contexts. */
	public Set<String> contextNames() {
		return this.contextEntries.keySet();
	}

	/** The valid clusters by name. */
	public Map<String, Cluster> clusters() {
		return this.clusters;
	}

	/** The valid users by name. */
	public Map<String, User> users() {
		return this.users;
	}

	/** The valid contexts by name. */
	public Map<String, Context> contexts() {
		return this.contexts;
	}

	/** The files this configuration was read from, in merge order. */
	public List<Path> sources() {
		return this.sources;
	}

	/**
	 * The current context, resolved and checked.
	 * @throws ConfigException when no current context is set, or as {@link #get(String)}
	 */
	public SingleConfig get() {
		if (this.currentContext == null) {
			throw new ConfigException(describe(null) + ": no current-context is set; name a context explicitly"
					+ " (one of " + new TreeSet<>(this.contextEntries.keySet()) + ")");
		}
		return get(this.currentContext);
	}

	/**
	 * The named context, resolved and checked: the context, its cluster and user exist and are valid, the files
	 * they name are readable.
	 * @throws ConfigException naming the file, context and field at fault
	 */
	public SingleConfig get(String contextName) {
		Objects.requireNonNull(contextName, "contextName must not be null");
		Entry<Context> contextEntry = this.contextEntries.get(contextName);
		if (contextEntry == null) {
			throw new ConfigException(describe(null) + ": context '" + contextName + "' not found (contexts: "
					+ new TreeSet<>(this.contextEntries.keySet()) + ")");
		}
		Path source = source(contextEntry);
		String where = describe(source) + ", context '" + contextName + "'";
		Context context = check(contextEntry, where, (value) -> List.of());
		Cluster cluster = check(lookup(this.clusterEntries, "cluster", context.cluster(), where), where + ", cluster '"
				+ context.cluster() + "'" + from(this.clusterEntries.get(context.cluster()), source),
				ConfigValidator::cluster);
		User user = User.ANONYMOUS;
		if (context.user() != null) {
			user = check(lookup(this.userEntries, "user", context.user(), where),
					where + ", user '" + context.user() + "'" + from(this.userEntries.get(context.user()), source),
					ConfigValidator::user);
		}
		return new SingleConfig(contextName, context, cluster, user, source);
	}

	private static <T> Entry<T> lookup(Map<String, Entry<T>> entries, String kind, String name, String where) {
		Entry<T> entry = entries.get(name);
		if (entry == null) {
			throw new ConfigException(where + ", field '" + kind + "': " + kind + " '" + name + "' not found ("
					+ kind + "s: " + new TreeSet<>(entries.keySet()) + ")");
		}
		return entry;
	}

	private static <T> T check(Entry<T> entry, String where, Function<T, List<String>> validator) {
		List<String> problems = (entry.value() != null) ? validator.apply(entry.value()) : entry.problems();
		if (!problems.isEmpty() || entry.value() == null) {
			throw new ConfigException(where + ", " + String.join("; ", problems));
		}
		return entry.value();
	}

	private @Nullable Path source(Entry<?> entry) {
		if (entry.source() != null) {
			return entry.source();
		}
		return (this.sources.size() == 1) ? this.sources.get(0) : null;
	}

	/** Where an entry came from, when that is not the context's own file. */
	private String from(@Nullable Entry<?> entry, @Nullable Path contextSource) {
		Path source = (entry != null) ? source(entry) : null;
		return (source != null && !source.equals(contextSource)) ? " (defined in " + source + ")" : "";
	}

	private String describe(@Nullable Path source) {
		if (source != null) {
			return Files.isDirectory(source) ? "in-cluster service account " + source : "kubeconfig " + source;
		}
		if (this.sources.isEmpty()) {
			return "kubeconfig";
		}
		return (this.sources.size() == 1) ? "kubeconfig " + this.sources.get(0) : "kubeconfig " + this.sources;
	}

	@Override
	public String toString() {
		return "KubeConfig[sources=" + this.sources + ", currentContext=" + this.currentContext + ", contexts="
				+ new TreeSet<>(this.contextEntries.keySet()) + ", clusters=" + new TreeSet<>(this.clusterEntries.keySet())
				+ ", users=" + new TreeSet<>(this.userEntries.keySet()) + "]";
	}

}
