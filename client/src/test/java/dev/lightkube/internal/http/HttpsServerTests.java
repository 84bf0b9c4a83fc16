package dev.lightkube.internal.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests against two WireMock HTTPS servers: a plain one and one that requires client certificates. */
abstract class HttpsServerTests {

	@TempDir
	static Path serverDir;

	static TestCluster.Servers servers;

	static TestPki pki;

	static WireMockServer server;

	static WireMockServer mutualTlsServer;

	@BeforeAll
	static void startServers() {
		servers = TestCluster.Servers.start(serverDir, "test-ca");
		pki = servers.pki();
		server = servers.server();
		mutualTlsServer = servers.mutualTls();
	}

	@AfterAll
	static void stopServers() {
		servers.stop();
	}

	@BeforeEach
	void resetServers() {
		servers.reset();
	}

}
