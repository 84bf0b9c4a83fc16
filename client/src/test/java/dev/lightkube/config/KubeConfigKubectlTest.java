package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.User.CredentialKind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what {@link KubeConfig#fromEnv()} resolves with {@code kubectl config view --minify --flatten}, for the
 * same {@code KUBECONFIG}: server, namespace, credential kinds and values, CA, client certificate and key (kubectl
 * inlines the files it finds relative to each kubeconfig), TLS and proxy fields, exec fields and their defaults.
 * Skipped where {@code kubectl} is not on the {@code PATH}.
 */
class KubeConfigKubectlTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	@BeforeAll
	static void requireKubectl() {
		Assumptions.assumeTrue(kubectlOnPath(), "kubectl is not on the PATH");
	}

	static Stream<Arguments> contexts() {
		List<Arguments> cases = new ArrayList<>();
		String full = Fixtures.full().toString();
		for (String context : List.of("token", "token-file", "basic", "cert-files", "cert-data", "exec-v1",
				"exec-v1beta1", "anonymous")) {
			cases.add(Arguments.of(full, context));
		}
		cases.add(Arguments.of(full, null));
		String merged = merged();
		for (String context : Arrays.asList(null, "dev", "prod", "staging")) {
			cases.add(Arguments.of(merged, context));
		}
		return cases.stream();
	}

	/** Three files, with an empty entry, a missing file and a repeated file, which kubectl skip. */
	private static String merged() {
		String first = Fixtures.path("merged/first.yaml").toString();
		return String.join(File.pathSeparator, first, "", Fixtures.path("merged").resolve("missing.yaml").toString(),
				Fixtures.path("merged/second.yaml").toString(), Fixtures.path("merged/other/third.yaml").toString(),
				first);
	}

	@ParameterizedTest
	@MethodSource("kubeconfigs")
	void contextNamesAsKubectl(String kubeconfig) throws Exception {
		String names = kubectl(kubeconfig, "config", "get-contexts", "-o", "name");
		String current = kubectl(kubeconfig, "config", "current-context");
		assertThat(names).as("kubectl get-contexts").isNotNull();
		assertThat(current).as("kubectl current-context").isNotNull();
		KubeConfig config = KubeConfig.fromEnv(true, Map.of("KUBECONFIG", kubeconfig), home, home.resolve("no-sa"));
		assertThat(config.contextNames()).containsExactlyInAnyOrderElementsOf(List.of(names.strip().split("\\n")));
		assertThat(config.currentContext()).isEqualTo(current.strip());
	}

	static Stream<String> kubeconfigs() {
		return Stream.of(Fixtures.full().toString(), merged());
	}

	@ParameterizedTest(name = "{1} of {0}")
	@MethodSource("contexts")
	void resolvesAsKubectl(String kubeconfig, @Nullable String contextName) throws Exception {
		JsonNode view = kubectlView(kubeconfig, contextName);
		assertThat(view).as("kubectl output").isNotNull();
		KubeConfig config = KubeConfig.fromEnv(true, Map.of("KUBECONFIG", kubeconfig), home, home.resolve("no-sa"));
		SingleConfig single = (contextName != null) ? config.get(contextName) : config.get();
		assertThat(single.contextName()).isEqualTo(view.path("current-context").asString());
		JsonNode context = view.path("contexts").path(0).path("context");
		JsonNode cluster = view.path("clusters").path(0).path("cluster");
		JsonNode user = view.path("users").path(0).path("user");

		assertThat(single.cluster().server()).isEqualTo(cluster.path("server").asString());
		String namespace = context.path("namespace").asString("");
		assertThat(single.namespace()).isEqualTo(namespace.isEmpty() ? "default" : namespace);
		assertThat(single.cluster().insecureSkipTlsVerify())
			.isEqualTo(cluster.path("insecure-skip-tls-verify").asBoolean(false));
		assertThat(single.cluster().tlsServerName()).isEqualTo(text(cluster, "tls-server-name"));
		assertThat(single.cluster().proxyUrl()).isEqualTo(text(cluster, "proxy-url"));
		assertThat(single.cluster().disableCompression()).isEqualTo(cluster.path("disable-compression").asBoolean(false));
		assertSameBytes("CA", caBytes(single.cluster()), base64(cluster, "certificate-authority-data"));

		assertThat(single.user().credentialKinds()).isEqualTo(kinds(user));
		assertSameBytes("client certificate", bytes(single.user().clientCertificate(),
				single.user().clientCertificateData()), base64(user, "client-certificate-data"));
		assertSameBytes("client key", bytes(single.user().clientKey(), single.user().clientKeyData()),
				base64(user, "client-key-data"));
		// Compared without printing: these are (fixture) secrets.
		assertThat(String.valueOf(single.user().token()).equals(String.valueOf(text(user, "token")))).as("token")
			.isTrue();
		assertThat(String.valueOf(single.user().password()).equals(String.valueOf(text(user, "password"))))
			.as("password").isTrue();
		assertThat(single.user().username()).isEqualTo(text(user, "username"));
		String tokenFile = text(user, "tokenFile");
		assertThat((single.user().tokenFile() != null) ? single.user().tokenFile().getFileName().toString() : null)
			.isEqualTo((tokenFile != null) ? Path.of(tokenFile).getFileName().toString() : null);
		assertExec(single.user().exec(), user.path("exec"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "bad-base64-ca.yaml", "bad-base64-key.yaml", "clusters-not-a-list.yaml",
			"duplicate-name.yaml", "not-a-map.yaml", "wrong-type.yaml", "yaml-syntax.yaml", "missing-cluster.yaml",
			"missing-user.yaml", "unknown-context.yaml", "missing-ca-file.yaml", "missing-key-file.yaml" })
	void rejectsWhatKubectlRejects(String fixture) throws Exception {
		Path file = Fixtures.path("bad/" + fixture);
		assertThat(kubectlView(file.toString(), null)).as("kubectl accepted " + fixture).isNull();
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> KubeConfig.fromFile(file).get());
	}

	private static void assertExec(@Nullable ExecConfig exec, JsonNode json) {
		if (json.isMissingNode()) {
			assertThat(exec).isNull();
			return;
		}
		assertThat(exec).isNotNull();
		String command = json.path("command").asString();
		// kubectl prints the command as written; we resolved a relative one against the file's folder.
		assertThat(exec.command()).endsWith(command.startsWith("./") ? command.substring(1) : command);
		assertThat(exec.apiVersion()).isEqualTo(json.path("apiVersion").asString());
		assertThat(exec.interactiveMode().name().replace("_", ""))
			.isEqualToIgnoringCase(json.path("interactiveMode").asString());
		assertThat(exec.provideClusterInfo()).isEqualTo(json.path("provideClusterInfo").asBoolean(false));
		assertThat(exec.installHint()).isEqualTo(text(json, "installHint"));
		List<String> args = new ArrayList<>();
		json.path("args").forEach((arg) -> args.add(arg.asString()));
		assertThat(exec.args()).isEqualTo(args);
		Map<String, String> env = new LinkedHashMap<>();
		json.path("env").forEach((variable) -> env.put(variable.path("name").asString(),
				variable.path("value").asString("")));
		assertThat(exec.env().equals(env)).as("exec env").isTrue();
	}

	private static Set<CredentialKind> kinds(JsonNode user) {
		Set<CredentialKind> kinds = EnumSet.noneOf(CredentialKind.class);
		if (user.has("token")) {
			kinds.add(CredentialKind.TOKEN);
		}
		if (user.has("tokenFile")) {
			kinds.add(CredentialKind.TOKEN_FILE);
		}
		if (user.has("username") || user.has("password")) {
			kinds.add(CredentialKind.BASIC);
		}
		if (user.has("client-certificate-data") || user.has("client-key-data")) {
			kinds.add(CredentialKind.CLIENT_CERTIFICATE);
		}
		if (user.has("exec")) {
			kinds.add(CredentialKind.EXEC);
		}
		if (user.has("auth-provider")) {
			kinds.add(CredentialKind.AUTH_PROVIDER);
		}
		return kinds;
	}

	private static void assertSameBytes(String what, byte @Nullable [] ours, byte @Nullable [] kubectls) {
		assertThat(ours == null).as(what + " present").isEqualTo(kubectls == null);
		assertThat(Arrays.equals(ours, kubectls)).as(what + " bytes").isTrue();
	}

	private static byte @Nullable [] caBytes(Cluster cluster) throws IOException {
		return bytes(cluster.certificateAuthority(), cluster.certificateAuthorityData());
	}

	private static byte @Nullable [] bytes(@Nullable Path file, byte @Nullable [] data) throws IOException {
		return (data != null) ? data : (file != null) ? Files.readAllBytes(file) : null;
	}

	private static byte @Nullable [] base64(JsonNode node, String field) {
		String value = text(node, field);
		return (value != null) ? Base64.getDecoder().decode(value) : null;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isMissingNode() || value.isNull() || value.asString().isEmpty()) ? null : value.asString();
	}

	/** The minified, flattened view, or {@code null} when kubectl fails. */
	private static @Nullable JsonNode kubectlView(String kubeconfig, @Nullable String context) throws Exception {
		List<String> args = new ArrayList<>(List.of("config", "view", "--minify", "--flatten", "-o", "json"));
		if (context != null) {
			args.addAll(List.of("--context", context));
		}
		String out = kubectl(kubeconfig, args.toArray(String[]::new));
		return (out != null) ? JSON.readTree(out) : null;
	}

	/** kubectl's standard output, or {@code null} when it fails. */
	private static @Nullable String kubectl(String kubeconfig, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("kubectl"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("KUBECONFIG", kubeconfig);
		builder.environment().put("HOME", home.toString());
		Process process = builder.start();
		byte[] out = process.getInputStream().readAllBytes();
		// A guard against a hanging kubectl, not a timing assertion.
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
		if (process.exitValue() != 0) {
			return null;
		}
		return new String(out, StandardCharsets.UTF_8);
	}

	private static boolean kubectlOnPath() {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((dir) -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl")));
	}

}
