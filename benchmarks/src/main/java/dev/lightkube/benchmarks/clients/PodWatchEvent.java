package dev.lightkube.benchmarks.clients;

import io.fabric8.kubernetes.api.model.Pod;
import org.jspecify.annotations.Nullable;

/**
 * A watch event line decoded straight into the fabric8 model: what the floors decode per event.
 */
public final class PodWatchEvent {

	/** ADDED, MODIFIED, DELETED, BOOKMARK or ERROR. */
	public @Nullable String type;

	/** The pod the event is about. */
	public @Nullable Pod object;

}
