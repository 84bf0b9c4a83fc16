package dev.lightkube.election;

import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.leader.LeaderCallbacks;
import dev.lightkube.leader.LeaderElectionConfig;
import dev.lightkube.leader.LeaderElector;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * This application's part in a leader election: answers whether this replica leads and who does, runs the
 * {@link LeaderElector} with the application context, calls the {@link LeaderCallbacks} beans (such as the one that
 * starts leader-only {@code @KubeWatch} listeners) and publishes {@link LeadershipGrantedEvent} and
 * {@link LeadershipRevokedEvent} once the context has been refreshed.
 *
 * <p>Its lifecycle phase is just after the listener registry's: it starts campaigning once the listeners are
 * registered, and on shutdown it stops first, so leader-only listeners stop (finishing the event in hand), then the
 * lease is released, then the other listeners stop and, last, the client closes.
 */
public class KubeLeaderElection implements SmartLifecycle, ApplicationEventPublisherAware, ApplicationContextAware,
		ApplicationListener<ContextRefreshedEvent> {

	/** One after the listener registry's phase: starts after it, stops before it. */
	public static final int PHASE = KubeWatchListenerRegistry.PHASE + 1;

	private static final Logger logger = LoggerFactory.getLogger(KubeLeaderElection.class);

	private final ReactiveKubeClient client;

	private final LeaderElectionConfig config;

	private final List<LeaderCallbacks> callbacks;

	private final Object lock = new Object();

	private LeaderElector elector;

	private boolean used;

	private volatile boolean running;

	private @Nullable ApplicationEventPublisher publisher;

	private @Nullable ApplicationContext context;

	private boolean refreshed;

	private boolean publishedLeading;

	/**
	 * @param client the client that reads and writes the lease
	 * @param config the lease, identity and durations
	 * @param callbacks told when leadership starts (in order) and stops (in reverse order)
	 */
	public KubeLeaderElection(ReactiveKubeClient client, LeaderElectionConfig config, List<LeaderCallbacks> callbacks) {
		this.client = client;
		this.config = config;
		this.callbacks = List.copyOf(callbacks);
		this.elector = newElector();
	}

	private LeaderElector newElector() {
		return new LeaderElector(this.client, this.config, new Callbacks());
	}

	/** Whether this replica leads now. */
	public boolean isLeader() {
		return currentElector().isLeader();
	}

	/** The lease's holder as this replica last read it; empty when nobody holds it. */
	public Optional<String> getLeader() {
		return currentElector().leader();
	}

	/** This replica's identity. */
	public String getIdentity() {
		return this.config.identity();
	}

	/** The lease, as {@code namespace/name}. */
	public String getLease() {
		return currentElector().namespace() + "/" + this.config.leaseName();
	}

	/** The settings in use. */
	public LeaderElectionConfig getConfig() {
		return this.config;
	}

	/** Time since this replica last acquired or renewed the lease; empty if it never did. */
	public Optional<Duration> getTimeSinceLastRenew() {
		return currentElector().sinceLastRenew();
	}

	/** Health details: lease, holder, identity, leading, time since last renewal. */
	public Map<String, Object> describe() {
		LeaderElector current = currentElector();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("lease", getLease());
		details.put("identity", getIdentity());
		details.put("holder", current.leader().orElse(""));
		details.put("leading", current.isLeader());
		current.sinceLastRenew().ifPresent((since) -> details.put("timeSinceLastRenew", since.toString()));
		return details;
	}

	private LeaderElector currentElector() {
		synchronized (this.lock) {
			return this.elector;
		}
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (this.context != null && event.getApplicationContext() != this.context) {
			return;
		}
		synchronized (this.lock) {
			this.refreshed = true;
		}
		// Leadership may have come before listeners of the events existed: tell them now.
		publish(isLeader());
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (this.running) {
				return;
			}
			if (this.used) {
				this.elector = newElector();
			}
			this.used = true;
			this.running = true;
			this.elector.start();
		}
	}

	@Override
	public void stop() {
		LeaderElector current;
		synchronized (this.lock) {
			if (!this.running) {
				return;
			}
			this.running = false;
			current = this.elector;
		}
		// Stops leading (leader-only listeners finish their event and stop), then releases the lease.
		current.close();
	}

	@Override
	public void stop(Runnable callback) {
		CompletableFuture.runAsync(this::stop).whenComplete((result, failure) -> callback.run());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void publish(boolean leading) {
		synchronized (this.lock) {
			if (!this.refreshed || this.publisher == null || leading == this.publishedLeading) {
				return;
			}
			this.publishedLeading = leading;
			LeaderElectionEvent event = leading ? new LeadershipGrantedEvent(this, getLease(), getIdentity())
					: new LeadershipRevokedEvent(this, getLease(), getIdentity());
			try {
				this.publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				logger.error("A listener of {} failed", event, ex);
			}
		}
	}

	@Override
	public String toString() {
		return "KubeLeaderElection[lease=" + getLease() + ", identity=" + getIdentity() + ", leading=" + isLeader()
				+ "]";
	}

	/** Calls every callback bean, then publishes the application event. */
	private final class Callbacks implements LeaderCallbacks {

		@Override
		public void startedLeading() {
			for (LeaderCallbacks callback : KubeLeaderElection.this.callbacks) {
				try {
					callback.startedLeading();
				}
				catch (RuntimeException ex) {
					logger.error("startedLeading of {} failed", callback, ex);
				}
			}
			publish(true);
		}

		@Override
		public void stoppedLeading() {
			List<LeaderCallbacks> reversed = new ArrayList<>(KubeLeaderElection.this.callbacks);
			Collections.reverse(reversed);
			for (LeaderCallbacks callback : reversed) {
				try {
					callback.stoppedLeading();
				}
				catch (RuntimeException ex) {
					// The others must stop too.
					logger.error("stoppedLeading of {} failed", callback, ex);
				}
			}
			publish(false);
		}

		@Override
		public void newLeader(String identity) {
			for (LeaderCallbacks callback : KubeLeaderElection.this.callbacks) {
				callback.newLeader(identity);
			}
		}

	}

}
