package dev.lightkube.sample;

import dev.lightkube.KubeClient;
import dev.lightkube.autoconfigure.KubeConnectionDetails;
import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import dev.lightkube.config.User;
import dev.lightkube.test.KubeApiServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Zero set-up: when no cluster is configured (no {@code lightkube.server}, no {@code lightkube.kubeconfig}, no
 * in-cluster service account, {@code KUBECONFIG} or {@code ~/.kube/config}), the sample runs on an in-memory API
 * server with a seeded namespace and a simulator that keeps changing it. {@code sample.embedded=true|false}
 * overrides the detection.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedCluster.NoClusterConfigured.class)
public class EmbeddedCluster {

	/** The namespace the client uses on the embedded server unless {@code lightkube.namespace} says otherwise. */
	public static final String NAMESPACE = "demo";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedCluster.class);

	/** The in-memory API server, stopped on shutdown. */
	@Bean(destroyMethod = "close")
	KubeApiServer kubeApiServer() {
		return KubeApiServer.start();
	}

	/** Points the auto-configured client at the embedded server (the starter backs off its own). */
	@Bean
	KubeConnectionDetails kubeConnectionDetails(KubeApiServer server) {
		SingleConfig config = KubeConfig.fromServer(Cluster.of(server.url()), User.ANONYMOUS, NAMESPACE).get();
		return () -> config;
	}

	/** Says where the sample runs, then seeds the namespace before the listeners start. */
	@Bean
	ClusterSimulator clusterSimulator(KubeClient client, KubeApiServer server) {
		logger.info("No Kubernetes cluster configured: running on an embedded in-memory API server at {} "
				+ "(namespace '{}', simulated changes). To use a real cluster: --lightkube.kubeconfig=<file> "
				+ "or set KUBECONFIG.", server.url(), client.namespace());
		ClusterSimulator simulator = new ClusterSimulator(client, server);
		simulator.seed();
		return simulator;
	}

	/** Runs the simulator every {@code sample.simulator.interval} (default 5s); off with {@code enabled=false}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "sample.simulator.enabled", matchIfMissing = true)
	@EnableScheduling
	static class Simulation {

	}

	/** Matches when no cluster is configured. */
	static class NoClusterConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			String forced = environment.getProperty("sample.embedded");
			if (forced != null && !forced.isBlank()) {
				boolean embedded = Boolean.parseBoolean(forced.strip());
				return new ConditionOutcome(embedded, "sample.embedded=" + embedded);
			}
			if (environment.getProperty("lightkube.server") != null) {
				return ConditionOutcome.noMatch("lightkube.server is set");
			}
			Binder binder = Binder.get(environment);
			if (!binder.bind("lightkube.kubeconfig", Bindable.listOf(String.class)).orElse(List.of()).isEmpty()) {
				return ConditionOutcome.noMatch("lightkube.kubeconfig is set");
			}
			boolean trustEnv = binder.bind("lightkube.trust-env", Boolean.class).orElse(true);
			try {
				KubeConfig.fromEnv(trustEnv);
				return ConditionOutcome.noMatch("a kubeconfig or in-cluster configuration was found");
			}
			catch (ConfigException ex) {
				// A kubeconfig that is there but broken is a configured cluster: the start-up fails and says why.
				boolean none = String.valueOf(ex.getMessage()).startsWith("No Kubernetes configuration found");
				return new ConditionOutcome(none, ex.getMessage());
			}
		}

	}

	/** The opposite: a cluster is configured. */
	static class ClusterConfigured extends SpringBootCondition {

		private final NoClusterConfigured none = new NoClusterConfigured();

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionOutcome outcome = this.none.getMatchOutcome(context, metadata);
			return new ConditionOutcome(!outcome.isMatch(), outcome.getConditionMessage());
		}

	}

}
