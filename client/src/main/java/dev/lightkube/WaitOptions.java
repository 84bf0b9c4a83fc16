package dev.lightkube;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code waitFor}: lightkube's {@code wait(res, name, for_conditions, namespace, raise_for_conditions)},
 * plus an overall timeout. Immutable; start from {@link #defaults()} (or {@link #forConditions(String...)}) and use
 * the {@code with*} methods. At least one condition in {@code forConditions} is required by {@code waitFor}.
 */
public final class WaitOptions {

	private static final WaitOptions DEFAULTS = new WaitOptions(Set.of(), Set.of(), null, null);

	private final Set<String> forConditions;

	private final Set<String> raiseForConditions;

	private final @Nullable String namespace;

	private final @Nullable Duration timeout;

	private WaitOptions(Set<String> forConditions, Set<String> raiseForConditions, @Nullable String namespace,
			@Nullable Duration timeout) {
		this.forConditions = Set.copyOf(forConditions);
		this.raiseForConditions = Set.copyOf(raiseForConditions);
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("timeout must be positive, got " + timeout);
		}
		this.namespace = namespace;
		this.timeout = timeout;
	}

	/** No condition yet, the client's namespace, no timeout; name conditions with {@link #withForConditions}. */
	public static WaitOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static WaitOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** Waits until one of {@code conditions} is {@code True}. */
	public static WaitOptions forConditions(String... conditions) {
		return DEFAULTS.withForConditions(conditions);
	}

	/**
	 * Condition types that end the wait with success when their status is {@code True} (a pod's or job's
	 * {@code status.phase}, such as {@code Succeeded}, counts too).
	 */
	public Set<String> forConditions() {
		return this.forConditions;
	}

	/** Condition types that end the wait with a {@link ConditionException} (unless a success condition holds too). */
	public Set<String> raiseForConditions() {
		return this.raiseForConditions;
	}

	/** The namespace; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The longest wait; {@code null} for none. */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/** A copy with these success conditions. */
	public WaitOptions withForConditions(String... conditions) {
		return withForConditions(Arrays.asList(Objects.requireNonNull(conditions, "conditions must not be null")));
	}

	/** A copy with these success conditions. */
	public WaitOptions withForConditions(Collection<String> conditions) {
		return new WaitOptions(Set.copyOf(conditions), this.raiseForConditions, this.namespace, this.timeout);
	}

	/** A copy with these failure conditions. */
	public WaitOptions withRaiseForConditions(String... conditions) {
		return withRaiseForConditions(Arrays.asList(Objects.requireNonNull(conditions, "conditions must not be null")));
	}

	/** A copy with these failure conditions. */
	public WaitOptions withRaiseForConditions(Collection<String> conditions) {
		return new WaitOptions(this.forConditions, Set.copyOf(conditions), this.namespace, this.timeout);
	}

	/** A copy in another namespace ({@code null}: the client's). */
	public WaitOptions withNamespace(@Nullable String namespace) {
		return new WaitOptions(this.forConditions, this.raiseForConditions, namespace, this.timeout);
	}

	/** A copy with another overall timeout ({@code null}: none). */
	public WaitOptions withTimeout(@Nullable Duration timeout) {
		return new WaitOptions(this.forConditions, this.raiseForConditions, this.namespace, timeout);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof WaitOptions that && this.forConditions.equals(that.forConditions)
				&& this.raiseForConditions.equals(that.raiseForConditions)
				&& Objects.equals(this.namespace, that.namespace) && Objects.equals(this.timeout, that.timeout);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.forConditions, this.raiseForConditions, this.namespace, this.timeout);
	}

	@Override
	public String toString() {
		return "WaitOptions[forConditions=" + this.forConditions + ", raiseForConditions=" + this.raiseForConditions
				+ ", namespace=" + this.namespace + ", timeout=" + this.timeout + "]";
	}

}
