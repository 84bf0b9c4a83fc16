package dev.lightkube.leader;

/**
 * What a {@link LeaderElector} tells the application. Called on the elector's own thread, one at a time and in order;
 * keep them quick (start work on another thread): renewing the lease waits for them.
 */
public interface LeaderCallbacks {

	/** Tells nothing. */
	LeaderCallbacks NONE = new LeaderCallbacks() {
	};

	/** This replica now holds the lease: start the work only one replica may do. */
	default void startedLeading() {
	}

	/**
	 * This replica no longer leads (it could not renew in time, saw another holder, or is stopping): stop the work
	 * before returning. Called before any other replica can acquire the lease.
	 */
	default void stoppedLeading() {
	}

	/**
	 * The lease's holder changed, as this replica saw it: {@code identity} is the new holder, or the empty string when
	 * the lease was released and nobody holds it. Also called with this replica's own identity when it acquires.
	 */
	default void newLeader(String identity) {
	}

}
