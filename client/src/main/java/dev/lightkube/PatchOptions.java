package dev.lightkube;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code patch}: lightkube's {@code namespace}, {@code patch_type}, {@code field_manager}, {@code force}
 * and {@code dry_run}. Unset values fall back to the client's.
 *
 * @param namespace the namespace; {@code null} for the client's
 * @param patchType the kind of patch, {@link PatchType#STRATEGIC} by default
 * @param fieldManager the field manager; {@code null} for the client's (required for {@link PatchType#APPLY})
 * @param force take over conflicting fields (only with {@link PatchType#APPLY})
 * @param dryRun server-side dry run; {@code null} for the client's
 */
public record PatchOptions(@Nullable String namespace, PatchType patchType, @Nullable String fieldManager,
		boolean force, @Nullable Boolean dryRun) {

	private static final PatchOptions DEFAULTS = new PatchOptions(null, PatchType.STRATEGIC, null, false, null);

	public PatchOptions {
		Objects.requireNonNull(patchType, "patchType must not be null");
		if (force && patchType != PatchType.APPLY) {
			throw new IllegalArgumentException("force is only allowed with PatchType.APPLY, not " + patchType);
		}
	}

	/** A strategic merge patch with everything else from the client. */
	public static PatchOptions defaults() {
		return DEFAULTS;
	}

	/** Defaults with the given patch type. */
	public static PatchOptions of(PatchType patchType) {
		return DEFAULTS.withPatchType(patchType);
	}

	/** A copy with another namespace. */
	public PatchOptions withNamespace(@Nullable String namespace) {
		return new PatchOptions(namespace, this.patchType, this.fieldManager, this.force, this.dryRun);
	}

	/** A copy with another patch type. */
	public PatchOptions withPatchType(PatchType patchType) {
		return new PatchOptions(this.namespace, patchType, this.fieldManager, this.force, this.dryRun);
	}

	/** A copy with another field manager. */
	public PatchOptions withFieldManager(@Nullable String fieldManager) {
		return new PatchOptions(this.namespace, this.patchType, fieldManager, this.force, this.dryRun);
	}

	/** A copy with {@code force} (only with {@link PatchType#APPLY}). */
	public PatchOptions withForce(boolean force) {
		return new PatchOptions(this.namespace, this.patchType, this.fieldManager, force, this.dryRun);
	}

	/** A copy with server-side dry run on or off. */
	public PatchOptions withDryRun(@Nullable Boolean dryRun) {
		return new PatchOptions(this.namespace, this.patchType, this.fieldManager, this.force, dryRun);
	}

}
