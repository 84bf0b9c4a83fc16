package dev.lightkube;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock server on loopback and clients talking to it (namespace {@code default} from the context).
 */
abstract class WireMockTestSupport {

	protected WireMockServer server;

	protected KubeClient client;

	@BeforeEach
	void startServer() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.client = builder().build();
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.stop();
	}

	protected KubeClientBuilder builder() {
		return KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(this.server.baseUrl()), User.ANONYMOUS, "default"))
			.maxRetries(2);
	}

}
