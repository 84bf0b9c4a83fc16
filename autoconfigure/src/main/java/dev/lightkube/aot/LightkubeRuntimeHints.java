package dev.lightkube.aot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the client reflects on whatever the application watches: Jackson binds the server's {@code Status} (every
 * error), list and object metadata, and generic resources. Resource classes named by {@code @KubeWatch} are added by
 * {@link KubeWatchBeanRegistrationAotProcessor}.
 */
public class LightkubeRuntimeHints implements RuntimeHintsRegistrar {

	static final List<Class<?>> MODEL_TYPES = List.of(Status.class, StatusDetails.class, StatusCause.class,
			ListMeta.class, ObjectMeta.class, OwnerReference.class, ManagedFieldsEntry.class,
			GenericKubernetesResource.class, GenericKubernetesResourceList.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> type : MODEL_TYPES) {
			registerModel(hints, type);
		}
	}

	/** Jackson reads and writes a model class through its constructors, accessors and fields. */
	static void registerModel(RuntimeHints hints, Class<?> type) {
		hints.reflection()
			.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
	}

}
