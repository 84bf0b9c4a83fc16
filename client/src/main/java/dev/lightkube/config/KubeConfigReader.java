package dev.lightkube.config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads kubeconfig files and maps into {@link KubeConfig}s. File-level faults (unreadable file, YAML syntax,
 * wrong structure, duplicate names) fail at once; faults inside one entry are kept in its {@link Entry} and
 * reported when a context using it is resolved, so a broken entry that is never used does not stop the others
 * (kubectl behaves the same).
 */
final class KubeConfigReader {

	static final String EXEC_V1 = "client.authentication.k8s.io/v1";

	static final String EXEC_V1BETA1 = "client.authentication.k8s.io/v1beta1";

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private KubeConfigReader() {
	}

	/** One file or map, read. */
	record Parsed(Map<String, Entry<Cluster>> clusters, Map<String, Entry<User>> users,
			Map<String, Entry<Context>> contexts, @Nullable String currentContext, @Nullable Path source) {
	}

	/** Reads the files that exist, merged with kubectl's rules; fails naming them all when none exists. */
	static KubeConfig readFiles(List<Path> files) {
		List<Parsed> parsed = new ArrayList<>();
		List<Path> read = new ArrayList<>();
		for (Path file : files) {
			Path absolute = file.toAbsolutePath().normalize();
			if (read.contains(absolute)) {
				continue;
			}
			if (!Files.exists(absolute)) {
				continue;
			}
			parsed.add(readFile(absolute));
			read.add(absolute);
		}
		if (parsed.isEmpty()) {
			throw new ConfigException("kubeconfig not found: " + ((files.size() == 1) ? "file " + files.get(0)
					+ " does not exist" : "none of the files " + files + " exists"));
		}
		return merge(parsed);
	}

	/** Reads one existing file. */
	static Parsed readFile(Path file) {
		String text;
		try {
			if (!Files.isRegularFile(file)) {
				throw new ConfigException("kubeconfig " + file + " is not a regular file");
			}
			text = Files.readString(file);
		}
		catch (NoSuchFileException ex) {
			throw new ConfigException("kubeconfig " + file + " does not exist", ex);
		}
		catch (CharacterCodingException ex) {
			throw new ConfigException("kubeconfig " + file + " is not UTF-8 text", ex);
		}
		catch (IOException ex) {
			throw new ConfigException("kubeconfig " + file + " cannot be read (" + ex.getClass().getSimpleName() + ")",
					ex);
		}
		return parseText(text, file);
	}

	/** Reads kubeconfig text; {@code file} names it in messages and is the base of relative paths. */
	static Parsed parseText(String text, @Nullable Path file) {
		String where = (file != null) ? "kubeconfig " + file : "kubeconfig";
		Object tree;
		try {
			JsonNode node = YAML.readTree(text);
			// An empty file (or one with only comments) is an empty configuration for kubectl too.
			tree = (node == null || node.isMissingNode() || node.isNull()) ? Map.of()
					: YAML.treeToValue(node, Object.class);
		}
		catch (JacksonException ex) {
			// The parser's own message quotes the offending lines, which may hold a token: keep only its
			// descriptions and the position. No cause either, so a logged stack does not print them.
			throw new ConfigException(where + ": YAML syntax error" + position(ex) + ": " + describe(ex));
		}
		if (!(tree instanceof Map<?, ?> map)) {
			throw new ConfigException(where + ": the document must be a map, got " + typeName(tree));
		}
		return parse(map, file);
	}

	/** Reads a kubeconfig structure; {@code source} is the file it came from, the base of relative paths. */
	static Parsed parse(Map<?, ?> map, @Nullable Path source) {
		String where = (source != null) ? "kubeconfig " + source : "kubeconfig";
		@Nullable Path base = (source != null) ? source.toAbsolutePath().normalize().getParent() : null;
		Object current = map.get("current-context");
		if (current != null && !(current instanceof String)) {
			throw new ConfigException(where + ", field 'current-context': must be a string, got " + typeName(current));
		}
		String currentContext = (current != null && !((String) current).isEmpty()) ? (String) current : null;
		return new Parsed(
				entries(map, "clusters", "cluster", where, source, (fields) -> cluster(fields, base)),
				entries(map, "users", "user", where, source, (fields) -> user(fields, base, source)),
				entries(map, "contexts", "context", where, source, KubeConfigReader::context), currentContext,
				source);
	}

	/** Merges with kubectl's rules: for each name the first file that defines it wins, as does current-context. */
	static KubeConfig merge(List<Parsed> parsed) {
		Map<String, Entry<Cluster>> clusters = new LinkedHashMap<>();
		Map<String, Entry<User>> users = new LinkedHashMap<>();
		Map<String, Entry<Context>> contexts = new LinkedHashMap<>();
		String currentContext = null;
		List<Path> sources = new ArrayList<>();
		for (Parsed one : parsed) {
			one.clusters().forEach(clusters::putIfAbsent);
			one.users().forEach(users::putIfAbsent);
			one.contexts().forEach(contexts::putIfAbsent);
			if (currentContext == null) {
				currentContext = one.currentContext();
			}
			if (one.source() != null) {
				sources.add(one.source());
			}
		}
		return new KubeConfig(new Parsed(clusters, users, contexts, currentContext, null), sources);
	}

	private static <T> Map<String, Entry<T>> entries(Map<?, ?> map, String listName, String itemName, String where,
			@Nullable Path source, Function<Fields, T> factory) {
		Object list = map.get(listName);
		Map<String, Entry<T>> entries = new LinkedHashMap<>();
		if (list == null) {
			return entries;
		}
		if (!(list instanceof List<?> items)) {
			throw new ConfigException(where + ", field '" + listName + "': must be a list, got " + typeName(list));
		}
		for (int i = 0; i < items.size(); i++) {
			String field = listName + "[" + i + "]";
			if (!(items.get(i) instanceof Map<?, ?> item)) {
				throw new ConfigException(where + ", field '" + field + "': must be a map, got " + typeName(items.get(i)));
			}
			Object name = item.get("name");
			if (!(name instanceof String text) || text.isEmpty()) {
				throw new ConfigException(where + ", field '" + field + ".name': must be a non-empty string");
			}
			if (entries.containsKey(text)) {
				throw new ConfigException(where + ", field '" + listName + "': the name '" + text
						+ "' is defined twice");
			}
			Object body = item.get(itemName);
			List<String> problems = new ArrayList<>();
			T value = null;
			if (body != null && !(body instanceof Map<?, ?>)) {
				problems.add("field '" + itemName + "': must be a map, got " + typeName(body));
			}
			else {
				Fields fields = new Fields((body != null) ? (Map<?, ?>) body : Map.of(), "", problems);
				value = factory.apply(fields);
			}
			entries.put(text, new Entry<>(problems.isEmpty() ? value : null, problems, source));
		}
		return entries;
	}

	private static Cluster cluster(Fields fields, @Nullable Path base) {
		String server = fields.string("server");
		return new Cluster((server != null) ? server : "", fields.path("certificate-authority", base),
				fields.base64("certificate-authority-data"), fields.bool("insecure-skip-tls-verify"),
				fields.string("tls-server-name"), fields.string("proxy-url"), fields.bool("disable-compression"));
	}

	private static User user(Fields fields, @Nullable Path base, @Nullable Path source) {
		Map<?, ?> exec = fields.map("exec");
		Map<?, ?> authProviderMap = fields.map("auth-provider");
		AuthProvider authProvider = null;
		if (authProviderMap != null) {
			Fields provider = fields.nested("auth-provider", authProviderMap);
			String name = provider.string("name");
			Map<?, ?> configMap = provider.map("config");
			Map<String, String> config = new LinkedHashMap<>();
			if (configMap != null) {
				Fields configFields = provider.nested("config", configMap);
				for (Object key : configMap.keySet()) {
					String value = (key instanceof String text) ? configFields.string(text) : null;
					if (value != null) {
						config.put((String) key, value);
					}
				}
			}
			authProvider = new AuthProvider((name != null) ? name : "(unnamed)", config,
					(source != null) ? source.toAbsolutePath().normalize() : null);
		}
		return new User(fields.string("token"), fields.path("tokenFile", base), fields.string("username"),
				fields.string("password"), fields.path("client-certificate", base),
				fields.base64("client-certificate-data"), fields.path("client-key", base),
				fields.base64("client-key-data"), (exec != null) ? exec(fields.nested("exec", exec), base) : null,
				authProvider);
	}

	private static @Nullable ExecConfig exec(Fields fields, @Nullable Path base) {
		String command = fields.string("command");
		if (command == null) {
			fields.problem("command", "missing");
		}
		else if (command.contains("/") || command.contains(File.separator)) {
			// As client-go: a command with a separator is a path relative to the kubeconfig; a bare name is
			// looked up on the PATH when the plugin runs.
			Path path = fields.resolve("command", command, base);
			command = (path != null) ? path.toString() : command;
		}
		List<String> args = fields.strings("args");
		Map<String, String> env = new LinkedHashMap<>();
		List<?> envList = fields.list("env");
		if (envList != null) {
			for (int i = 0; i < envList.size(); i++) {
				String field = "env[" + i + "]";
				if (!(envList.get(i) instanceof Map<?, ?> item)) {
					fields.problem(field, "must be a map with name and value, got " + typeName(envList.get(i)));
					continue;
				}
				Fields variable = fields.nested(field, item);
				String name = variable.string("name");
				String value = variable.string("value");
				if (name == null) {
					variable.problem("name", "missing");
				}
				else {
					env.put(name, (value != null) ? value : "");
				}
			}
		}
		String apiVersion = fields.string("apiVersion");
		if (apiVersion == null) {
			fields.problem("apiVersion", "missing (" + EXEC_V1 + " or " + EXEC_V1BETA1 + ")");
		}
		else if (!apiVersion.equals(EXEC_V1) && !apiVersion.equals(EXEC_V1BETA1)) {
			fields.problem("apiVersion", "'" + apiVersion + "' is not supported (" + EXEC_V1 + " or " + EXEC_V1BETA1
					+ ")");
		}
		String mode = fields.string("interactiveMode");
		ExecConfig.InteractiveMode interactiveMode = null;
		if (mode == null) {
			// client-go defaults only v1beta1 (for compatibility); v1 must say what it wants.
			if (EXEC_V1BETA1.equals(apiVersion)) {
				interactiveMode = ExecConfig.InteractiveMode.IF_AVAILABLE;
			}
			else if (EXEC_V1.equals(apiVersion)) {
				fields.problem("interactiveMode", "required for " + EXEC_V1 + " (Never, IfAvailable or Always)");
			}
		}
		else {
			interactiveMode = switch (mode) {
				case "Never" -> ExecConfig.InteractiveMode.NEVER;
				case "IfAvailable" -> ExecConfig.InteractiveMode.IF_AVAILABLE;
				case "Always" -> ExecConfig.InteractiveMode.ALWAYS;
				default -> {
					fields.problem("interactiveMode", "'" + mode + "' is not one of Never, IfAvailable, Always");
					yield null;
				}
			};
		}
		String installHint = fields.string("installHint");
		boolean provideClusterInfo = fields.bool("provideClusterInfo");
		if (command == null || apiVersion == null || interactiveMode == null || fields.hasProblems()) {
			return null;
		}
		return new ExecConfig(command, args, env, apiVersion, installHint, provideClusterInfo, interactiveMode);
	}

	private static Context context(Fields fields) {
		String cluster = fields.string("cluster");
		if (cluster == null) {
			fields.problem("cluster", "missing");
		}
		return new Context((cluster != null) ? cluster : "", fields.string("user"), fields.string("namespace"));
	}

	private static String position(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		return (location != null && location.getLineNr() > 0) ? " at line " + location.getLineNr() : "";
	}

	private static String describe(JacksonException ex) {
		// SnakeYAML messages: description lines start at column 0; quoted source lines and markers are indented.
		String message = ex.getOriginalMessage();
		String description = (message != null) ? message.lines()
			.filter((line) -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("in "))
			.collect(Collectors.joining(", ")) : "";
		return description.isEmpty() ? "not valid YAML" : description;
	}

	static String typeName(@Nullable Object value) {
		if (value == null) {
			return "nothing";
		}
		if (value instanceof String) {
			return "a string";
		}
		if (value instanceof Number) {
			return "a number";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		if (value instanceof Map<?, ?>) {
			return "a map";
		}
		if (value instanceof List<?>) {
			return "a list";
		}
		return "a " + value.getClass().getSimpleName();
	}

	/**
	 * Typed access to one entry's fields. A wrong type becomes a problem (naming the field and the type found,
	 * never the value) and reads as absent. Empty strings read as absent, as Go's zero values do in client-go.
	 */
	private static final class Fields {

		private final Map<?, ?> map;

		private final String prefix;

		private final List<String> problems;

		Fields(Map<?, ?> map, String prefix, List<String> problems) {
			this.map = map;
			this.prefix = prefix;
			this.problems = problems;
		}

		Fields nested(String field, Map<?, ?> map) {
			return new Fields(map, this.prefix + field + ".", this.problems);
		}

		void problem(String field, String text) {
			this.problems.add("field '" + this.prefix + field + "': " + text);
		}

		boolean hasProblems() {
			return !this.problems.isEmpty();
		}

		private @Nullable Object get(String field, Class<?> type, String expected) {
			Object value = this.map.get(field);
			if (value == null || type.isInstance(value)) {
				return value;
			}
			problem(field, "must be " + expected + ", got " + typeName(value));
			return null;
		}

		@Nullable String string(String field) {
			String value = (String) get(field, String.class, "a string (quote numbers)");
			return (value != null && !value.isEmpty()) ? value : null;
		}

		boolean bool(String field) {
			Boolean value = (Boolean) get(field, Boolean.class, "true or false");
			return value != null && value;
		}

		@Nullable Map<?, ?> map(String field) {
			return (Map<?, ?>) get(field, Map.class, "a map");
		}

		@Nullable List<?> list(String field) {
			return (List<?>) get(field, List.class, "a list");
		}

		List<String> strings(String field) {
			List<?> list = list(field);
			List<String> strings = new ArrayList<>();
			if (list != null) {
				for (int i = 0; i < list.size(); i++) {
					if (list.get(i) instanceof String text) {
						strings.add(text);
					}
					else {
						problem(field + "[" + i + "]", "must be a string, got " + typeName(list.get(i)));
					}
				}
			}
			return strings;
		}

		byte @Nullable [] base64(String field) {
			String value = string(field);
			if (value == null) {
				return null;
			}
			try {
				// Go's decoder skips line breaks; other characters outside the alphabet are errors there too.
				return Base64.getDecoder().decode(value.replaceAll("\\s", ""));
			}
			catch (IllegalArgumentException ex) {
				problem(field, "not valid base64");
				return null;
			}
		}

		@Nullable Path path(String field, @Nullable Path base) {
			String value = string(field);
			return (value != null) ? resolve(field, value, base) : null;
		}

		@Nullable Path resolve(String field, String value, @Nullable Path base) {
			Path path;
			try {
				path = Path.of(value);
			}
			catch (IllegalArgumentException ex) {
				problem(field, "not a valid path");
				return null;
			}
			if (path.isAbsolute()) {
				return path.normalize();
			}
			if (base == null) {
				problem(field, "the relative path " + value + " needs the kubeconfig's location, which is unknown");
				return null;
			}
			return base.resolve(path).normalize();
		}

	}

}
