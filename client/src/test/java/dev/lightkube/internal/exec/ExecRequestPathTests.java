package dev.lightkube.internal.exec;

import static dev.lightkube.internal.exec.ChannelProtocolServer.SUCCESS;
import static dev.lightkube.internal.exec.ChannelProtocolServer.frame;
import static dev.lightkube.internal.exec.ChannelProtocolServer.output;
import static dev.lightkube.internal.exec.ExecSession.ERROR;
import static dev.lightkube.internal.exec.ExecSession.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lightkube.ApiException;
import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import dev.lightkube.KubeClient;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.http.RequestLogging;
import dev.lightkube.internal.http.TransportSettings;
import dev.lightkube.observation.KubeRequestObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** exec goes the way of every other request: observed, traced, logged, and a 401 refreshed by the one rule. */
class ExecRequestPathTests {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private static final String TOKEN = "exec-path-token-9c2b";

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<KubeRequestObservationContext> stopped = new CopyOnWriteArrayList<>();

	@TempDir
	Path dir;

	ExecRequestPathTests() {
		// Stands in for Micrometer Tracing's propagating sender handler: writes a header through the context's setter.
		this.registry.observationConfig().observationHandler(new ObservationHandler<SenderContext<?>>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public void onStart(SenderContext context) {
				context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
			}

			@Override
			public void onStop(SenderContext<?> context) {
				if (context instanceof KubeRequestObservationContext kube) {
					ExecRequestPathTests.this.stopped.add(kube);
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof SenderContext;
			}
		});
	}

	@Test
	void execIsOneObservedRequestEndedAtTheHandshakeAndSendsTheTraceHeaders() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(STDOUT, "hi\n"), frame(ERROR, SUCCESS)));
				KubeClient client = client(server)) {
			ExecResponse response = client.exec("web-0", ExecOptions.of("echo", "hi"));
			assertThat(response.stdout()).isEqualTo("hi\n");
			assertThat(server.requestHeaders()).containsEntry("traceparent", TRACEPARENT);
		}
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getVerb()).isEqualTo("exec");
			assertThat(context.getResource()).isEqualTo("pods");
			assertThat(context.getSubresource()).isEqualTo("exec");
			assertThat(context.getNamespace()).isEqualTo("team");
			assertThat(context.getObjectName()).isEqualTo("web-0");
			assertThat(context.getStatusCode()).as("the handshake's answer: Switching Protocols").isEqualTo(101);
			assertThat(context.getError()).isNull();
		});
	}

	@Test
	void aRefusedHandshakeIsObservedWithItsStatusAndError() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5Refusing("Bearer " + TOKEN,
				output(frame(ERROR, SUCCESS))); KubeClient client = client(server)) {
			assertThatExceptionOfType(ApiException.class)
				.isThrownBy(() -> client.exec("web-0", ExecOptions.of("ls")))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(401));
		}
		assertThat(this.stopped).singleElement().satisfies((context) -> {
			assertThat(context.getStatusCode()).isEqualTo(401);
			assertThat(context.getError()).isInstanceOf(ApiException.class);
		});
	}

	@Test
	void theHandshakeIsLoggedLikeEveryRequestWithoutTheToken() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		Logger logger = (Logger) LoggerFactory.getLogger(RequestLogging.LOGGER_NAME);
		Level level = logger.getLevel();
		logger.setLevel(Level.TRACE);
		logger.addAppender(appender);
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(ERROR, SUCCESS)));
				KubeClient client = client(server)) {
			client.exec("web-0", ExecOptions.of("ls"));
		}
		finally {
			logger.detachAppender(appender);
			logger.setLevel(level);
		}
		List<ILoggingEvent> events = List.copyOf(appender.list);
		assertThat(events).filteredOn((event) -> event.getLevel() == Level.DEBUG)
			.map(ILoggingEvent::getFormattedMessage)
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("GET ws://127.0.0.1:")
			.contains("/api/v1/namespaces/team/pods/web-0/exec?command=ls")
			.contains(" -> 101 (");
		assertThat(events).filteredOn((event) -> event.getLevel() == Level.TRACE)
			.map(ILoggingEvent::getFormattedMessage)
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("Authorization")
			.contains("traceparent");
		assertThat(events).map(ILoggingEvent::getFormattedMessage).noneMatch((message) -> message.contains(TOKEN));
	}

	@Test
	void a401IsTriedOnceMoreWithTheRotatedTokenThroughTheSharedRule() throws Exception {
		Path file = Files.writeString(this.dir.resolve("token"), "token-1\n");
		try (ChannelProtocolServer server = ChannelProtocolServer.v5Refusing("Bearer token-1",
				output(frame(STDOUT, "ok"), frame(ERROR, SUCCESS)));
				KubeTransport transport = KubeTransport.create(KubeConfig
					.fromServer(Cluster.of(server.baseUri().toString()),
							new User(null, file, null, null, null, null, null, null, null, null), "team")
					.get(), TransportSettings.DEFAULT)) {
			// Read (and kept) before the file rotates, as a token read a while ago is.
			assertThat(transport.authentication().block().headers().getFirst("Authorization"))
				.isEqualTo("Bearer token-1");
			Files.writeString(file, "token-2\n");
			ExecResponse response = ExecEngine.exec(transport.httpClient(), server.baseUri(),
					transport.authentication(), "/api/v1/namespaces/team/pods/web-0", ExecOptions.of("ls"))
				.block(Duration.ofSeconds(20));
			assertThat(response.stdout()).isEqualTo("ok");
			assertThat(server.authorizations).containsExactly("Bearer token-1", "Bearer token-2");
		}
	}

	private KubeClient client(ChannelProtocolServer server) {
		return KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(server.baseUri().toString()), User.ofToken(TOKEN), "team"))
			.observationRegistry(this.registry)
			.build();
	}

}
