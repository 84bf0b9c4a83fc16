package dev.lightkube.election;

/**
 * This replica stopped leading (it could not renew the lease in time, saw another holder, or is shutting down):
 * leader-only listeners have been stopped already.
 */
public class LeadershipRevokedEvent extends LeaderElectionEvent {

	/**
	 * @param source the election
	 * @param lease the lease, as {@code namespace/name}
	 * @param identity this replica's identity
	 */
	public LeadershipRevokedEvent(KubeLeaderElection source, String lease, String identity) {
		super(source, lease, identity);
	}

}
