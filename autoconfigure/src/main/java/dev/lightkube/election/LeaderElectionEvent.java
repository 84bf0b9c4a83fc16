package dev.lightkube.election;

import org.springframework.context.ApplicationEvent;

/**
 * This replica's leadership of a lease changed. Published on the elector's thread, only once the application context
 * has been refreshed; a listener must return quickly (renewing the lease waits for it).
 */
public abstract class LeaderElectionEvent extends ApplicationEvent {

	private final String lease;

	private final String identity;

	LeaderElectionEvent(KubeLeaderElection source, String lease, String identity) {
		super(source);
		this.lease = lease;
		this.identity = identity;
	}

	/** The lease, as {@code namespace/name}. */
	public String getLease() {
		return this.lease;
	}

	/** This replica's identity. */
	public String getIdentity() {
		return this.identity;
	}

	@Override
	public KubeLeaderElection getSource() {
		return (KubeLeaderElection) super.getSource();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[lease=" + this.lease + ", identity=" + this.identity + "]";
	}

}
