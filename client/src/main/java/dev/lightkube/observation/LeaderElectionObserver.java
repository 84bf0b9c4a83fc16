package dev.lightkube.observation;

/**
 * Told what a leader elector does, to count it. Called on the elector's thread; implementations must be quick and
 * thread-safe. {@link #NOOP} by default. The lease requests themselves are observed as every other request.
 */
public interface LeaderElectionObserver {

	/** Observes nothing. */
	LeaderElectionObserver NOOP = new LeaderElectionObserver() {
	};

	/** This replica started ({@code true}) or stopped ({@code false}) leading for the lease {@code lease}. */
	default void leadershipChanged(String lease, boolean leading) {
	}

	/**
	 * One attempt to acquire or renew the lease ended; {@code outcome} is low-cardinality: {@code acquired},
	 * {@code renewed}, {@code held} (another replica holds it), {@code conflict} (409: another replica wrote it first),
	 * {@code timeout} or {@code error}.
	 */
	default void attempted(String lease, String outcome) {
	}

}
