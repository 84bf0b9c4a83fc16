package dev.lightkube.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.Timeouts;
import dev.lightkube.config.User;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;

/**
 * TLS 1.2 or newer only: what the client offers, what it does when a server picks TLS 1.1, and what every SSL
 * engine of the transport enables. The build's JDK refuses TLS 1.1 on its own (jdk.tls.disabledAlgorithms, which
 * cannot be relaxed in a shared test JVM once TLS has been used), so only the last test would notice TLS 1.1
 * added to the transport's protocols; the first two show the result on the wire.
 */
class TlsProtocolVersionTests {

	private static final int TLS_1_1 = 0x0302;

	private static final int TLS_1_2 = 0x0303;

	private static final int TLS_1_3 = 0x0304;

	private static final int HANDSHAKE = 22;

	private static final int ALERT = 21;

	private static final int FATAL = 2;

	private static final int PROTOCOL_VERSION_ALERT = 70;

	private static final int CLIENT_HELLO = 1;

	private static final int SERVER_HELLO = 2;

	private static final int SUPPORTED_VERSIONS = 43;

	@ParameterizedTest(name = "http2={0}")
	@ValueSource(booleans = { false, true })
	void clientHelloOffersOnlyTls12AndTls13(boolean http2) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			CompletableFuture<List<Integer>> offered = new CompletableFuture<>();
			serve(server, offered, TlsProtocolVersionTests::offeredVersions);
			var settings = new TransportSettings(Timeouts.DEFAULT, false, null, http2, UnaryOperator.identity(),
					(builder) -> {
					});
			try (KubeTransport transport = KubeTransport.create(config(server.getLocalPort()), settings)) {
				// The server hangs up after the ClientHello.
				assertThatExceptionOfType(WebClientRequestException.class)
					.isThrownBy(() -> TestCluster.get(transport, "/version"));
			}
			assertThat(offered.get(30, TimeUnit.SECONDS)).containsOnly(TLS_1_2, TLS_1_3);
		}
	}

	@Test
	void serverChoosingTls11IsRefused() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Integer> alert = new CompletableFuture<>();
			serve(server, alert, TlsProtocolVersionTests::answerWithTls11);
			// HTTP/1.1 only: with HTTP/2 offered, the JDK refuses the hand-made ServerHello's CBC cipher suite first.
			var settings = new TransportSettings(Timeouts.DEFAULT, false, null, false, UnaryOperator.identity(),
					(builder) -> {
					});
			try (KubeTransport transport = KubeTransport.create(config(server.getLocalPort()), settings)) {
				assertThatExceptionOfType(WebClientRequestException.class)
					.isThrownBy(() -> TestCluster.get(transport, "/version"))
					.havingCause()
					.isInstanceOf(SSLHandshakeException.class)
					.withMessageContaining("TLS11");
			}
			assertThat(alert.get(30, TimeUnit.SECONDS)).as("alert description").isEqualTo(PROTOCOL_VERSION_ALERT);
		}
	}

	@Test
	void everySslContextOfTheTransportEnablesOnlyTls12AndTls13() {
		// With HTTP/2 asked for, the WebClient's client and the plain one have separate SSL contexts.
		List<HttpClient> clients = new CopyOnWriteArrayList<>();
		UnaryOperator<HttpClient> record = (client) -> {
			clients.add(client);
			return client;
		};
		var settings = new TransportSettings(Timeouts.DEFAULT, false, null, true, record, (builder) -> {
		});
		try (KubeTransport transport = KubeTransport.create(config(443), settings)) {
			// The clients are built on first use.
			assertThat(clients).isEmpty();
			HttpClient plain = transport.httpClient();
			// streams, and the HTTP/1.1-only client of exec (each pool is built on its own first use)
			assertThat(clients).hasSize(2).contains(plain);
			transport.webClient();
			// and requests
			assertThat(clients).hasSize(3);
			for (HttpClient client : clients) {
				SSLEngine engine = client.configuration()
					.sslProvider()
					.getSslContext()
					.newEngine(ByteBufAllocator.DEFAULT);
				try {
					assertThat(engine.getEnabledProtocols()).containsOnly("TLSv1.2", "TLSv1.3");
				}
				finally {
					ReferenceCountUtil.release(engine);
				}
			}
		}
	}

	private static SingleConfig config(int port) {
		byte[] ca = TestPki.bytes(new TestPki("tls-version-ca").ca().certificatePem());
		Cluster cluster = TestCluster.cluster("https://127.0.0.1:" + port, ca);
		return TestCluster.config(cluster, User.ANONYMOUS);
	}

	/**
	 * Hands each connection to {@code exchange} until the server is closed, then hangs up; the first result
	 * completes {@code result}. Later connections are a retry of the request.
	 */
	private static <T> void serve(ServerSocket server, CompletableFuture<T> result, Exchange<T> exchange) {
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try (Socket socket = server.accept()) {
					result.complete(exchange.run(socket));
				}
				catch (IOException ex) {
					// The server was closed, or the client hung up.
				}
				catch (RuntimeException | AssertionError ex) {
					result.completeExceptionally(ex);
				}
			}
		}, "tls-peer");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** Reads the ClientHello, answers with a TLS 1.1 ServerHello; the description of the client's alert. */
	private static int answerWithTls11(Socket socket) throws IOException {
		offeredVersions(socket);
		ByteBuffer serverHello = ByteBuffer.allocate(47);
		serverHello.put((byte) HANDSHAKE).putShort((short) TLS_1_1).putShort((short) 42);
		serverHello.put((byte) SERVER_HELLO).put((byte) 0).putShort((short) 38);
		serverHello.putShort((short) TLS_1_1).put(new byte[32]).put((byte) 0);
		serverHello.putShort((short) 0xc013).put((byte) 0);
		socket.getOutputStream().write(serverHello.array());
		DataInputStream input = new DataInputStream(socket.getInputStream());
		assertThat(input.readUnsignedByte()).as("record type").isEqualTo(ALERT);
		input.readUnsignedShort();
		assertThat(input.readUnsignedShort()).as("alert length").isEqualTo(2);
		assertThat(input.readUnsignedByte()).as("alert level").isEqualTo(FATAL);
		return input.readUnsignedByte();
	}

	/** One exchange with a client over a fresh connection. */
	@FunctionalInterface
	private interface Exchange<T> {

		T run(Socket socket) throws IOException;

	}

	/** The versions of the supported_versions extension of the ClientHello that {@code socket} receives first. */
	private static List<Integer> offeredVersions(Socket socket) throws IOException {
		DataInputStream input = new DataInputStream(socket.getInputStream());
		assertThat(input.readUnsignedByte()).as("record type").isEqualTo(HANDSHAKE);
		input.readUnsignedShort();
		byte[] record = new byte[input.readUnsignedShort()];
		input.readFully(record);
		ByteBuffer hello = ByteBuffer.wrap(record);
		assertThat(hello.get()).as("handshake type").isEqualTo((byte) CLIENT_HELLO);
		int length = ((hello.get() & 0xff) << 16) | (hello.getShort() & 0xffff);
		assertThat(length).as("ClientHello in one record").isEqualTo(hello.remaining());
		// legacy_version says "TLS 1.2"; the versions offered are in supported_versions (RFC 8446 4.2.1).
		assertThat(hello.getShort() & 0xffff).as("legacy_version").isEqualTo(TLS_1_2);
		skip(hello, 32);
		skip(hello, hello.get() & 0xff);
		skip(hello, hello.getShort() & 0xffff);
		skip(hello, hello.get() & 0xff);
		int extensionsEnd = (hello.getShort() & 0xffff) + hello.position();
		while (hello.position() < extensionsEnd) {
			int type = hello.getShort() & 0xffff;
			int size = hello.getShort() & 0xffff;
			if (type == SUPPORTED_VERSIONS) {
				List<Integer> versions = new ArrayList<>();
				int count = (hello.get() & 0xff) / 2;
				for (int i = 0; i < count; i++) {
					versions.add(hello.getShort() & 0xffff);
				}
				return versions;
			}
			skip(hello, size);
		}
		throw new AssertionError("The ClientHello has no supported_versions extension");
	}

	private static void skip(ByteBuffer buffer, int bytes) {
		buffer.position(buffer.position() + bytes);
	}

}
