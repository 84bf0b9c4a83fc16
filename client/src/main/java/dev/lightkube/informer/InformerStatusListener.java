package dev.lightkube.informer;

/**
 * Hears how a {@link SharedInformer}'s list and watch are doing, for health: the {@code @KubeWatch} listener
 * containers turn it into each listener's state. Register with {@link SharedInformer#addStatusListener}.
 *
 * <p>Called on the informer's own threads while it lists and watches: return quickly and do not block.
 */
public interface InformerStatusListener {

	/**
	 * A list or the watch failed; the informer tries again by itself (the watch from its newest version, a list
	 * with back-off). A {@code 410 Gone} comes here too ({@code FailurePolicy}'s "gone": the informer lists again).
	 * @param failure what failed
	 */
	default void onFailure(Throwable failure) {
	}

	/**
	 * The informer is current: a list completed, or the watch delivered a new version (an event or a bookmark)
	 * after being opened or resumed. Called after each list and once per watch stream, so also after a failure.
	 */
	default void onHealthy() {
	}

	/**
	 * The informer stopped for good (its client was closed, or its transform failed): no change follows.
	 * @param failure why
	 */
	default void onStopped(Throwable failure) {
	}

}
