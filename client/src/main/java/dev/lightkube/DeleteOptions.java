package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code delete} and {@code deletecollection}: lightkube's {@code namespace}, {@code grace_period},
 * {@code cascade} and {@code dry_run}, plus label and field selectors for {@code deletecollection}.
 *
 * @param namespace the namespace; {@code null} for the client's
 * @param gracePeriod seconds before the object is deleted ({@code 0}: now); {@code null} for the kind's default
 * @param cascade how dependents are treated; {@code null} for the server's default
 * @param dryRun server-side dry run; {@code null} for the client's
 * @param labels label selector (deletecollection only)
 * @param fields field selector (deletecollection only)
 */
public record DeleteOptions(@Nullable String namespace, @Nullable Integer gracePeriod, @Nullable CascadeType cascade,
		@Nullable Boolean dryRun, Selector labels, Selector fields) {

	private static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null, null, Selector.none(),
			Selector.none());

	public DeleteOptions {
		if (gracePeriod != null && gracePeriod < 0) {
			throw new IllegalArgumentException("gracePeriod must not be negative, got " + gracePeriod);
		}
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		if (!fields.isEqualityOnly()) {
			throw new IllegalArgumentException("field selectors accept only equal and notEqual, got '" + fields + "'");
		}
	}

	/** Everything from the client and the server. */
	public static DeleteOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static DeleteOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** A copy with another namespace. */
	public DeleteOptions withNamespace(@Nullable String namespace) {
		return new DeleteOptions(namespace, this.gracePeriod, this.cascade, this.dryRun, this.labels, this.fields);
	}

	/** A copy with another grace period in seconds. */
	public DeleteOptions withGracePeriod(@Nullable Integer gracePeriod) {
		return new DeleteOptions(this.namespace, gracePeriod, this.cascade, this.dryRun, this.labels, this.fields);
	}

	/** A copy with another cascade policy. */
	public DeleteOptions withCascade(@Nullable CascadeType cascade) {
		return new DeleteOptions(this.namespace, this.gracePeriod, cascade, this.dryRun, this.labels, this.fields);
	}

	/** A copy with server-side dry run on or off. */
	public DeleteOptions withDryRun(@Nullable Boolean dryRun) {
		return new DeleteOptions(this.namespace, this.gracePeriod, this.cascade, dryRun, this.labels, this.fields);
	}

	/** A copy with a label selector (deletecollection only). */
	public DeleteOptions withLabels(Selector labels) {
		return new DeleteOptions(this.namespace, this.gracePeriod, this.cascade, this.dryRun, labels, this.fields);
	}

	/** A copy with a field selector (deletecollection only). */
	public DeleteOptions withFields(Selector fields) {
		return new DeleteOptions(this.namespace, this.gracePeriod, this.cascade, this.dryRun, this.labels, fields);
	}

}
