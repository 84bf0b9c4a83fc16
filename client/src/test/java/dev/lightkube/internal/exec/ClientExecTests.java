package dev.lightkube.internal.exec;

import static dev.lightkube.internal.exec.ChannelProtocolServer.SUCCESS;
import static dev.lightkube.internal.exec.ChannelProtocolServer.exitStatus;
import static dev.lightkube.internal.exec.ChannelProtocolServer.frame;
import static dev.lightkube.internal.exec.ChannelProtocolServer.output;
import static dev.lightkube.internal.exec.ExecSession.ERROR;
import static dev.lightkube.internal.exec.ExecSession.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.ExecException;
import dev.lightkube.ExecOptions;
import dev.lightkube.ExecResponse;
import dev.lightkube.KubeClient;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.User;
import org.junit.jupiter.api.Test;

/** exec through the public client: the pod's path from the namespace rules, the credentials, the answer. */
class ClientExecTests {

	@Test
	void execRunsInThePodOfTheClientsNamespaceWithTheClientsCredentials() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v5(output(frame(STDOUT, "hi\n"), frame(ERROR, SUCCESS)));
				KubeClient client = client(server)) {
			ExecResponse response = client.exec("web-0", ExecOptions.of("echo", "hi"));
			assertThat(response.stdout()).isEqualTo("hi\n");
			assertThat(response.exitCode()).isZero();
			assertThat(server.requestUri())
				.startsWith("/api/v1/namespaces/team/pods/web-0/exec?command=echo&command=hi");
			assertThat(server.requestHeaders()).containsEntry("authorization", "Bearer exec-token");
		}
	}

	@Test
	void execInAnotherNamespaceReportsANonZeroExitCode() {
		try (ChannelProtocolServer server = ChannelProtocolServer.v4Only(output(frame(ERROR, exitStatus(3))));
				KubeClient client = client(server)) {
			assertThatExceptionOfType(ExecException.class)
				.isThrownBy(() -> client.exec("db-0", ExecOptions.inNamespace("data").withCommand("false")));
			ExecResponse response = client.exec("db-0",
					ExecOptions.of("false").withRaiseOnError(false).withNamespace("data"));
			assertThat(response.exitCode()).isEqualTo(3);
			assertThat(server.requestUri()).startsWith("/api/v1/namespaces/data/pods/db-0/exec?command=false");
		}
	}

	private static KubeClient client(ChannelProtocolServer server) {
		return KubeClient.builder()
			.config(KubeConfig.fromServer(Cluster.of(server.baseUri().toString()), User.ofToken("exec-token"), "team"))
			.build();
	}

}
