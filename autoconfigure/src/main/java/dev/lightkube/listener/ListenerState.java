package dev.lightkube.listener;

/** Where a {@code @KubeWatch} listener is in its life. */
public enum ListenerState {

	/** Created, not started (or stopped). */
	STOPPED,

	/** Listing the existing objects. */
	STARTING,

	/** Listed; watching for changes. */
	WATCHING,

	/** The watch or list failed; trying again after a back-off. */
	RECONNECTING,

	/** Stopped by an error it cannot recover from; see the health details. */
	FAILED

}
