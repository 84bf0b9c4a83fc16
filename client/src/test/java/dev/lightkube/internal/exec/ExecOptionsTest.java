package dev.lightkube.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

class ExecOptionsTest {

	@Test
	void defaultsCaptureBothStreamsAsUtf8AndRaiseOnError() {
		ExecOptions options = ExecOptions.of("ls", "-l");
		assertThat(options.command()).containsExactly("ls", "-l");
		assertThat(options.container()).isNull();
		assertThat(options.hasStdin()).isFalse();
		assertThat(options.stdin()).isNull();
		assertThat(options.stdout()).isNull();
		assertThat(options.stderr()).isNull();
		assertThat(options.charset()).isEqualTo(StandardCharsets.UTF_8);
		assertThat(options.decode()).isTrue();
		assertThat(options.raiseOnError()).isTrue();
		assertThat(options.timeout()).isNull();
	}

	@Test
	void commandIsRequiredAndChecked() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(ExecOptions::of)
			.withMessageContaining("command must not be empty");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ExecOptions.defaults().withCommand(List.of()))
			.withMessageContaining("command must not be empty");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ExecOptions.of("ls", null))
			.withMessage("command[1] must not be null");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ExecOptions.of("", "x"))
			.withMessageContaining("command[0] (the program) must not be empty");
		assertThat(ExecOptions.defaults().command()).isEmpty();
	}

	@Test
	void commandIsCopied() {
		String[] command = { "ls", "/" };
		ExecOptions options = ExecOptions.of(command);
		command[1] = "/etc";
		assertThat(options.command()).containsExactly("ls", "/");
	}

	@Test
	void badSettingsAreRefused() {
		ExecOptions options = ExecOptions.of("ls");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> options.withTimeout(Duration.ZERO))
			.withMessageContaining("timeout must be positive");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> options.withTimeout(Duration.ofSeconds(-1)));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> options.withContainer(""))
			.withMessageContaining("container must not be empty");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> options.withNamespace(" "))
			.withMessageContaining("namespace must not be empty");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> options.withStdin((String) null))
			.withMessage("stdin must not be null");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> options.withCharset(null))
			.withMessage("charset must not be null");
	}

	@Test
	void stringStdinIsEncodedWithTheCharsetWhateverTheOrder() throws Exception {
		ExecOptions options = ExecOptions.of("cat").withStdin("é").withCharset(StandardCharsets.ISO_8859_1);
		assertThat(options.stdin().readAllBytes()).containsExactly(0xE9);
		assertThat(options.stdin().readAllBytes()).as("readable again").containsExactly(0xE9);
	}

	@Test
	void bytesStdinIsCopiedAndTheLastStdinWins() throws Exception {
		byte[] data = { 1, 2, 3 };
		ExecOptions options = ExecOptions.of("cat").withStdin("text").withStdin(data);
		data[0] = 9;
		assertThat(options.stdin().readAllBytes()).containsExactly(1, 2, 3);
		ByteArrayInputStream stream = new ByteArrayInputStream(new byte[0]);
		assertThat(options.withStdin(stream).stdin()).isSameAs(stream);
	}

	@Test
	void withMethodsChangeOneSettingAndLeaveTheOriginal() {
		ExecOptions options = ExecOptions.inNamespace("shop")
			.withCommand("sh", "-c", "env")
			.withContainer("app")
			.withStdin("x")
			.withStdout(OutputStream.nullOutputStream())
			.withCharset(StandardCharsets.UTF_16)
			.withDecode(false)
			.withRaiseOnError(false)
			.withTimeout(Duration.ofSeconds(5));
		ExecOptions changed = options.withContainer(null);
		assertThat(changed.container()).isNull();
		assertThat(changed).usingRecursiveComparison().ignoringFields("container").isEqualTo(options);
		assertThat(options.container()).isEqualTo("app");
		assertThat(options.namespace()).isEqualTo("shop");
	}

	@Test
	void toStringShowsNeitherArgumentsNorStdin() {
		ExecOptions options = ExecOptions.of("sh", "-c", "curl -u admin:s3cret").withStdin("password");
		assertThat(options.toString()).contains("program=sh", "arguments=2", "stdin=text")
			.doesNotContain("s3cret", "password");
	}

	@Test
	void responseDecodesWithItsCharsetAndCopiesBytes() {
		byte[] out = "é".getBytes(StandardCharsets.ISO_8859_1);
		ExecResponse response = new ExecResponse(out, null, 0, StandardCharsets.ISO_8859_1);
		out[0] = 'x';
		assertThat(response.stdout()).isEqualTo("é");
		assertThat(response.stderr()).isNull();
		assertThat(response.stderrBytes()).isNull();
		response.stdoutBytes()[0] = 'y';
		assertThat(response.stdout()).isEqualTo("é");
		assertThat(response.toString()).isEqualTo("ExecResponse[exitCode=0, stdout=1 bytes, stderr=not captured]");
	}

	@Test
	void urlUsesWebSocketSchemeAndKeepsTheServerPathPrefix() {
		ExecOptions options = ExecOptions.of("ls");
		URI base = URI.create("https://k8s.example:6443/k8s/clusters/c-1/");
		assertThat(ExecEngine.uri(base, "/api/v1/namespaces/a/pods/b/exec", options))
			.hasToString("wss://k8s.example:6443/k8s/clusters/c-1/api/v1/namespaces/a/pods/b/exec"
					+ "?command=ls&stdout=true&stderr=true");
		assertThat(ExecEngine.uri(URI.create("http://[::1]:8080"), "/p/exec", options))
			.hasToString("ws://[::1]:8080/p/exec?command=ls&stdout=true&stderr=true");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ExecEngine.uri(URI.create("ftp://x"), "/p/exec", options))
			.withMessageContaining("http or https");
	}

	@Test
	void engineChecksItsArgumentsBeforeConnecting() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ExecEngine.exec(HttpClient.create(), URI.create("http://127.0.0.1:1"), Mono.empty(),
					"api/v1/namespaces/a/pods/b", ExecOptions.of("ls")))
			.withMessageContaining("podPath must start with '/'");
	}

}
