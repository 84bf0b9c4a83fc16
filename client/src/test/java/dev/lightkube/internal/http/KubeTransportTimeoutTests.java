package dev.lightkube.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.Timeouts;
import dev.lightkube.config.User;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/** The write and pool timeouts take effect, against a loopback server that accepts connections and stays silent. */
class KubeTransportTimeoutTests {

	/** Far longer than the timeout under test, so that only that one can end a request. */
	private static final Duration LONG = Duration.ofSeconds(20);

	@Test
	void requestBodyTheServerDoesNotReadFailsWithTheWriteTimeout() throws Exception {
		// 256 MiB, produced lazily: far more than the socket buffers of both ends hold.
		byte[] chunk = new byte[256 * 1024];
		Flux<DataBuffer> body = Flux.range(0, 1024).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
		Timeouts timeouts = Timeouts.of(LONG).withWrite(Duration.ofMillis(300));
		try (SilentServer server = new SilentServer();
				KubeTransport transport = KubeTransport.create(server.config(), settings(timeouts))) {
			assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(() -> transport.webClient()
				.put()
				.uri("/api/v1/namespaces/default/configmaps/big")
				.contentType(MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromDataBuffers(body))
				.retrieve()
				.toBodilessEntity()
				.block(LONG.multipliedBy(2))).withCauseInstanceOf(WriteTimeoutException.class);
		}
	}

	@Test
	void requestWaitingForAConnectionFromAFullPoolFailsWithThePoolTimeout() throws Exception {
		Timeouts timeouts = Timeouts.of(LONG).withPool(Duration.ofMillis(300));
		Disposable.Composite hanging = Disposables.composite();
		try (SilentServer server = new SilentServer();
				KubeTransport transport = KubeTransport.create(server.config(),
						new TransportSettings(timeouts, false, null, false, UnaryOperator.identity(), (builder) -> {
						}, new ConnectionPools(4, 8, -1)))) {
			// Fill the request pool with requests the server never answers.
			int poolSize = transport.settings().pools().requests();
			for (int i = 0; i < poolSize; i++) {
				hanging.add(transport.webClient().get().uri("/hang/" + i).retrieve().toBodilessEntity().subscribe());
			}
			assertThat(server.awaitConnections(poolSize)).as("every pooled connection in use").isTrue();
			assertThatExceptionOfType(WebClientRequestException.class)
				.isThrownBy(() -> TestCluster.get(transport, "/version"))
				.satisfies((ex) -> {
					// Reactor Netty shades reactor-pool, so its exception type is matched by name.
					assertThat(ex.getCause().getClass().getSimpleName()).isEqualTo("PoolAcquireTimeoutException");
					assertThat(ex.getCause()).hasMessageContaining("300ms");
				});
			assertThat(server.connections()).as("no connection beyond the pool").isEqualTo(poolSize);
		}
		finally {
			hanging.dispose();
		}
	}

	private static TransportSettings settings(Timeouts timeouts) {
		return new TransportSettings(timeouts, false, null, false, UnaryOperator.identity(), (builder) -> {
		});
	}

	/** A loopback HTTP server that accepts every connection and never reads from it or answers. */
	private static final class SilentServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket();

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final Semaphore connections = new Semaphore(0);

		SilentServer() throws IOException {
			// A small receive buffer (inherited by accepted sockets) so that an unread body soon fills it.
			this.socket.setReceiveBufferSize(4096);
			this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
			Thread acceptor = new Thread(this::accept, "silent-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		private void accept() {
			try {
				while (true) {
					this.accepted.add(this.socket.accept());
					this.connections.release();
				}
			}
			catch (IOException ex) {
				// Closed.
			}
		}

		SingleConfig config() {
			return TestCluster.config(TestCluster.cluster("http://127.0.0.1:" + this.socket.getLocalPort(), null),
					User.ANONYMOUS);
		}

		boolean awaitConnections(int count) throws InterruptedException {
			if (!this.connections.tryAcquire(count, 30, TimeUnit.SECONDS)) {
				return false;
			}
			this.connections.release(count);
			return true;
		}

		int connections() {
			return this.accepted.size();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket connection : this.accepted) {
				connection.close();
			}
		}

	}

}
