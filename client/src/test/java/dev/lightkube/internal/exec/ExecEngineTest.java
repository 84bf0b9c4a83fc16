package dev.lightkube.internal.exec;

import static dev.lightkube.internal.exec.ChannelProtocolServer.SUCCESS;
import static dev.lightkube.internal.exec.ChannelProtocolServer.exitStatus;
import static dev.lightkube.internal.exec.ChannelProtocolServer.frame;
import static dev.lightkube.internal.exec.ChannelProtocolServer.output;
import static dev.lightkube.internal.exec.ExecSession.ERROR;
import static dev.lightkube.internal.exec.ExecSession.STDERR;
import static dev.lightkube.internal.exec.ExecSession.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.ApiException;
import dev.lightkube.ExecException;
import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import dev.lightkube.internal.http.KubeTransport.Authentication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

class ExecEngineTest {

	private static final String POD = "/api/v1/namespaces/ns/pods/web";

	/** Guards against a hang only; no test depends on how long anything takes. */
	private static final Duration GUARD = Duration.ofSeconds(20);

	private final HttpClient httpClient = HttpClient.create();

	@Test
	void capturesStdoutAndStderrOverV5() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(STDOUT, "hello "),
				frame(STDERR, "careful\n"), frame(STDOUT, "world\n"), frame(ERROR, SUCCESS)))) {
			ExecResponse response = exec(server, ExecOptions.of("greet"));
			assertThat(response.stdout()).isEqualTo("hello world\n");
			assertThat(response.stderr()).isEqualTo("careful\n");
			assertThat(response.exitCode()).isZero();
			assertThat(server.selectedProtocol()).isEqualTo("v5.channel.k8s.io");
		}
	}

	@Test
	void sendsCommandContainerAndStreamsInQueryWithAuthorizationAndBothSubprotocols() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(ChannelProtocolServer.echo())) {
			exec(server, ExecOptions.of("sh", "-c", "echo a+b & c=d/é").withContainer("app").withStdin("x"));
			assertThat(server.requestUri()).isEqualTo(POD + "/exec?command=sh&command=-c"
					+ "&command=echo%20a%2Bb%20%26%20c%3Dd%2F%C3%A9&container=app&stdin=true&stdout=true&stderr=true");
			assertThat(server.requestHeaders()).containsEntry("authorization", "Bearer t0k")
				.containsEntry("sec-websocket-protocol", "v5.channel.k8s.io,v4.channel.k8s.io")
				.containsEntry("upgrade", "websocket");
		}
	}

	@Test
	void httpsBecomesWssOverTheGivenClientsTls() {
		LoopbackCertificate certificate = LoopbackCertificate.create();
		HttpClient tlsClient = HttpClient.create()
			.secure((spec) -> spec.sslContext(
					Http11SslContextSpec.forClient().configure((ssl) -> ssl.trustManager(certificate.certificate()))));
		try (ChannelProtocolServer server = ChannelProtocolServer.v5Secure(certificate,
				output(frame(STDOUT, "over tls"), frame(ERROR, SUCCESS)))) {
			assertThat(server.baseUri().getScheme()).isEqualTo("https");
			ExecResponse response = ExecEngine.exec(tlsClient, server.baseUri(), auth(), POD, ExecOptions.of("ls"))
				.block(GUARD);
			assertThat(response.stdout()).isEqualTo("over tls");
			assertThat(server.requestHeaders()).containsEntry("authorization", "Bearer t0k");
			// A client that does not trust the certificate fails: TLS really was used, and verified.
			assertThatExceptionOfType(ExecException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls")))
				.withMessageContaining("failed");
		}
	}

	@Test
	void withoutStdinOrContainerTheQueryAsksForOutputOnlyAndNoFrameIsSent() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> side.frames()
			.take(Duration.ofMillis(200))
			.then(side.send(frame(ERROR, SUCCESS))))) {
			exec(server, ExecOptions.of("date"));
			assertThat(server.requestUri()).isEqualTo(POD + "/exec?command=date&stdout=true&stderr=true");
			assertThat(server.frames()).isEmpty();
		}
	}

	@Test
	void stdinStringIsSentAndClosedWithTheV5CloseFrame() throws Exception {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(ChannelProtocolServer.echo())) {
			ExecResponse response = exec(server, ExecOptions.of("cat").withStdin("grüß dich\n"));
			assertThat(response.stdout()).isEqualTo("grüß dich\n");
			assertThat(server.stdinClosed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
			List<byte[]> frames = server.frames();
			assertThat(frames.get(frames.size() - 1)).containsExactly(255, 0);
		}
	}

	@Test
	void stdinBytesAreSentAsIsAndOutputKeptRawWithoutDecode() {
		byte[] binary = { 0, (byte) 0xFF, (byte) 0xC3, 0x28, 10 };
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(ChannelProtocolServer.echo())) {
			ExecResponse response = exec(server, ExecOptions.of("cat").withStdin(binary).withDecode(false));
			assertThat(response.stdoutBytes()).containsExactly(binary);
			assertThat(server.stdin()).containsExactly(binary);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(response::stdout)
				.withMessageContaining("stdoutBytes()");
		}
	}

	@Test
	void stdinInputStreamIsStreamedInChunksAndNotClosed() throws Exception {
		byte[] data = new byte[100 * 1024 + 7];
		new Random(42).nextBytes(data);
		AtomicBoolean closed = new AtomicBoolean();
		ByteArrayInputStream stdin = new ByteArrayInputStream(data) {
			@Override
			public void close() {
				closed.set(true);
			}
		};
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(ChannelProtocolServer.echo())) {
			ExecResponse response = exec(server, ExecOptions.of("cat").withStdin(stdin).withDecode(false));
			assertThat(response.stdoutBytes()).isEqualTo(data);
			assertThat(server.stdin()).isEqualTo(data);
			List<byte[]> stdinFrames = server.frames().stream().filter((frame) -> frame[0] == 0).toList();
			assertThat(stdinFrames).hasSizeGreaterThanOrEqualTo(4)
				.allSatisfy((frame) -> assertThat(frame.length).isLessThanOrEqualTo(ExecSession.STDIN_CHUNK + 1));
			assertThat(server.stdinClosed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(closed).isFalse();
		}
	}

	@Test
	void v4OnlyServerIsUsedForOutputAndStdinWithoutCloseFrame() {
		String input = "no end marker on v4";
		try (ChannelProtocolServer server = ChannelProtocolServer.v4Only((side) -> side.frames()
			.filter((frame) -> frame[0] == ExecSession.STDIN)
			.take(1)
			.then(side.send(frame(STDOUT, "read it"), frame(STDERR, "v4"), frame(ERROR, SUCCESS))))) {
			ExecResponse response = exec(server, ExecOptions.of("cat").withStdin(input));
			assertThat(server.selectedProtocol()).isEqualTo("v4.channel.k8s.io");
			assertThat(response.stdout()).isEqualTo("read it");
			assertThat(response.stderr()).isEqualTo("v4");
			assertThat(server.stdin()).asString(StandardCharsets.UTF_8).isEqualTo(input);
			assertThat(server.frames()).noneMatch(ChannelProtocolServer::isStdinClose);
		}
	}

	@Test
	void outputStreamsReceiveDataAsItArrives() {
		// The server sends its second part only after the client's stream got the first: buffering until the end
		// would never finish.
		CountDownLatch firstPartWritten = new CountDownLatch(1);
		ByteArrayOutputStream stdout = new ByteArrayOutputStream() {
			@Override
			public synchronized void write(byte[] bytes, int offset, int length) {
				super.write(bytes, offset, length);
				firstPartWritten.countDown();
			}
		};
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> side.send(frame(STDOUT, "first;"))
			.then(Mono.fromCallable(() -> firstPartWritten.await(GUARD.toSeconds(), TimeUnit.SECONDS))
				.subscribeOn(Schedulers.boundedElastic()))
			.flatMap((written) -> side.send(frame(STDOUT, written ? "second" : "too late"), frame(STDERR, "err"),
					frame(ERROR, SUCCESS))))) {
			ExecResponse response = exec(server, ExecOptions.of("tail").withStdout(stdout).withStderr(stderr));
			assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("first;second");
			assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("err");
			assertThat(response.stdout()).isNull();
			assertThat(response.stderr()).isNull();
		}
	}

	@Test
	void stdinThatFailsToReadEndsTheCallAndClosesTheConnection() throws Exception {
		InputStream failing = new InputStream() {
			@Override
			public int read() throws IOException {
				throw new IOException("disk gone");
			}
		};
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> Mono.never())) {
			assertThatExceptionOfType(ExecException.class)
				.isThrownBy(() -> exec(server, ExecOptions.of("cat").withStdin(failing)))
				.withMessageContaining("reading stdin failed: disk gone");
			assertThat(server.connectionClosed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void outputStreamThatFailsEndsTheCallAndClosesTheConnection() throws Exception {
		OutputStream failing = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				throw new IOException("pipe closed");
			}
		};
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> side.send(frame(STDOUT, "data"))
			.then(Mono.never()))) {
			assertThatExceptionOfType(ExecException.class)
				.isThrownBy(() -> exec(server, ExecOptions.of("cat").withStdout(failing)))
				.withMessageContaining("writing stdout failed: pipe closed");
			assertThat(server.connectionClosed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void nonZeroExitRaisesWithExitCodeAndStderrTail() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(STDOUT, "partial"),
				frame(STDERR, "first line\nboom: no such file\n"), frame(ERROR, exitStatus(3))))) {
			assertThatExceptionOfType(ExecException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls", "/x")))
				.satisfies((ex) -> {
					assertThat(ex.exitCode()).isEqualTo(3);
					assertThat(ex.stderrTail()).isEqualTo("first line\nboom: no such file\n");
					assertThat(ex.status().getReason()).isEqualTo("NonZeroExitCode");
					assertThat(ex.getMessage()).contains("'ls'", POD, "exited with code 3", "boom: no such file")
						.doesNotContain("secret-arguments");
				});
		}
	}

	@Test
	void stderrTailKeepsTheEndOfLongStderrEvenWhenStreamedElsewhere() {
		String longLine = "x".repeat(10_000);
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(
				output(frame(STDERR, longLine), frame(STDERR, "\nthe real error"), frame(ERROR, exitStatus(1))))) {
			ByteArrayOutputStream stderr = new ByteArrayOutputStream();
			assertThatExceptionOfType(ExecException.class)
				.isThrownBy(() -> exec(server, ExecOptions.of("make").withStderr(stderr)))
				.satisfies((ex) -> {
					assertThat(ex.stderrTail()).isEqualTo("x".repeat(4096 - 15) + "\nthe real error");
					assertThat(ex.getMessage()).endsWith("x\nthe real error").hasSizeLessThan(1000);
				});
			assertThat(stderr.size()).isEqualTo(longLine.length() + 15);
		}
	}

	@Test
	void nonZeroExitIsReturnedWhenRaiseOnErrorIsOff() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(
				output(frame(STDOUT, "partial"), frame(STDERR, "boom"), frame(ERROR, exitStatus(42))))) {
			ExecResponse response = exec(server, ExecOptions.of("false").withRaiseOnError(false));
			assertThat(response.exitCode()).isEqualTo(42);
			assertThat(response.stdout()).isEqualTo("partial");
			assertThat(response.stderr()).isEqualTo("boom");
		}
	}

	@Test
	void failureStatusWithoutExitCodeRaisesWithTheServerMessageEvenWhenRaiseOnErrorIsOff() {
		String status = "{\"metadata\":{},\"status\":\"Failure\",\"reason\":\"InternalError\","
				+ "\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}";
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(ERROR, status)))) {
			assertThatExceptionOfType(ExecException.class)
				.isThrownBy(() -> exec(server, ExecOptions.of("nope").withRaiseOnError(false)))
				.satisfies((ex) -> {
					assertThat(ex.exitCode()).isNull();
					assertThat(ex.status().getMessage()).contains("executable file not found");
					assertThat(ex.getMessage()).contains("(InternalError)", "exec: \"nope\": executable file not found");
				});
		}
	}

	@Test
	void closeWithoutExitStatusRaises() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(STDOUT, "cut short")))) {
			assertThatExceptionOfType(ExecException.class).isThrownBy(() -> exec(server, ExecOptions.of("sleep", "1")))
				.withMessageContaining("closed before the exit status arrived");
		}
	}

	@Test
	void serverThatChoosesNoChannelProtocolIsRefused() {
		try (ChannelProtocolServer server = ChannelProtocolServer.offering("channel.k8s.io",
				output(frame(STDOUT, "v1 framing"), frame(ERROR, SUCCESS)))) {
			assertThatExceptionOfType(ExecException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls")))
				.withMessageContaining("failed")
				.withMessageContaining("Invalid subprotocol");
		}
	}

	@Test
	void refusedHandshakeBecomesApiExceptionWithTheServerStatus() {
		String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
				+ "\"message\":\"pods \\\"web\\\" is forbidden: User \\\"dev\\\" cannot create resource \\\"pods/exec\\\"\","
				+ "\"reason\":\"Forbidden\",\"details\":{\"name\":\"web\",\"kind\":\"pods\"},\"code\":403}";
		try (ChannelProtocolServer server = ChannelProtocolServer.refusing(403, "application/json", body)) {
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls")))
				.satisfies((ex) -> {
					assertThat(ex.code()).isEqualTo(403);
					assertThat(ex.reason()).isEqualTo("Forbidden");
					assertThat(ex.verb()).isEqualTo("exec");
					assertThat(ex.path()).isEqualTo(POD + "/exec");
					assertThat(ex.getMessage()).contains("cannot create resource \"pods/exec\"");
				});
		}
	}

	@Test
	void aHandshakeRefusedWith401IsTriedOnceMoreWithAFreshCredential() {
		AtomicReference<String> token = new AtomicReference<>("expired");
		Mono<Authentication> authentication = Mono.fromSupplier(() -> bearer(token.get(), () -> {
			token.set("fresh");
			return Mono.just(bearer("fresh", Mono::empty));
		}));
		try (ChannelProtocolServer server = ChannelProtocolServer.v5Refusing("Bearer expired",
				output(frame(STDOUT, "ok"), frame(ERROR, SUCCESS)))) {
			ExecResponse response = ExecEngine.exec(this.httpClient, server.baseUri(), authentication, POD,
					ExecOptions.of("ls")).block(GUARD);
			assertThat(response.stdout()).isEqualTo("ok");
			assertThat(server.authorizations).containsExactly("Bearer expired", "Bearer fresh");
		}
	}

	@Test
	void a401IsReturnedWhenNoFreshCredentialCanDiffer() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5Refusing("Bearer t0k",
				output(frame(ERROR, SUCCESS)))) {
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls")))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(401));
			assertThat(server.authorizations).containsExactly("Bearer t0k");
		}
	}

	@Test
	void a401AfterTheFreshCredentialIsReturnedWithoutAThirdTry() {
		// A refresh that gives a credential the server refuses as well: still only one more handshake.
		Mono<Authentication> authentication = Mono.fromSupplier(() -> bearer("t0k",
				() -> Mono.just(bearer("t0k", () -> Mono.error(new AssertionError("no third try"))))));
		try (ChannelProtocolServer server = ChannelProtocolServer.v5Refusing("Bearer t0k",
				output(frame(ERROR, SUCCESS)))) {
			assertThatExceptionOfType(ApiException.class)
				.isThrownBy(() -> ExecEngine.exec(this.httpClient, server.baseUri(), authentication, POD,
						ExecOptions.of("ls")).block(GUARD))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(401));
			assertThat(server.authorizations).containsExactly("Bearer t0k", "Bearer t0k");
		}
	}

	@Test
	void refusedHandshakeWithPlainBodyKeepsTheHttpStatusAndBody() {
		try (ChannelProtocolServer server = ChannelProtocolServer.refusing(404, "text/plain", "404 page not found\n")) {
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls")))
				.satisfies((ex) -> {
					assertThat(ex.code()).isEqualTo(404);
					assertThat(ex.status().getMessage()).isEqualTo("404 page not found");
				});
		}
	}

	@Test
	void timeoutRaisesAndClosesTheConnection() throws Exception {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> side.send(frame(STDOUT, "started"))
			.then(Mono.never()))) {
			// Long enough for the socket to open on a busy machine, since the test checks that it gets closed.
			ExecOptions options = ExecOptions.of("sleep", "infinity").withTimeout(Duration.ofSeconds(2));
			assertThatExceptionOfType(ExecException.class).isThrownBy(() -> exec(server, options))
				.withMessageContaining("did not finish within the timeout of PT2S")
				.satisfies((ex) -> assertThat(ex.exitCode()).isNull());
			assertThat(server.connectionClosed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void cancellingClosesTheConnection() throws Exception {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> side.send(frame(STDOUT, "started"))
			.then(Mono.never()))) {
			CountDownLatch written = new CountDownLatch(1);
			OutputStream stdout = new OutputStream() {
				@Override
				public void write(int b) {
					written.countDown();
				}
			};
			Disposable call = ExecEngine
				.exec(this.httpClient, server.baseUri(), auth(), POD, ExecOptions.of("sleep").withStdout(stdout))
				.subscribe();
			assertThat(written.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
			call.dispose();
			assertThat(server.connectionClosed.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void connectionRefusedBecomesExecException() {
		ChannelProtocolServer server = ChannelProtocolServer.v5(output());
		server.close();
		assertThatExceptionOfType(ExecException.class).isThrownBy(() -> exec(server, ExecOptions.of("ls")))
			.withMessageContaining("exec of 'ls' in " + POD + " failed");
	}

	@Test
	void theHttpClientsResponseTimeoutDoesNotEndACommandThatIsQuietForLonger() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5((side) -> Mono.delay(Duration.ofMillis(1500))
			.then(side.send(frame(STDOUT, "done"), frame(ERROR, SUCCESS))))) {
			ExecResponse response = ExecEngine
				.exec(this.httpClient.responseTimeout(Duration.ofMillis(300)), server.baseUri(), auth(), POD,
						ExecOptions.of("sleep", "1"))
				.block(GUARD);
			assertThat(response.stdout()).isEqualTo("done");
		}
	}

	@Test
	void nothingIsSentUntilSubscribed() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(ERROR, SUCCESS)))) {
			Mono<ExecResponse> call = ExecEngine.exec(this.httpClient, server.baseUri(), auth(), POD, ExecOptions.of("ls"));
			assertThat(server.requestUri()).isNull();
			assertThat(call.block(GUARD).exitCode()).isZero();
			assertThat(server.requestUri()).isNotNull();
		}
	}

	private ExecResponse exec(ChannelProtocolServer server, ExecOptions options) {
		return ExecEngine.exec(this.httpClient, server.baseUri(), auth(), POD, options).block(GUARD);
	}

	private static Mono<Authentication> auth() {
		return Mono.just(bearer("t0k", Mono::empty));
	}

	private static Authentication bearer(String token, Supplier<Mono<Authentication>> onRejected) {
		HttpHeaders headers = new HttpHeaders();
		headers.setBearerAuth(token);
		return new Authentication(headers, (what) -> onRejected.get());
	}

}
