package dev.lightkube.sample;

import dev.lightkube.config.KubeConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The lightkube sample application. */
@SpringBootApplication
public class SampleApplication {

	/** Says at start-up which cluster the sample would talk to. */
	@Bean
	ClusterConfigReport clusterConfigReport() {
		return new ClusterConfigReport(KubeConfig::fromEnv, System.out);
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
