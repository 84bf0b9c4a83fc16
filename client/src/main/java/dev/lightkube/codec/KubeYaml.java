package dev.lightkube.codec;

import dev.lightkube.internal.core.KubeJson;
import dev.lightkube.resource.GenericResources;
import dev.lightkube.resource.ResourceRegistry;
import dev.lightkube.resource.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * YAML for Kubernetes objects, lightkube's {@code codecs}: load every document of a stream into typed objects,
 * dump objects back, and sort them into apply (or delete) order.
 *
 * <pre>{@code
 * List<HasMetadata> objects = KubeYaml.loadAll(Path.of("manifest.yaml"));
 * KubeYaml.sortForApply(objects).forEach(client::apply);
 * }</pre>
 */
public final class KubeYaml {

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
		.build();

	/**
	 * Lightkube's {@code sort_objects} table: CRDs, Namespaces, what pods refer to, RBAC (roles before bindings);
	 * every other kind ranks last.
	 */
	private static final List<String> APPLY_ORDER = List.of("CustomResourceDefinition", "Namespace", "Secret",
			"ServiceAccount", "PersistentVolume", "PersistentVolumeClaim", "ConfigMap", "Role", "ClusterRole",
			"RoleBinding", "ClusterRoleBinding");

	private KubeYaml() {
	}

	/** Every object of a YAML stream; see {@link #loadAll(Reader, ResourceRegistry, boolean)}. */
	public static List<HasMetadata> loadAll(String yaml) {
		Objects.requireNonNull(yaml, "yaml must not be null");
		return loadAll(new StringReader(yaml), ResourceRegistry.shared(), false);
	}

	/** Every object of a YAML file; see {@link #loadAll(Reader, ResourceRegistry, boolean)}. */
	public static List<HasMetadata> loadAll(Path file) {
		Objects.requireNonNull(file, "file must not be null");
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return loadAll(reader, ResourceRegistry.shared(), false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Every object of a YAML stream, in order: each document becomes the class registered for its
	 * {@code apiVersion} + {@code kind} (a fabric8 model class, or a {@link GenericKubernetesResource} for generic
	 * and unknown kinds); {@code *List} documents are flattened into their items; empty documents are skipped.
	 * @param reader the YAML (not closed)
	 * @param registry where kinds are looked up
	 * @param createResourcesForCrds register a generic kind for each CRD met, so later documents of that kind load
	 *     as it (lightkube's {@code create_resources_for_crds})
	 * @throws IllegalArgumentException when a document is not valid YAML or lacks {@code apiVersion} or {@code kind};
	 *     the message names the document
	 */
	public static List<HasMetadata> loadAll(Reader reader, ResourceRegistry registry, boolean createResourcesForCrds) {
		Objects.requireNonNull(reader, "reader must not be null");
		Objects.requireNonNull(registry, "registry must not be null");
		List<HasMetadata> objects = new ArrayList<>();
		// 1-based number of the document being read, for messages
		int document = 1;
		try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(reader)) {
			for (; documents.hasNextValue(); document++) {
				JsonNode node = documents.nextValue();
				if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
					continue;
				}
				for (JsonNode object : flatten(node, document)) {
					HasMetadata loaded = load(object, registry, document);
					if (createResourcesForCrds && loaded instanceof CustomResourceDefinition crd) {
						GenericResources.fromCrd(crd).forEach(registry::register);
					}
					objects.add(loaded);
				}
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Invalid YAML in document " + document + ": "
					+ ex.getOriginalMessage(), ex);
		}
		return objects;
	}

	private static List<JsonNode> flatten(JsonNode node, int document) {
		if (!node.isObject()) {
			throw new IllegalArgumentException("Document " + document + " is not a mapping");
		}
		String kind = node.path("kind").asString("");
		if (kind.endsWith("List") && node.path("items").isArray()) {
			List<JsonNode> items = new ArrayList<>();
			node.path("items").forEach(items::add);
			return items;
		}
		return List.of(node);
	}

	private static HasMetadata load(JsonNode node, ResourceRegistry registry, int document) {
		String apiVersion = node.path("apiVersion").asString("");
		String kind = node.path("kind").asString("");
		if (apiVersion.isEmpty() || kind.isEmpty()) {
			throw new IllegalArgumentException("Document " + document + " has no apiVersion or kind");
		}
		ResourceType<?> type = registry.find(apiVersion, kind);
		Class<?> target = (type != null) ? type.type() : GenericKubernetesResource.class;
		try {
			return (HasMetadata) KubeJson.MAPPER.treeToValue(node, target);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Document " + document + " (" + kind + "): "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/** One object as a YAML document. */
	public static String dump(Object object) {
		Objects.requireNonNull(object, "object must not be null");
		return YAML.writeValueAsString(object);
	}

	/** Objects as a multi-document YAML stream, separated by {@code ---}. */
	public static String dumpAll(Collection<?> objects) {
		Objects.requireNonNull(objects, "objects must not be null");
		StringBuilder yaml = new StringBuilder();
		for (Object object : objects) {
			if (yaml.length() > 0) {
				yaml.append("---\n");
			}
			yaml.append(dump(object));
		}
		return yaml.toString();
	}

	/**
	 * The objects in apply order, lightkube's {@code sort_objects}: CustomResourceDefinition, Namespace, Secret,
	 * ServiceAccount, PersistentVolume, PersistentVolumeClaim, ConfigMap, Role, ClusterRole, RoleBinding,
	 * ClusterRoleBinding, then every other kind; objects of the same rank keep their original order.
	 */
	public static <T extends HasMetadata> List<T> sortForApply(Collection<T> objects) {
		Objects.requireNonNull(objects, "objects must not be null");
		List<T> sorted = new ArrayList<>(objects);
		sorted.sort(Comparator.comparingInt(KubeYaml::rank));
		return sorted;
	}

	/**
	 * The objects in delete order, lightkube's {@code sort_objects(..., reverse=True)}: the ranks reversed, objects of
	 * the same rank still in their original order (a stable sort, as Python's).
	 */
	public static <T extends HasMetadata> List<T> sortForDelete(Collection<T> objects) {
		Objects.requireNonNull(objects, "objects must not be null");
		List<T> sorted = new ArrayList<>(objects);
		sorted.sort(Comparator.comparingInt(KubeYaml::rank).reversed());
		return sorted;
	}

	private static int rank(HasMetadata object) {
		int index = APPLY_ORDER.indexOf(object.getKind());
		return (index >= 0) ? index : APPLY_ORDER.size();
	}

}
