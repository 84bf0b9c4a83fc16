package dev.lightkube.sample;

import dev.lightkube.autoconfigure.LightkubeProperties;
import dev.lightkube.config.KubeConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/** The lightkube sample application. */
@SpringBootApplication
public class SampleApplication {

	/** Says at start-up which cluster the sample talks to (a real one; the embedded server says so itself). */
	@Bean
	@Conditional(EmbeddedCluster.ClusterConfigured.class)
	ClusterConfigReport clusterConfigReport(LightkubeProperties properties) {
		return new ClusterConfigReport(() -> configuredCluster(properties), System.out);
	}

	private static KubeConfig configuredCluster(LightkubeProperties properties) {
		if (properties.getServer() != null) {
			return KubeConfig.fromServer(properties.getServer());
		}
		return properties.getKubeconfig().isEmpty() ? KubeConfig.fromEnv(properties.isTrustEnv())
				: KubeConfig.fromFiles(properties.getKubeconfig());
	}

	/** Runs the sample; without a configured cluster, on the embedded API server. */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
