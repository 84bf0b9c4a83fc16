package dev.lightkube.listener;

/**
 * Makes the thread on which a {@code @KubeWatch} listener's method runs: one thread per running listener, so that its
 * events are delivered one at a time, in order, and the method may block. Define a bean of this type to choose the
 * threads; with {@code spring.threads.virtual.enabled=true} on Java 21 or later they are virtual threads.
 */
@FunctionalInterface
public interface ListenerThreadFactory {

	/** Platform daemon threads named {@code kube-watch-<listener id>}. */
	ListenerThreadFactory PLATFORM = (listenerId, task) -> {
		Thread thread = new Thread(task, "kube-watch-" + listenerId);
		thread.setDaemon(true);
		return thread;
	};

	/**
	 * A new, not yet started thread for the listener.
	 * @param listenerId the listener's id, for the thread's name
	 * @param task what the thread runs
	 * @return the thread
	 */
	Thread newThread(String listenerId, Runnable task);

}
