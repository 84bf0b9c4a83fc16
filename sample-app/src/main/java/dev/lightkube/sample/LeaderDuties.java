package dev.lightkube.sample;

import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.election.KubeLeaderElection;
import dev.lightkube.election.LeadershipGrantedEvent;
import dev.lightkube.election.LeadershipRevokedEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Work done once per cluster: with several replicas ({@code lightkube.leader-election.enabled=true}), only the
 * leader's {@link #onPod} runs. {@code GET /leader} shows who leads.
 */
@RestController
public class LeaderDuties {

	private static final Logger logger = LoggerFactory.getLogger(LeaderDuties.class);

	private final ObjectProvider<KubeLeaderElection> election;

	private final AtomicLong podEvents = new AtomicLong();

	public LeaderDuties(ObjectProvider<KubeLeaderElection> election) {
		this.election = election;
	}

	/** Runs on the leader only; stops, finishing the event in hand, when this replica stops leading. */
	@KubeWatch(value = Pod.class, id = "leader-pods", leaderOnly = "${lightkube.leader-election.enabled:false}")
	public void onPod(Pod pod) {
		this.podEvents.incrementAndGet();
		logger.debug("as the leader: pod {}", pod.getMetadata().getName());
	}

	@EventListener
	public void granted(LeadershipGrantedEvent event) {
		logger.info("This replica ({}) now leads {}", event.getIdentity(), event.getLease());
	}

	@EventListener
	public void revoked(LeadershipRevokedEvent event) {
		logger.info("This replica ({}) no longer leads {}", event.getIdentity(), event.getLease());
	}

	/** Who leads, and whether it is this replica. */
	@GetMapping("/leader")
	public Map<String, Object> leader() {
		Map<String, Object> answer = new LinkedHashMap<>();
		KubeLeaderElection current = this.election.getIfAvailable();
		answer.put("enabled", current != null);
		if (current != null) {
			answer.put("lease", current.getLease());
			answer.put("identity", current.getIdentity());
			answer.put("leader", current.getLeader().orElse(""));
			answer.put("leading", current.isLeader());
		}
		answer.put("leaderPodEvents", this.podEvents.get());
		return answer;
	}

}
