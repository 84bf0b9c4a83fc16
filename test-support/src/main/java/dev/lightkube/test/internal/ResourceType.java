package dev.lightkube.test.internal;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One kind the server serves: its group, versions, names, scope and sub-resources.
 *
 * @param group the API group ({@code ""} for the core group)
 * @param versions the served versions, preferred first
 * @param plural the resource name in paths
 * @param singular the singular name
 * @param kind the kind
 * @param namespaced whether objects live in namespaces
 * @param shortNames the short names kubectl accepts
 * @param status whether the {@code status} sub-resource exists
 * @param scale the {@code scale} sub-resource paths, or {@code null} when there is none
 * @param fieldLabels the field selector labels supported besides {@code metadata.name} and {@code metadata.namespace}
 * @param builtIn whether the kind is built in (strategic merge patch works; list items carry no kind)
 */
record ResourceType(String group, List<String> versions, String plural, String singular, String kind,
		boolean namespaced, List<String> shortNames, boolean status, @Nullable Scale scale, Set<String> fieldLabels,
		boolean builtIn) {

	private static final Set<String> GENERATION_GROUPS = Set.of("apps", "batch", "apiextensions.k8s.io",
			"networking.k8s.io", "policy", "autoscaling");

	/** Paths of a {@code scale} sub-resource. */
	public record Scale(String specReplicasPath, String statusReplicasPath, @Nullable String labelSelectorPath) {
	}

	/** The key of this kind in maps: {@code group/plural}. */
	public String key() {
		return this.group + "/" + this.plural;
	}

	/** The plural qualified with the group, as in error messages: {@code deployments.apps}. */
	public String qualifiedPlural() {
		return this.group.isEmpty() ? this.plural : this.plural + "." + this.group;
	}

	/** The {@code apiVersion} for one version. */
	public String apiVersion(String version) {
		return this.group.isEmpty() ? version : this.group + "/" + version;
	}

	/** The preferred version. */
	public String preferredVersion() {
		return this.versions.get(0);
	}

	/** Whether objects carry {@code metadata.generation}: custom resources and the built-in kinds with a spec. */
	public boolean hasGeneration() {
		return !this.builtIn || GENERATION_GROUPS.contains(this.group) || this.kind.equals("ReplicationController");
	}

	/** The kind of lists. */
	public String listKind() {
		return this.kind + "List";
	}

}
