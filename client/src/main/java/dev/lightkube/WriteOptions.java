package dev.lightkube;

import org.jspecify.annotations.Nullable;

/**
 * Options of {@code create}, {@code replace}, {@code apply} and {@code set}: lightkube's {@code namespace},
 * {@code field_manager}, {@code dry_run} and (apply only) {@code force}. Unset values fall back to the client's.
 *
 * @param namespace the namespace; {@code null} for the object's, else the client's
 * @param fieldManager the field manager; {@code null} for the client's
 * @param dryRun server-side dry run; {@code null} for the client's
 * @param force take over fields owned by other managers (apply only)
 */
public record WriteOptions(@Nullable String namespace, @Nullable String fieldManager, @Nullable Boolean dryRun,
		boolean force) {

	private static final WriteOptions DEFAULTS = new WriteOptions(null, null, null, false);

	/** Everything from the client. */
	public static WriteOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static WriteOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** A copy with another namespace. */
	public WriteOptions withNamespace(@Nullable String namespace) {
		return new WriteOptions(namespace, this.fieldManager, this.dryRun, this.force);
	}

	/** A copy with another field manager. */
	public WriteOptions withFieldManager(@Nullable String fieldManager) {
		return new WriteOptions(this.namespace, fieldManager, this.dryRun, this.force);
	}

	/** A copy with server-side dry run on or off. */
	public WriteOptions withDryRun(@Nullable Boolean dryRun) {
		return new WriteOptions(this.namespace, this.fieldManager, dryRun, this.force);
	}

	/** A copy with {@code force} (apply only). */
	public WriteOptions withForce(boolean force) {
		return new WriteOptions(this.namespace, this.fieldManager, this.dryRun, force);
	}

}
