package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code create}, {@code replace}, {@code apply} and {@code set}: lightkube's {@code namespace},
 * {@code field_manager}, {@code dry_run} and (apply only) {@code force}. Unset values fall back to the client's.
 * Immutable; start from {@link #defaults()} or {@link #inNamespace(String)} and use the {@code with*} methods.
 */
public final class WriteOptions {

	private static final WriteOptions DEFAULTS = new WriteOptions(null, null, false, false);

	private final @Nullable String namespace;

	private final @Nullable String fieldManager;

	private final boolean dryRun;

	private final boolean force;

	private WriteOptions(@Nullable String namespace, @Nullable String fieldManager, boolean dryRun, boolean force) {
		this.namespace = namespace;
		this.fieldManager = fieldManager;
		this.dryRun = dryRun;
		this.force = force;
	}

	/** Everything from the client. */
	public static WriteOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static WriteOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** The namespace; {@code null} for the object's, else the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The field manager; {@code null} for the client's. */
	public @Nullable String fieldManager() {
		return this.fieldManager;
	}

	/**
	 * Server-side dry run for this call; a client built with {@code dryRun(true)} dry-runs every write anyway (a call
	 * cannot turn it off).
	 */
	public boolean dryRun() {
		return this.dryRun;
	}

	/** Whether to take over fields owned by other managers (apply only). */
	public boolean force() {
		return this.force;
	}

	/** A copy in another namespace ({@code null}: the object's, else the client's). */
	public WriteOptions withNamespace(@Nullable String namespace) {
		return new WriteOptions(namespace, this.fieldManager, this.dryRun, this.force);
	}

	/** A copy with another field manager ({@code null}: the client's). */
	public WriteOptions withFieldManager(@Nullable String fieldManager) {
		return new WriteOptions(this.namespace, fieldManager, this.dryRun, this.force);
	}

	/** A copy with server-side dry run on or off (off cannot override a dry-run client). */
	public WriteOptions withDryRun(boolean dryRun) {
		return new WriteOptions(this.namespace, this.fieldManager, dryRun, this.force);
	}

	/** A copy with {@code force} (apply only). */
	public WriteOptions withForce(boolean force) {
		return new WriteOptions(this.namespace, this.fieldManager, this.dryRun, force);
	}


	@Override
	public boolean equals(Object other) {
		return other instanceof WriteOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.fieldManager, that.fieldManager) && this.dryRun == that.dryRun
				&& this.force == that.force;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.fieldManager, this.dryRun, this.force);
	}

	@Override
	public String toString() {
		return "WriteOptions[namespace=" + this.namespace + ", fieldManager=" + this.fieldManager
				+ ", dryRun=" + this.dryRun + ", force=" + this.force + "]";
	}

}
