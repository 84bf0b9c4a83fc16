package dev.lightkube;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of lightkube's {@code wait(res, name, for_conditions, namespace, raise_for_conditions)}, plus an
 * overall timeout.
 *
 * @param forConditions condition types that end the wait with success when their status is {@code True} (a pod's
 *     or job's {@code status.phase}, such as {@code Succeeded}, counts too)
 * @param raiseForConditions condition types that end the wait with a {@link ConditionException}
 * @param namespace the namespace ({@code null}: the client's)
 * @param timeout the longest wait ({@code null}: none)
 */
public record WaitOptions(Set<String> forConditions, Set<String> raiseForConditions, @Nullable String namespace,
		@Nullable Duration timeout) {

	public WaitOptions {
		forConditions = Set.copyOf(forConditions);
		raiseForConditions = Set.copyOf(raiseForConditions);
		if (forConditions.isEmpty()) {
			throw new IllegalArgumentException("forConditions must name at least one condition");
		}
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("timeout must be positive, got " + timeout);
		}
	}

	/** Waits until one of {@code conditions} is {@code True}. */
	public static WaitOptions forConditions(String... conditions) {
		return new WaitOptions(Set.of(conditions), Set.of(), null, null);
	}

	public WaitOptions withRaiseForConditions(String... conditions) {
		return new WaitOptions(this.forConditions, Set.of(conditions), this.namespace, this.timeout);
	}

	public WaitOptions withNamespace(@Nullable String namespace) {
		return new WaitOptions(this.forConditions, this.raiseForConditions, namespace, this.timeout);
	}

	public WaitOptions withTimeout(@Nullable Duration timeout) {
		return new WaitOptions(this.forConditions, this.raiseForConditions, this.namespace, timeout);
	}

}
