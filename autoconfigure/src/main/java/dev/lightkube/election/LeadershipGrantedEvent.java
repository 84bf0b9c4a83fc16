package dev.lightkube.election;

/** This replica became the leader: leader-only listeners have been started. */
public class LeadershipGrantedEvent extends LeaderElectionEvent {

	/**
	 * @param source the election
	 * @param lease the lease, as {@code namespace/name}
	 * @param identity this replica's identity
	 */
	public LeadershipGrantedEvent(KubeLeaderElection source, String lease, String identity) {
		super(source, lease, identity);
	}

}
