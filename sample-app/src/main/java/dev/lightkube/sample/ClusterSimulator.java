package dev.lightkube.sample;

import dev.lightkube.KubeClient;
import dev.lightkube.ListIterable;
import dev.lightkube.ListOptions;
import dev.lightkube.PatchOptions;
import dev.lightkube.PatchType;
import dev.lightkube.Selector;
import dev.lightkube.resource.SubResource;
import dev.lightkube.test.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Seeds the embedded server's namespace with a Deployment's worth of pods, their logs and a few config maps, then
 * changes them one step at a time (a pod restarted, a pending pod running, a config map updated) so the listeners
 * have live events to show.
 */
public class ClusterSimulator {

	/** The pods the simulator restarts in turn; all labelled {@code app=web}. */
	static final List<String> WEB_PODS = List.of("web-0", "web-1", "web-2", "web-3");

	private static final Logger logger = LoggerFactory.getLogger(ClusterSimulator.class);

	private final KubeClient client;

	private final KubeApiServer server;

	private int steps;

	/** A simulator writing through {@code client} to {@code server}. */
	public ClusterSimulator(KubeClient client, KubeApiServer server) {
		this.client = client;
		this.server = server;
	}

	/** Creates the namespace, pods (one still pending), their logs and config maps (two labelled app=web). */
	public void seed() {
		this.client.create(new NamespaceBuilder().withNewMetadata().withName(namespace()).endMetadata().build());
		for (String name : WEB_PODS) {
			createPod(name, "web", "web-3".equals(name) ? null : "Running");
		}
		createPod("db-0", "db", "Running");
		this.client.create(configMap("web-settings", "web", Map.of("greeting", "hello", "replicas", "4")));
		this.client.create(configMap("web-flags", "web", Map.of("new-checkout", "false")));
		this.client.create(configMap("db-settings", "db", Map.of("max-connections", "100")));
		this.client.create(configMap("cluster-info", null, Map.of("region", "local")));
	}

	/** One change, in turn: restart a web pod, let pending pods run, update a config map. */
	@Scheduled(initialDelayString = "${sample.simulator.interval:5s}",
			fixedDelayString = "${sample.simulator.interval:5s}")
	public synchronized void step() {
		int step = this.steps++;
		try {
			switch (step % 3) {
				case 0 -> restart(WEB_PODS.get((step / 3) % WEB_PODS.size()));
				case 1 -> runPendingPods();
				default -> updateConfigMap(step / 3 + 1);
			}
		}
		catch (RuntimeException ex) {
			// The simulator is decoration: a failed step must not stop the next one.
			logger.warn("Simulator step failed: {}", ex.toString());
		}
	}

	private void restart(String name) {
		logger.info("simulator: deleting pod {} (it comes back as Pending)", name);
		this.client.delete(Pod.class, name);
		createPod(name, "web", null);
	}

	private void runPendingPods() {
		ListOptions pending = ListOptions.defaults().withFields(Selector.of("status.phase", "Pending"));
		List<String> names = new ArrayList<>();
		try (ListIterable<Pod> pods = this.client.list(Pod.class, pending)) {
			pods.forEach((pod) -> names.add(pod.getMetadata().getName()));
		}
		for (String name : names) {
			logger.info("simulator: pod {} is now Running", name);
			setPhase(name, "Running");
			this.server.podLog(namespace(), name).append(now() + " ready to serve on :8080");
		}
	}

	private void updateConfigMap(int revision) {
		logger.info("simulator: updating config map web-settings (revision {})", revision);
		this.client.patch(ConfigMap.class, "web-settings",
				Map.of("data", Map.of("revision", Integer.toString(revision))), PatchOptions.of(PatchType.MERGE));
	}

	private void createPod(String name, String app, @Nullable String phase) {
		this.client.create(new PodBuilder().withNewMetadata()
			.withName(name)
			.addToLabels("app", app)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName(app)
			.withImage(("web".equals(app)) ? "nginx:1.27" : "postgres:17")
			.endContainer()
			.endSpec()
			.build());
		// Pods start Pending (the server sets it); the phase is status, written through the status sub-resource.
		if (phase != null) {
			setPhase(name, phase);
		}
		this.server.podLog(namespace(), name)
			.append(now() + " starting " + name, now() + " listening on :" + (("web".equals(app)) ? 8080 : 5432));
	}

	private void setPhase(String name, String phase) {
		this.client.patch(SubResource.status(Pod.class), name, Map.of("status", Map.of("phase", phase)),
				PatchOptions.of(PatchType.MERGE));
	}

	private static ConfigMap configMap(String name, @Nullable String app,
			Map<String, String> data) {
		ConfigMapBuilder builder = new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data);
		if (app != null) {
			builder.editMetadata().addToLabels("app", app).endMetadata();
		}
		return builder.build();
	}

	private String namespace() {
		return this.client.namespace();
	}

	private static String now() {
		return Instant.now().toString();
	}

}
