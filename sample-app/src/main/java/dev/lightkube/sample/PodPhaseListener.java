package dev.lightkube.sample;

import dev.lightkube.EventType;
import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Watches the pods of the client's namespace and keeps how many are in each phase. */
@Component
public class PodPhaseListener {

	private static final Logger logger = LoggerFactory.getLogger(PodPhaseListener.class);

	/** Phase by pod name. */
	private final Map<String, String> phases = new ConcurrentHashMap<>();

	/** Called for each pod event, one at a time, on the listener's own thread. */
	@KubeWatch(Pod.class)
	public void onPod(WatchEvent<Pod> event) {
		Pod pod = event.object();
		String name = pod.getMetadata().getName();
		String phase = phase(pod);
		if (event.type() == EventType.DELETED) {
			this.phases.remove(name);
		}
		else {
			this.phases.put(name, phase);
		}
		logger.info("pod {} {} phase={} -> {}", event.type(), name, phase, counts());
	}

	/** The number of pods in each phase, by phase name. */
	public Map<String, Long> counts() {
		return this.phases.values()
			.stream()
			.collect(Collectors.groupingBy((phase) -> phase, TreeMap::new, Collectors.counting()));
	}

	private static String phase(Pod pod) {
		String phase = (pod.getStatus() != null) ? pod.getStatus().getPhase() : null;
		return (phase != null) ? phase : "Unknown";
	}

}
