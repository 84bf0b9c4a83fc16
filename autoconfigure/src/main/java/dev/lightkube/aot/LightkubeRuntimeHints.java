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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What the client reflects on whatever the application watches: Jackson binds the server's {@code Status} (every
 * error), list and object metadata, and generic resources, each with the whole graph of types it binds
 * ({@link BindingReflectionHintsRegistrar}, as Spring does for {@code @RequestBody} types). The fabric8 resource index
 * (the model jars' {@code META-INF/services} files, read to find a class for an apiVersion and kind) is kept, with the
 * classes it names. Resource classes named by {@code @KubeWatch} are added by
 * {@link KubeWatchBeanRegistrationAotProcessor}.
 */
public class LightkubeRuntimeHints implements RuntimeHintsRegistrar {

	static final List<Class<?>> MODEL_TYPES = List.of(Status.class, StatusDetails.class, StatusCause.class,
			ListMeta.class, ObjectMeta.class, OwnerReference.class, ManagedFieldsEntry.class,
			GenericKubernetesResource.class, GenericKubernetesResourceList.class);

	/** The fabric8 resource index: one service file per model jar, listing its resource classes. */
	static final String RESOURCE_INDEX = "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource";

	private static final BindingReflectionHintsRegistrar BINDING = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> type : MODEL_TYPES) {
			registerModel(hints, type);
		}
		hints.resources().registerPattern(RESOURCE_INDEX);
		registerResourceIndex(hints, (classLoader != null) ? classLoader : LightkubeRuntimeHints.class.getClassLoader());
	}

	/**
	 * Jackson reads and writes a model class, and every type its properties hold, through their constructors,
	 * accessors and fields.
	 */
	static void registerModel(RuntimeHints hints, Class<?> type) {
		BINDING.registerReflectionHints(hints.reflection(), type);
		hints.reflection()
			.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
	}

	/** The classes the index names are loaded by name and read for their group, version and kind annotations. */
	private static void registerResourceIndex(RuntimeHints hints, ClassLoader classLoader) {
		try {
			Enumeration<URL> files = classLoader.getResources(RESOURCE_INDEX);
			while (files.hasMoreElements()) {
				try (InputStream in = files.nextElement().openStream()) {
					String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					text.lines()
						.map(String::strip)
						.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
						.forEach((name) -> hints.reflection()
							.registerType(TypeReference.of(name), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + RESOURCE_INDEX, ex);
		}
	}

}
