package dev.lightkube.sample;

import dev.lightkube.config.ConfigException;
import dev.lightkube.config.KubeConfig;
import dev.lightkube.config.SingleConfig;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Prints at start-up which cluster configuration was found (source, context, server, namespace, kind of
 * credentials), never a secret. Finding none is not an error: the sample keeps going.
 */
public class ClusterConfigReport implements ApplicationRunner {

	private final Supplier<KubeConfig> configSource;

	private final PrintStream out;

	/** Reports on {@code configSource} (such as {@code KubeConfig::fromEnv}) to {@code out}. */
	public ClusterConfigReport(Supplier<KubeConfig> configSource, PrintStream out) {
		this.configSource = configSource;
		this.out = out;
	}

	@Override
	public void run(ApplicationArguments args) {
		KubeConfig config;
		try {
			config = this.configSource.get();
		}
		catch (ConfigException ex) {
			this.out.println("No Kubernetes cluster configuration found; the sample goes on without a cluster.");
			this.out.println("  " + ex.getMessage());
			return;
		}
		try {
			SingleConfig single = config.get();
			this.out.println("Kubernetes cluster configuration found:");
			this.out.println("  source:      " + ((single.source() != null) ? single.source() : config.sources()));
			this.out.println("  context:     " + single.contextName());
			this.out.println("  server:      " + withoutUserInfo(single.cluster().server()));
			this.out.println("  namespace:   " + single.namespace());
			this.out.println("  credentials: " + credentials(single));
		}
		catch (ConfigException ex) {
			// The message names file, context and field, and holds no secret.
			this.out.println("Kubernetes cluster configuration found in " + config.sources() + " but it cannot be used:");
			this.out.println("  " + ex.getMessage());
		}
	}

	private static String credentials(SingleConfig config) {
		if (config.user().credentialKinds().isEmpty()) {
			return "none (anonymous)";
		}
		return config.user()
			.credentialKinds()
			.stream()
			.map((kind) -> kind.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

	private static String withoutUserInfo(String server) {
		try {
			URI uri = URI.create(server);
			return (uri.getRawUserInfo() != null) ? server.replace(uri.getRawUserInfo() + "@", "") : server;
		}
		catch (IllegalArgumentException ex) {
			return server;
		}
	}

}
