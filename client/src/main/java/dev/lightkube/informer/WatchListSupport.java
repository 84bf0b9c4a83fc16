package dev.lightkube.informer;

/**
 * Whether the server of a {@link SharedInformerFactory} speaks WatchList, as its informers found out: assumed until
 * one of them is refused, then remembered, so that every informer of the factory lists then watches from then on.
 */
final class WatchListSupport {

	private volatile boolean refused;

	/** Whether informers should still try WatchList. */
	boolean supported() {
		return !this.refused;
	}

	/** An informer found that the server does not speak WatchList. */
	void refused() {
		this.refused = true;
	}

}
