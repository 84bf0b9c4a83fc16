package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each bad input gives a {@link ConfigException} that names the file, the context and the field, and holds no
 * secret (every secret in the fixtures contains {@code SECRET}).
 */
class KubeConfigErrorTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			bad-base64-ca.yaml                | bad-ca        | cluster 'c' | field 'certificate-authority-data': not valid base64
			bad-base64-key.yaml               | bad-key       | user 'u'    | field 'client-key-data': not valid base64
			ca-and-insecure.yaml              | both          | cluster 'c' | field 'insecure-skip-tls-verify': cannot be true together with a certificate authority
			cert-without-key.yaml             | no-key        | user 'u'    | field 'client-key': missing
			key-without-cert.yaml             | no-cert       | user 'u'    | field 'client-certificate': missing
			missing-ca-file.yaml              | no-ca-file    | cluster 'c' | field 'certificate-authority': file
			missing-key-file.yaml             | no-key-file   | user 'u'    | field 'client-key': file
			missing-token-file.yaml           | no-token-file | user 'u'    | field 'tokenFile': file
			missing-server.yaml               | no-server     | cluster 'c' | field 'server': missing
			server-not-url.yaml               | not-url       | cluster 'c' | field 'server': 'not a url' is not an http or https URL
			proxy-bad-scheme.yaml             | bad-proxy     | cluster 'c' | field 'proxy-url': 'ftp://<masked>@proxy.example.com'
			auth-provider.yaml                | gcp           | user 'u'    | field 'auth-provider': the gcp auth plugin has been removed. Please use the "gke-gcloud-auth-plugin"
			exec-v1-no-interactive-mode.yaml  | exec-v1       | user 'u'    | field 'exec.interactiveMode': required for client.authentication.k8s.io/v1
			exec-bad-api-version.yaml         | exec-alpha    | user 'u'    | field 'exec.apiVersion': 'client.authentication.k8s.io/v1alpha1' is not supported
			exec-no-command.yaml              | exec-none     | user 'u'    | field 'exec.command': missing
			token-and-basic.yaml              | two-methods   | user 'u'    | field 'token': more than one authentication method
			wrong-type.yaml                   | typed         | cluster 'c' | field 'insecure-skip-tls-verify': must be true or false, got a string
			missing-cluster.yaml              | lost-cluster  | context     | field 'cluster': cluster 'gone' not found
			missing-user.yaml                 | lost-user     | context     | field 'user': user 'nobody' not found
			context-without-cluster.yaml      | no-cluster    | context     | field 'cluster': missing
			unknown-context.yaml              | nowhere       | context     | context 'nowhere' not found (contexts: [somewhere])
			""")
	void badEntryIsReportedWhenItsContextIsResolved(String fixture, String context, String entry, String problem) {
		Path file = Fixtures.path("bad/" + fixture);
		KubeConfig config = KubeConfig.fromFile(file);
		assertBad(config::get, file.toString(), "context '" + context + "'", entry, problem);
	}

	@Test
	void yamlSyntaxErrorNamesFileAndLineButNotTheLinesText() {
		Path file = Fixtures.path("bad/yaml-syntax.yaml");
		assertBad(() -> KubeConfig.fromFile(file), file.toString(), "YAML syntax error at line 12",
				"while scanning a quoted scalar");
	}

	@Test
	void documentThatIsNotAMap() {
		Path file = Fixtures.path("bad/not-a-map.yaml");
		assertBad(() -> KubeConfig.fromFile(file), file.toString(), "must be a map, got a list");
	}

	@Test
	void listThatIsNotAList() {
		Path file = Fixtures.path("bad/clusters-not-a-list.yaml");
		assertBad(() -> KubeConfig.fromFile(file), file.toString(), "field 'clusters': must be a list, got a string");
	}

	@Test
	void duplicateName() {
		Path file = Fixtures.path("bad/duplicate-name.yaml");
		assertBad(() -> KubeConfig.fromFile(file), file.toString(), "field 'users'", "'u' is defined twice");
	}

	@Test
	void missingFile(@TempDir Path dir) {
		Path file = dir.resolve("nope.yaml");
		assertBad(() -> KubeConfig.fromFile(file), file.toString(), "does not exist");
	}

	@Test
	void allMergedFilesMissingNamesThemAll(@TempDir Path dir) {
		Path one = dir.resolve("one.yaml");
		Path two = dir.resolve("two.yaml");
		assertBad(() -> KubeConfig.fromFiles(List.of(one, two)), one.toString(), two.toString(), "none of the files");
	}

	@Test
	void directoryInsteadOfFile(@TempDir Path dir) {
		assertBad(() -> KubeConfig.fromFile(dir), dir.toString(), "is not a regular file");
	}

	@Test
	void fileThatIsNotUtf8(@TempDir Path dir) throws Exception {
		Path file = Files.write(dir.resolve("config"), new byte[] { 'a', ':', ' ', (byte) 0xff, (byte) 0xfe });
		assertBad(() -> KubeConfig.fromFile(file), file.toString(), "not UTF-8");
	}

	@Test
	void noCurrentContextNamesTheContexts() {
		Path file = Fixtures.path("merged/first.yaml");
		assertBad(() -> KubeConfig.fromFile(file).get(), file.toString(), "no current-context", "[dev]");
	}

	@Test
	void entryDefinedInAnotherFileNamesThatFile() {
		Path first = Fixtures.path("merged/first.yaml");
		Path broken = Fixtures.path("bad/missing-token-file.yaml");
		Map<String, Object> context = Map.of("name", "mixed", "context", Map.of("cluster", "shared", "user", "u"));
		// The context comes from one file, its broken user from another.
		Path contextFile = first.resolveSibling("does-not-matter.yaml");
		KubeConfig merged = KubeConfigReader.merge(List.of(KubeConfigReader.parse(Map.of("contexts", List.of(context)),
				contextFile), KubeConfigReader.readFile(first), KubeConfigReader.readFile(broken)));
		assertBad(() -> merged.get("mixed"), contextFile.toString(), "user 'u' (defined in " + broken + ")",
				"field 'tokenFile'");
	}

	@Test
	void unknownNamedContext() {
		assertBad(() -> KubeConfig.fromFile(Fixtures.full()).get("nope"), "context 'nope' not found", "legacy-oidc");
	}

	private static void assertBad(ThrowingCallable call, String... fragments) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).isInstanceOf(ConfigException.class);
		assertThat(thrown.getMessage()).contains(fragments).doesNotContain(Fixtures.SECRET_MARKER);
		for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).doesNotContain(Fixtures.SECRET_MARKER);
		}
	}

}
