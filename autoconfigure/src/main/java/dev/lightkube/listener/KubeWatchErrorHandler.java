package dev.lightkube.listener;

import dev.lightkube.WatchEvent;

/**
 * Handles an exception thrown by a {@code @KubeWatch} method. Named on the annotation by bean name; the default logs
 * (without the object's content) and counts. Delivery of the next events goes on either way.
 */
@FunctionalInterface
public interface KubeWatchErrorHandler {

	/**
	 * @param listenerId the listener's id
	 * @param event the event whose delivery failed
	 * @param exception what the method threw
	 */
	void handle(String listenerId, WatchEvent<?> event, Throwable exception);

}
