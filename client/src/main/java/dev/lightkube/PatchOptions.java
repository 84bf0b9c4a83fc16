package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code patch}: lightkube's {@code namespace}, {@code patch_type}, {@code field_manager}, {@code force}
 * and {@code dry_run}. Unset values fall back to the client's. Immutable; start from {@link #defaults()},
 * {@link #inNamespace(String)} or {@link #of(PatchType)} and use the {@code with*} methods.
 */
public final class PatchOptions {

	private static final PatchOptions DEFAULTS = new PatchOptions(null, PatchType.STRATEGIC, null, false, false);

	private final @Nullable String namespace;

	private final PatchType patchType;

	private final @Nullable String fieldManager;

	private final boolean force;

	private final boolean dryRun;

	private PatchOptions(@Nullable String namespace, PatchType patchType, @Nullable String fieldManager,
			boolean force, boolean dryRun) {
		Objects.requireNonNull(patchType, "patchType must not be null");
		if (force && patchType != PatchType.APPLY) {
			throw new IllegalArgumentException("force is only allowed with PatchType.APPLY, not " + patchType);
		}
		this.namespace = namespace;
		this.patchType = patchType;
		this.fieldManager = fieldManager;
		this.force = force;
		this.dryRun = dryRun;
	}

	/** A strategic merge patch with everything else from the client. */
	public static PatchOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults in the given namespace. */
	public static PatchOptions inNamespace(String namespace) {
		return DEFAULTS.withNamespace(namespace);
	}

	/** Defaults with the given patch type. */
	public static PatchOptions of(PatchType patchType) {
		return DEFAULTS.withPatchType(patchType);
	}

	/** The namespace; {@code null} for the client's. */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/** The kind of patch, {@link PatchType#STRATEGIC} by default. */
	public PatchType patchType() {
		return this.patchType;
	}

	/** The field manager; {@code null} for the client's (required for {@link PatchType#APPLY}). */
	public @Nullable String fieldManager() {
		return this.fieldManager;
	}

	/** Whether to take over conflicting fields (only with {@link PatchType#APPLY}). */
	public boolean force() {
		return this.force;
	}

	/**
	 * Server-side dry run for this call; a client built with {@code dryRun(true)} dry-runs every write anyway (a call
	 * cannot turn it off).
	 */
	public boolean dryRun() {
		return this.dryRun;
	}

	/** A copy in another namespace ({@code null}: the client's). */
	public PatchOptions withNamespace(@Nullable String namespace) {
		return new PatchOptions(namespace, this.patchType, this.fieldManager, this.force, this.dryRun);
	}

	/** A copy with another patch type. */
	public PatchOptions withPatchType(PatchType patchType) {
		return new PatchOptions(this.namespace, patchType, this.fieldManager, this.force, this.dryRun);
	}

	/** A copy with another field manager ({@code null}: the client's). */
	public PatchOptions withFieldManager(@Nullable String fieldManager) {
		return new PatchOptions(this.namespace, this.patchType, fieldManager, this.force, this.dryRun);
	}

	/** A copy with {@code force} (only with {@link PatchType#APPLY}). */
	public PatchOptions withForce(boolean force) {
		return new PatchOptions(this.namespace, this.patchType, this.fieldManager, force, this.dryRun);
	}

	/** A copy with server-side dry run on or off (off cannot override a dry-run client). */
	public PatchOptions withDryRun(boolean dryRun) {
		return new PatchOptions(this.namespace, this.patchType, this.fieldManager, this.force, dryRun);
	}


	@Override
	public boolean equals(Object other) {
		return other instanceof PatchOptions that && Objects.equals(this.namespace, that.namespace)
				&& Objects.equals(this.patchType, that.patchType)
				&& Objects.equals(this.fieldManager, that.fieldManager) && this.force == that.force
				&& this.dryRun == that.dryRun;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.namespace, this.patchType, this.fieldManager, this.force, this.dryRun);
	}

	@Override
	public String toString() {
		return "PatchOptions[namespace=" + this.namespace + ", patchType=" + this.patchType
				+ ", fieldManager=" + this.fieldManager + ", force=" + this.force + ", dryRun=" + this.dryRun + "]";
	}

}
