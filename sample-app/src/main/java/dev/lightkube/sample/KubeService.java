package dev.lightkube.sample;

import dev.lightkube.DeleteResult;
import dev.lightkube.KubeClient;
import dev.lightkube.ListIterable;
import dev.lightkube.ListOptions;
import dev.lightkube.LogOptions;
import dev.lightkube.Selector;
import dev.lightkube.codec.KubeYaml;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** What the sample's endpoints do, with the injected {@link KubeClient}; objects in the client's namespace. */
@Service
public class KubeService {

	private final KubeClient client;

	/** A service using {@code client}. */
	public KubeService(KubeClient client) {
		this.client = client;
	}

	/** The pods, optionally selected by labels such as {@code app=web,tier!=db}. */
	public List<PodSummary> pods(@Nullable String labels) {
		ListOptions options = ListOptions.defaults().withLabels(Selector.parse(labels));
		List<PodSummary> pods = new ArrayList<>();
		try (ListIterable<Pod> list = this.client.list(Pod.class, options)) {
			list.forEach((pod) -> pods.add(PodSummary.of(pod)));
		}
		return pods;
	}

	/** One pod. */
	public PodSummary pod(String name) {
		return PodSummary.of(this.client.get(Pod.class, name));
	}

	/** The last {@code tail} lines of a pod's log (all lines when {@code null}). */
	public List<String> podLog(String name, @Nullable Integer tail) {
		LogOptions options = LogOptions.defaults().withTailLines(tail).withNewlines(false);
		try (Stream<String> lines = this.client.log(name, options)) {
			return lines.toList();
		}
	}

	/** Server-side apply of the config map in {@code body} (JSON or YAML) under {@code name}. */
	public ConfigMapSummary applyConfigMap(String name, String body) {
		List<HasMetadata> objects = KubeYaml.loadAll(body);
		if (objects.size() != 1 || !(objects.get(0) instanceof ConfigMap configMap)) {
			throw new IllegalArgumentException("The body must hold exactly one ConfigMap (apiVersion: v1, kind: "
					+ "ConfigMap), got " + objects.stream().map(HasMetadata::getKind).toList());
		}
		if (configMap.getMetadata() == null) {
			configMap.setMetadata(new ObjectMeta());
		}
		String bodyName = configMap.getMetadata().getName();
		if (bodyName != null && !bodyName.equals(name)) {
			throw new IllegalArgumentException(
					"metadata.name '" + bodyName + "' in the body differs from '" + name + "' in the path");
		}
		configMap.getMetadata().setName(name);
		return ConfigMapSummary.of(this.client.apply(configMap));
	}

	/** Deletes a config map. */
	public Deleted deleteConfigMap(String name) {
		DeleteResult<ConfigMap> result = this.client.delete(ConfigMap.class, name);
		return new Deleted("ConfigMap", name, this.client.namespace(),
				(result.status() != null) ? result.status().getStatus() : "Success");
	}

	/** A pod, briefly. */
	public record PodSummary(String name, String namespace, String phase, Map<String, String> labels) {

		static PodSummary of(Pod pod) {
			ObjectMeta meta = pod.getMetadata();
			String phase = (pod.getStatus() != null) ? pod.getStatus().getPhase() : null;
			return new PodSummary(meta.getName(), meta.getNamespace(), Objects.requireNonNullElse(phase, "Unknown"),
					Objects.requireNonNullElse(meta.getLabels(), Map.of()));
		}

	}

	/** A config map, briefly. */
	public record ConfigMapSummary(String name, String namespace, String resourceVersion, Map<String, String> labels,
			Map<String, String> data) {

		static ConfigMapSummary of(ConfigMap configMap) {
			ObjectMeta meta = configMap.getMetadata();
			return new ConfigMapSummary(meta.getName(), meta.getNamespace(), meta.getResourceVersion(),
					Objects.requireNonNullElse(meta.getLabels(), Map.of()),
					Objects.requireNonNullElse(configMap.getData(), Map.of()));
		}

	}

	/** What was deleted. */
	public record Deleted(String kind, String name, String namespace, String status) {
	}

}
