package dev.lightkube.leader;

import dev.lightkube.ApiException;
import dev.lightkube.KubeClient;
import dev.lightkube.ReactiveKubeClient;
import dev.lightkube.WriteOptions;
import dev.lightkube.observation.LeaderElectionObserver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Leader election over a {@code coordination.k8s.io/v1} {@code Lease}, with client-go's semantics
 * ({@code tools/leaderelection}, {@code LeaseLock}):
 * <ul>
 * <li>the lease is acquired and renewed by an update carrying the {@code resourceVersion} last read, so of two
 * replicas writing at once one gets 409 Conflict; an absent lease is created (and of two creators one gets 409);</li>
 * <li>a lease held by another replica is taken over only once this replica has seen it unchanged for the lease
 * duration, measured on its own monotonic clock from the moment it saw the lease change: the times written in the
 * lease by other machines are never compared with this one's, so skewed clocks do not matter;</li>
 * <li>the leader stops leading ({@link LeaderCallbacks#stoppedLeading()}) as soon as the renew deadline has passed
 * since the start of its last successful renewal, or when it reads the lease held by someone else. The renew deadline
 * is shorter than the lease duration, so it has stopped before any other replica may acquire;</li>
 * <li>stopping ({@link #close()}, {@link #stop()}) ends leadership first, then releases the lease (clears the holder,
 * client-go's {@code ReleaseOnCancel}) so another replica takes over at once.</li>
 * </ul>
 * The lease duration written into the lease is rounded up to whole seconds; candidates wait for the longer of that
 * and their own configured duration. The elector runs on one thread of its own; callbacks run on it.
 *
 * <pre>{@code
 * LeaderElector elector = new LeaderElector(client, LeaderElectionConfig.builder("my-app").build(), callbacks);
 * elector.start();      // campaigns in the background
 * ...
 * elector.close();      // stops leading, then releases the lease
 * }</pre>
 */
public final class LeaderElector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LeaderElector.class);

	private static final String WRITTEN = "written";

	private static final String HELD = "held";

	private final ReactiveKubeClient client;

	private final LeaderElectionConfig config;

	private final LeaderCallbacks callbacks;

	private final LeaderElectionObserver observer;

	private final String namespace;

	private final long leaseDurationNanos;

	private final long renewDeadlineNanos;

	private final long retryPeriodNanos;

	private final Sinks.Many<Boolean> leadership = Sinks.many().replay().latest();

	private final CountDownLatch stopSignal = new CountDownLatch(1);

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private final Object lifecycle = new Object();

	private @Nullable Thread thread;

	private volatile boolean stopping;

	private volatile boolean leading;

	private volatile String leader = "";

	/** Start of the last successful acquire or renew, on the monotonic clock; meaningful once {@link #renewed}. */
	private volatile long lastRenewNanos;

	private volatile boolean renewed;

	// Read and written by the elector's thread only.

	private @Nullable Lease observedLease;

	private @Nullable LeaseSpec observedSpec;

	private long observedNanos;

	private @Nullable String reportedLeader;

	/**
	 * An elector that has not started yet.
	 * @param client the client that reads and writes the lease
	 * @param config the lease, identity and durations
	 * @param callbacks told when leadership starts and stops and who leads
	 */
	public LeaderElector(ReactiveKubeClient client, LeaderElectionConfig config, LeaderCallbacks callbacks) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.callbacks = Objects.requireNonNull(callbacks, "callbacks must not be null");
		this.observer = config.observer();
		this.namespace = (config.namespace() != null) ? config.namespace() : client.namespace();
		this.leaseDurationNanos = config.leaseDuration().toNanos();
		this.renewDeadlineNanos = config.renewDeadline().toNanos();
		this.retryPeriodNanos = config.retryPeriod().toNanos();
		this.leadership.tryEmitNext(false);
	}

	/** An elector on the blocking client's reactive core. */
	public LeaderElector(KubeClient client, LeaderElectionConfig config, LeaderCallbacks callbacks) {
		this(Objects.requireNonNull(client, "client must not be null").reactive(), config, callbacks);
	}

	/** The settings. */
	public LeaderElectionConfig config() {
		return this.config;
	}

	/** This replica's identity. */
	public String identity() {
		return this.config.identity();
	}

	/** The namespace of the lease. */
	public String namespace() {
		return this.namespace;
	}

	/** Whether this replica leads now. */
	public boolean isLeader() {
		return this.leading;
	}

	/** The holder of the lease as this replica last read it; empty when nobody holds it or before the first read. */
	public Optional<String> leader() {
		return this.leader.isEmpty() ? Optional.empty() : Optional.of(this.leader);
	}

	/** The time since this replica last acquired or renewed the lease (since that request started); empty if never. */
	public Optional<Duration> sinceLastRenew() {
		if (!this.renewed) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofNanos(Math.max(0, now() - this.lastRenewNanos)));
	}

	/**
	 * Whether this replica leads: the current value first ({@code false} before it first leads), then each
	 * transition. Completes when the elector has stopped.
	 */
	public Flux<Boolean> leadership() {
		return this.leadership.asFlux();
	}

	/**
	 * Starts campaigning for the lease on a thread of the elector's own; returns at once.
	 * @throws IllegalStateException when already started or stopped
	 */
	public void start() {
		synchronized (this.lifecycle) {
			if (this.thread != null || this.stopping) {
				throw new IllegalStateException("Leader elector for lease '" + this.config.leaseName()
						+ "' was already " + (this.stopping ? "stopped" : "started"));
			}
			Thread runner = new Thread(this::loop, "lightkube-leader-" + this.config.leaseName());
			runner.setDaemon(true);
			this.thread = runner;
			runner.start();
		}
	}

	/**
	 * The blocking form: campaigns (and leads, when elected) until {@link #close()} is called from another thread or
	 * this thread is interrupted, which stops the elector as {@link #close()} does.
	 * @throws InterruptedException when interrupted (the elector has stopped by then)
	 */
	public void run() throws InterruptedException {
		start();
		try {
			this.terminated.get();
		}
		catch (InterruptedException ex) {
			close();
			throw ex;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * The reactive form of {@link #close()}: on subscription, stops leading and releases the lease (when
	 * {@link LeaderElectionConfig#releaseOnCancel()}); completes once that is done.
	 */
	public Mono<Void> stop() {
		return Mono.defer(() -> {
			signalStop();
			return Mono.fromFuture(this.terminated.copy());
		});
	}

	/**
	 * Stops: the leader first stops leading ({@link LeaderCallbacks#stoppedLeading()}), then releases the lease
	 * (when {@link LeaderElectionConfig#releaseOnCancel()}). Waits for a request in flight, so at most about twice the
	 * renew deadline when the API server does not answer. Called from a callback, it returns at once and the elector
	 * stops when the callback returns.
	 */
	@Override
	public void close() {
		signalStop();
		synchronized (this.lifecycle) {
			if (Thread.currentThread() == this.thread) {
				// Called from a callback: the loop ends (and releases) once the callback returns.
				return;
			}
		}
		this.terminated.join();
	}

	private void signalStop() {
		synchronized (this.lifecycle) {
			this.stopping = true;
			this.stopSignal.countDown();
			if (this.thread == null) {
				this.leadership.tryEmitComplete();
				this.terminated.complete(null);
			}
		}
	}

	private void loop() {
		try {
			while (!this.stopping) {
				if (this.leading && deadlinePassed()) {
					logger.warn("Lease {}/{}: not renewed within {}, stopping leading", this.namespace,
							this.config.leaseName(), this.config.renewDeadline());
					stopLeading();
				}
				long started = now();
				long deadline = started + (this.leading ? (this.lastRenewNanos + this.renewDeadlineNanos - started)
						: this.renewDeadlineNanos);
				String outcome = tryAcquireOrRenew(deadline);
				boolean acquired = outcome.equals(WRITTEN);
				if (acquired) {
					this.lastRenewNanos = started;
					this.renewed = true;
				}
				this.observer.attempted(this.config.leaseName(),
						acquired ? (this.leading ? "renewed" : "acquired") : outcome);
				if (this.leading && (!acquired && (deadlinePassed() || heldByOther()))) {
					stopLeading();
				}
				reportLeader();
				if (acquired && !this.leading && !this.stopping) {
					startLeading();
				}
				pause();
			}
		}
		catch (RuntimeException | Error ex) {
			logger.error("Lease {}/{}: leader election failed", this.namespace, this.config.leaseName(), ex);
		}
		finally {
			if (this.leading) {
				stopLeading();
			}
			if (this.config.releaseOnCancel()) {
				release();
			}
			this.leadership.tryEmitComplete();
			this.terminated.complete(null);
		}
	}

	private boolean deadlinePassed() {
		return now() - this.lastRenewNanos >= this.renewDeadlineNanos;
	}

	private boolean heldByOther() {
		LeaseSpec spec = this.observedSpec;
		String holder = (spec != null) ? spec.getHolderIdentity() : null;
		return holder != null && !holder.isEmpty() && !holder.equals(identity());
	}

	private void pause() {
		long wait;
		if (this.leading) {
			long remaining = this.lastRenewNanos + this.renewDeadlineNanos - now();
			wait = Math.max(0, Math.min(this.retryPeriodNanos, remaining));
		}
		else {
			// Candidates spread out their attempts, as client-go's JitterUntil.
			wait = this.retryPeriodNanos
					+ (long) (ThreadLocalRandom.current().nextDouble() * LeaderElectionConfig.JITTER_FACTOR
							* this.retryPeriodNanos);
		}
		try {
			this.stopSignal.await(wait, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopping = true;
		}
	}

	/**
	 * One attempt, client-go's {@code tryAcquireOrRenew}: read the lease, note when it changed, and write this
	 * replica's record when it holds the lease already, nobody holds it, or the holder has not renewed it for the
	 * lease duration. Returns {@link #WRITTEN} when the write succeeded before {@code deadline}, else why not.
	 */
	private String tryAcquireOrRenew(long deadline) {
		String renewed = renewWithoutReading(deadline);
		if (renewed != null) {
			return renewed;
		}
		Lease current;
		try {
			current = await(this.client.get(Lease.class, this.config.leaseName(), this.namespace), deadline);
		}
		catch (ApiException ex) {
			if (ex.code() != 404) {
				return failed("error", ex);
			}
			current = null;
		}
		catch (RuntimeException ex) {
			return failed(reason(ex), ex);
		}
		ZonedDateTime now = ZonedDateTime.now(this.config.wallClock()).truncatedTo(ChronoUnit.MICROS);
		if (current == null) {
			// Deleted by hand while another replica held it: wait out what we saw of that holder's lease.
			if (heldByOther() && !expired()) {
				return HELD;
			}
			LeaseSpec previous = this.observedSpec;
			int transitions = (previous != null && previous.getLeaseTransitions() != null)
					? previous.getLeaseTransitions() : 0;
			Lease lease = new LeaseBuilder()
				.withMetadata(new ObjectMetaBuilder().withName(this.config.leaseName())
					.withNamespace(this.namespace)
					.build())
				.withSpec(record(now, now, transitions))
				.build();
			return write(() -> this.client.create(lease, writeOptions()), deadline);
		}
		LeaseSpec spec = (current.getSpec() != null) ? current.getSpec() : new LeaseSpec();
		if (!spec.equals(this.observedSpec)) {
			this.observedSpec = spec;
			this.observedNanos = now();
		}
		this.observedLease = current;
		String holder = spec.getHolderIdentity();
		boolean mine = identity().equals(holder);
		if (holder != null && !holder.isEmpty() && !mine && !expired()) {
			return HELD;
		}
		int transitions = (spec.getLeaseTransitions() != null) ? spec.getLeaseTransitions() : 0;
		LeaseSpec next = mine
				? record((spec.getAcquireTime() != null) ? spec.getAcquireTime() : now, now, transitions)
				: record(now, now, transitions + 1);
		Lease updated = new LeaseBuilder(current).withSpec(next).build();
		return write(() -> this.client.replace(updated, writeOptions()), deadline);
	}

	/**
	 * The leader's fast path, as client-go's: update the lease it last wrote, without reading it first,
	 * halving its requests. The write carries the resourceVersion it last saw, so it fails if anyone wrote since.
	 * Returns {@code null} to take the slow path (read, then decide) when the write conflicted or failed quickly.
	 */
	private @Nullable String renewWithoutReading(long deadline) {
		Lease lease = this.observedLease;
		LeaseSpec spec = this.observedSpec;
		if (!this.leading || lease == null || spec == null || !identity().equals(spec.getHolderIdentity())) {
			return null;
		}
		ZonedDateTime now = ZonedDateTime.now(this.config.wallClock()).truncatedTo(ChronoUnit.MICROS);
		int transitions = (spec.getLeaseTransitions() != null) ? spec.getLeaseTransitions() : 0;
		Lease renewal = new LeaseBuilder(lease)
			.withSpec(record((spec.getAcquireTime() != null) ? spec.getAcquireTime() : now, now, transitions))
			.build();
		String outcome = write(() -> this.client.replace(renewal, writeOptions()), deadline);
		return (outcome.equals(WRITTEN) || outcome.equals("timeout")) ? outcome : null;
	}

	/** Whether the lease as last seen has gone unchanged for its duration (the longer of ours and the one written). */
	private boolean expired() {
		LeaseSpec spec = this.observedSpec;
		long written = (spec != null && spec.getLeaseDurationSeconds() != null)
				? TimeUnit.SECONDS.toNanos(spec.getLeaseDurationSeconds()) : 0;
		return now() - this.observedNanos >= Math.max(written, this.leaseDurationNanos);
	}

	private LeaseSpec record(ZonedDateTime acquireTime, ZonedDateTime renewTime, int transitions) {
		LeaseSpec spec = new LeaseSpec();
		spec.setHolderIdentity(identity());
		spec.setLeaseDurationSeconds(leaseDurationSeconds());
		spec.setAcquireTime(acquireTime);
		spec.setRenewTime(renewTime);
		spec.setLeaseTransitions(transitions);
		return spec;
	}

	private int leaseDurationSeconds() {
		long nanos = this.leaseDurationNanos;
		long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos) + ((nanos % 1_000_000_000L == 0) ? 0 : 1);
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
	}

	private String write(Supplier<Mono<Lease>> request, long deadline) {
		try {
			Lease written = await(request.get(), deadline);
			this.observedLease = written;
			this.observedSpec = (written.getSpec() != null) ? written.getSpec() : new LeaseSpec();
			this.observedNanos = now();
			return WRITTEN;
		}
		catch (ApiException ex) {
			// 409: another replica wrote the lease (or created it) since we read it.
			return failed((ex.code() == 409) ? "conflict" : "error", ex);
		}
		catch (RuntimeException ex) {
			return failed(reason(ex), ex);
		}
	}

	private static WriteOptions writeOptions() {
		// A dry run would write nothing and elect everyone: leases are always really written.
		return WriteOptions.defaults().withDryRun(false);
	}

	private <T> T await(Mono<T> request, long deadline) {
		long remaining = deadline - now();
		if (remaining <= 0) {
			throw new DeadlineException();
		}
		T value = request.timeout(Duration.ofNanos(remaining)).block();
		if (value == null) {
			throw new IllegalStateException("The API server answered with no lease");
		}
		return value;
	}

	private String failed(String reason, Exception ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Lease {}/{}: attempt failed ({}): {}", this.namespace, this.config.leaseName(), reason,
					ex.toString());
		}
		return reason;
	}

	private static String reason(RuntimeException ex) {
		Throwable cause = Exceptions.unwrap(ex);
		return (cause instanceof TimeoutException || ex instanceof DeadlineException) ? "timeout" : "error";
	}

	private void startLeading() {
		this.leading = true;
		logger.info("Lease {}/{}: {} started leading", this.namespace, this.config.leaseName(), identity());
		this.leadership.tryEmitNext(true);
		this.observer.leadershipChanged(this.config.leaseName(), true);
		try {
			this.callbacks.startedLeading();
		}
		catch (RuntimeException ex) {
			logger.error("Lease {}/{}: startedLeading callback failed", this.namespace, this.config.leaseName(), ex);
		}
	}

	private void stopLeading() {
		// Not leading from here on, whatever the callback does.
		this.leading = false;
		logger.info("Lease {}/{}: {} stopped leading", this.namespace, this.config.leaseName(), identity());
		try {
			this.callbacks.stoppedLeading();
		}
		catch (RuntimeException ex) {
			logger.error("Lease {}/{}: stoppedLeading callback failed", this.namespace, this.config.leaseName(), ex);
		}
		this.leadership.tryEmitNext(false);
		this.observer.leadershipChanged(this.config.leaseName(), false);
	}

	private void reportLeader() {
		LeaseSpec spec = this.observedSpec;
		String holder = (spec != null && spec.getHolderIdentity() != null) ? spec.getHolderIdentity() : "";
		this.leader = holder;
		if (!holder.equals(this.reportedLeader)) {
			this.reportedLeader = holder;
			try {
				this.callbacks.newLeader(holder);
			}
			catch (RuntimeException ex) {
				logger.error("Lease {}/{}: newLeader callback failed", this.namespace, this.config.leaseName(), ex);
			}
		}
	}

	/** client-go's {@code release}: clears the holder of a lease this replica holds, so others need not wait. */
	private void release() {
		Lease lease = this.observedLease;
		if (lease == null || !identity().equals(lease.getSpec() != null ? lease.getSpec().getHolderIdentity() : null)) {
			return;
		}
		ZonedDateTime now = ZonedDateTime.now(this.config.wallClock()).truncatedTo(ChronoUnit.MICROS);
		LeaseSpec spec = new LeaseSpec();
		spec.setLeaseDurationSeconds(1);
		spec.setAcquireTime(now);
		spec.setRenewTime(now);
		spec.setLeaseTransitions(lease.getSpec().getLeaseTransitions());
		Lease released = new LeaseBuilder(lease).withSpec(spec).build();
		if (write(() -> this.client.replace(released, writeOptions()), now() + this.renewDeadlineNanos).equals(WRITTEN)) {
			this.leader = "";
			logger.info("Lease {}/{}: released by {}", this.namespace, this.config.leaseName(), identity());
		}
		else {
			logger.warn("Lease {}/{}: could not be released; other replicas take over once it expires",
					this.namespace, this.config.leaseName());
		}
	}

	private long now() {
		return this.config.nanoClock().getAsLong();
	}

	@Override
	public String toString() {
		return "LeaderElector[lease=" + this.namespace + "/" + this.config.leaseName() + ", identity=" + identity()
				+ ", leading=" + this.leading + "]";
	}

	/** The renew deadline passed before a request could be sent. */
	private static final class DeadlineException extends RuntimeException {

		DeadlineException() {
			super("renew deadline passed", null, false, false);
		}

	}

}
