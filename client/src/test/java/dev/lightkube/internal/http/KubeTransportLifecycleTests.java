package dev.lightkube.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.Timeouts;
import dev.lightkube.config.User;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * The transport checks its configuration when created and builds its connection pool and clients on first use.
 */
class KubeTransportLifecycleTests {

	private final AtomicInteger built = new AtomicInteger();

	private final TransportSettings settings = new TransportSettings(Timeouts.DEFAULT, false, null, false,
			counting(this.built), (builder) -> {
			});

	private static UnaryOperator<HttpClient> counting(AtomicInteger built) {
		return (client) -> {
			built.incrementAndGet();
			return client;
		};
	}

	private KubeTransport plainTransport() {
		return KubeTransport.create(TestCluster.config(Cluster.of("http://127.0.0.1:6443"), User.ANONYMOUS),
				this.settings);
	}

	@Test
	void clientsAreBuiltOnFirstUseOnlyOnce() {
		try (KubeTransport transport = plainTransport()) {
			assertThat(this.built).hasValue(0);
			assertThat(transport.webClient()).isSameAs(transport.webClient());
			assertThat(transport.streamWebClient()).isSameAs(transport.streamWebClient());
			assertThat(transport.httpClient()).isSameAs(transport.httpClient());
			// one client per pool: requests and streams
			assertThat(this.built).hasValue(2);
		}
	}

	@Test
	void eachPoolIsBuiltOnItsOwnFirstUse() {
		try (KubeTransport transport = plainTransport()) {
			transport.webClient();
			// a first ordinary request does not build the stream pool's client
			assertThat(this.built).hasValue(1);
			transport.streamWebClient();
			assertThat(this.built).hasValue(2);
			// plain HTTP: WebSockets use the stream pool's own client
			transport.httpClient();
			assertThat(this.built).hasValue(2);
		}
		try (KubeTransport transport = plainTransport()) {
			transport.streamWebClient();
			// a first stream does not build the request pool's client
			assertThat(this.built).hasValue(3);
		}
	}

	@Test
	void overTlsWithHttp2TheHttp11ClientForWebSocketsIsBuiltOnlyWhenAsked() {
		TransportSettings http2 = new TransportSettings(Timeouts.DEFAULT, false, null, true, counting(this.built),
				(builder) -> {
				});
		byte[] ca = TestPki.bytes(new TestPki("lifecycle-ca").ca().certificatePem());
		try (KubeTransport transport = KubeTransport.create(
				TestCluster.config(TestCluster.cluster("https://127.0.0.1:6443", ca), User.ANONYMOUS), http2)) {
			transport.streamWebClient();
			assertThat(this.built).hasValue(1);
			assertThat(transport.httpClient()).isSameAs(transport.httpClient());
			assertThat(this.built).hasValue(2);
			transport.webClient();
			assertThat(this.built).hasValue(3);
		}
	}

	@Test
	void closingWithOnlyOneSideBuiltRefusesBoth() {
		KubeTransport transport = plainTransport();
		transport.webClient();
		transport.close();
		assertThatExceptionOfType(ClientClosedException.class).isThrownBy(transport::streamWebClient);
		assertThatExceptionOfType(ClientClosedException.class).isThrownBy(transport::webClient);
		assertThat(this.built).hasValue(1);
	}

	@Test
	void aClosedTransportRefusesNewRequestsWithAClearMessage() {
		KubeTransport transport = plainTransport();
		transport.close();
		assertThatExceptionOfType(ClientClosedException.class).isThrownBy(transport::webClient)
			.withMessage("this client is closed");
		assertThat(this.built).hasValue(0);
	}

	@Test
	void closingAfterUseReleasesThePoolAndRefusesMore() {
		KubeTransport transport = plainTransport();
		transport.webClient();
		transport.close();
		transport.close();
		assertThatExceptionOfType(ClientClosedException.class).isThrownBy(transport::httpClient);
	}

	@Test
	void aBadCertificateFailsWhenTheTransportIsCreatedNotOnTheFirstRequest() {
		Cluster cluster = TestCluster.cluster("https://127.0.0.1:6443", "not a certificate".getBytes());
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> KubeTransport.create(TestCluster.config(cluster, User.ANONYMOUS), this.settings));
		assertThat(this.built).hasValue(0);
	}

}
