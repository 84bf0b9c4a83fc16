package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code delete} and {@code deletecollection}: lightkube's {@code namespace}, {@code grace_period},
 * {@code cascade} and {@code dry_run}, plus label and field selectors for {@code deletecollection}. Immutable; start
 * from {@link #defaults()} or {@link #inNamespace(String)} and use the {@code with*} methods.
 *
 * <p>As in lightkube, a client built with {@code dryRun(true)} does not dry-run deletes: only
 * {@link #withDryRun(boolean) withDryRun(true)} on the call does.
 */
public final class DeleteOptions {

	private static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null, false, Selector.none(),
			Selector.none());

	private final @Nullable String namespace;

	private final @Nullable Integer gracePeriod;

	private final @Nullable CascadeType cascade;

	private final boolean dryRun;

	private final Selector labels;

	private final Selector fields;

	private DeleteOptions(@Nullable String namespace, @Nullable Integer gracePeriod, @Nullable CascadeType cascade,
			boolean dryRun, Selector labels, Selector fields) {
		if (gracePeriod != null && gracePeriod < 0) {
			throw new IllegalArgumentException("gracePeriod must not be negative, got " + gracePeriod);
		}
		Objects.requireNonNull(labels, "labels must not be null (use Selector.none())");
		Objects.requireNonNull(fields, "fields must not be null (use Selector.none())");
		if (!fields.isFieldSelector()) {
			throw new IllegalArgumentException("field selectors accept only equal, notEqual and notIn, got '" + fields + "'");
		}
		this.namespace = namespace;
		this.gracePeriod = gracePeriod;
		this.cascade = cascade;
		this.dryRun = dryRun;
		this.labels = labels;
		this.fields = fields;
	}

	/** Everything from the server's defaults, in the client's namespace. */
	public static DeleteOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static DeleteOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The namespace; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** Seconds before the object is deleted ({@code 0}: now); {@code null} for the kind's default. */
	public @Nullable Integer gracePeriod() {
		return this.gracePeriod;
	}

	/** How dependents are treated; {@code null} for the server's default. */
	public @Nullable CascadeType cascade() {
		return this.cascade;
	}

	/** Server-side dry run of this delete (the client's dry-run setting does not apply to deletes, as in lightkube). */
	public boolean dryRun() {
		return this.dryRun;
	}

	/** The label selector (deletecollection only). */
	public Selector labels() {
		return this.labels;
	}

	/** The field selector (deletecollection only). */
	public Selector fields() {
		return this.fields;
	}

	/** A copy in another namespace ({@code null}: the client's). */
	public DeleteOptions withNamespace(@Nullable String namespace) {
		return new DeleteOptions(namespace, this.gracePeriod, this.cascade, this.dryRun, this.labels, this.fields);
	}

	/** A copy with another grace period in seconds ({@code null}: the kind's default). */
	public DeleteOptions withGracePeriod(@Nullable Integer gracePeriod) {
		return new DeleteOptions(this.namespace, gracePeriod, this.cascade, this.dryRun, this.labels, this.fields);
	}

	/** A copy with another cascade policy ({@code null}: the server's default). */
	public DeleteOptions withCascade(@Nullable CascadeType cascade) {
		return new DeleteOptions(this.namespace, this.gracePeriod, cascade, this.dryRun, this.labels, this.fields);
	}

	/** A copy with server-side dry run on or off. */
	public DeleteOptions withDryRun(boolean dryRun) {
		return new DeleteOptions(this.namespace, this.gracePeriod, this.cascade, dryRun, this.labels, this.fields);
	}

	/** A copy with a label selector (deletecollection only). */
	public DeleteOptions withLabels(Selector labels) {
		return new DeleteOptions(this.namespace, this.gracePeriod, this.cascade, this.dryRun, labels, this.fields);
	}

	/** A copy with a field selector (deletecollection only); {@code notIn} is sent as several {@code !=}. */
	public DeleteOptions withFields(Selector fields) {
		return new DeleteOptions(this.namespace, this.gracePeriod, this.cascade, this.dryRun, this.labels, fields);
	}


	@Override
	public boolean equals(Object other) {
		return other instanceof DeleteOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.gracePeriod, that.gracePeriod) && Objects.equals(this.cascade, that.cascade)
				&& this.dryRun == that.dryRun && Objects.equals(this.labels, that.labels)
				&& Objects.equals(this.fields, that.fields);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.gracePeriod, this.cascade, this.dryRun, this.labels, this.fields);
	}

	@Override
	public String toString() {
		return "DeleteOptions[namespace=" + this.namespace + ", gracePeriod=" + this.gracePeriod
				+ ", cascade=" + this.cascade + ", dryRun=" + this.dryRun + ", labels=" + this.labels
				+ ", fields=" + this.fields + "]";
	}

}
