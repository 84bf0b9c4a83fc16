package dev.lightkube.listener;

import dev.lightkube.EventType;
import java.util.function.IntSupplier;

/** Counts what listeners do; {@link #NOOP} without a meter registry. */
public interface ListenerMetrics {

	/** Counts nothing. */
	ListenerMetrics NOOP = new ListenerMetrics() {
	};

	/** A listener was created; {@code queueSize} tells how many events wait for it. */
	default void registered(String listenerId, IntSupplier queueSize) {
	}

	/** The listener was removed (its bean was destroyed): its meters may go. */
	default void unregistered(String listenerId) {
	}

	/** The listener method returned after {@code nanos}. */
	default void delivered(String listenerId, EventType type, long nanos) {
	}

	/** The listener method threw. */
	default void failed(String listenerId, EventType type) {
	}

	/** The list or watch of the listener's shared informer failed and is tried again (each listener counts it). */
	default void restarted(String listenerId) {
	}

	/** The shared informer lists again after an expired resource version (each listener counts it). */
	default void relisted(String listenerId) {
	}

}
