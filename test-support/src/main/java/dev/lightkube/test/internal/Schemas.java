package dev.lightkube.test.internal;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema of the built-in kinds, taken from the fabric8 model classes' Jackson properties: finds type errors
 * (a string where the API has an integer) and unknown fields, the way the API server's decoder does. Custom
 * resources have no schema here: their bodies are taken as they are.
 */
final class Schemas {

	private static final String MODEL = "io.fabric8.kubernetes.api.model.";

	/** The package of the fabric8 model classes per API group (version appended where the model has one). */
	private static final Map<String, String> PACKAGES = Map.ofEntries(Map.entry("", ""),
			Map.entry("apps", "apps."), Map.entry("batch", "batch.v1."), Map.entry("rbac.authorization.k8s.io", "rbac."),
			Map.entry("networking.k8s.io", "networking.v1."), Map.entry("policy", "policy.v1."),
			Map.entry("coordination.k8s.io", "coordination.v1."), Map.entry("autoscaling", "autoscaling.%s."),
			Map.entry("storage.k8s.io", "storage."), Map.entry("events.k8s.io", "events.v1."),
			Map.entry("apiextensions.k8s.io", "apiextensions.v1."));

	private static final Map<String, Optional<Class<?>>> CLASSES = new ConcurrentHashMap<>();

	private static final Map<Class<?>, Map<String, Type>> PROPERTIES = new ConcurrentHashMap<>();

	private Schemas() {
	}

	/** What decoding a body found: unknown field paths and the first type error. */
	record Findings(List<String> unknownFields, @Nullable String typeError) {
	}

	/** The fabric8 class of a built-in kind, or {@code null} for custom resources and kinds without one. */
	static @Nullable Class<?> modelClass(ResourceType type, String version) {
		if (!type.builtIn()) {
			return null;
		}
		return CLASSES.computeIfAbsent(type.group() + "/" + version + "/" + type.kind(), (key) -> {
			String pkg = PACKAGES.get(type.group());
			if (pkg == null) {
				return Optional.empty();
			}
			try {
				return Optional.of(Class.forName(MODEL + pkg.formatted(version) + type.kind()));
			}
			catch (ClassNotFoundException ex) {
				return Optional.empty();
			}
		}).orElse(null);
	}

	/**
	 * Checks an object against its kind's model. With {@code drop}, unknown fields are removed from the object, as
	 * the API server drops them before it stores.
	 */
	static Findings check(ResourceType type, String version, ObjectNode object, boolean drop) {
		Class<?> model = modelClass(type, version);
		List<String> unknown = new ArrayList<>();
		String[] typeError = new String[1];
		if (model != null) {
			walk(object, model, "", model.getSimpleName(), unknown, typeError, drop);
		}
		return new Findings(unknown, typeError[0]);
	}

	private static void walk(JsonNode node, Type type, String path, String parent, List<String> unknown,
			String[] typeError, boolean drop) {
		if (node.isNull()) {
			return;
		}
		Class<?> raw = raw(type);
		if (raw == String.class) {
			expect(node.isString(), node, path, parent, "string", typeError);
		}
		else if (raw == Integer.class || raw == int.class) {
			expect(node.isIntegralNumber(), node, path, parent, "int32", typeError);
		}
		else if (raw == Long.class || raw == long.class) {
			expect(node.isIntegralNumber(), node, path, parent, "int64", typeError);
		}
		else if (raw == Boolean.class || raw == boolean.class) {
			expect(node.isBoolean(), node, path, parent, "bool", typeError);
		}
		else if (raw == Double.class || raw == Float.class) {
			expect(node.isNumber(), node, path, parent, "float64", typeError);
		}
		else if (raw.getSimpleName().equals("IntOrString") || raw.getSimpleName().equals("Quantity")) {
			expect(node.isString() || node.isNumber(), node, path, parent, raw.getSimpleName(), typeError);
		}
		else if (Map.class.isAssignableFrom(raw)) {
			if (expect(node.isObject(), node, path, parent, "map", typeError)) {
				Type value = argument(type, 1);
				for (Map.Entry<String, JsonNode> entry : node.properties()) {
					walk(entry.getValue(), value, path, parent, unknown, typeError, drop);
				}
			}
		}
		else if (Collection.class.isAssignableFrom(raw)) {
			if (expect(node.isArray(), node, path, parent, "array", typeError)) {
				Type element = argument(type, 0);
				for (JsonNode item : node) {
					walk(item, element, path, parent, unknown, typeError, drop);
				}
			}
		}
		else if (raw.getName().startsWith(MODEL) && !raw.isInterface() && !raw.isEnum() && !customJson(raw)) {
			Map<String, Type> properties = properties(raw);
			if (properties.isEmpty()) {
				return;
			}
			if (!expect(node.isObject(), node, path, parent, raw.getSimpleName(), typeError)) {
				return;
			}
			Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) node).properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> entry = fields.next();
				String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
				Type property = properties.get(entry.getKey());
				if (property == null) {
					unknown.add(child);
					if (drop) {
						fields.remove();
					}
				}
				else {
					walk(entry.getValue(), property, child, raw.getSimpleName(), unknown, typeError, drop);
				}
			}
		}
	}

	/** Records a type error unless {@code ok}; the message is Go's {@code encoding/json} one. */
	private static boolean expect(boolean ok, JsonNode node, String path, String parent, String goType,
			String[] typeError) {
		if (!ok && typeError[0] == null) {
			String found = node.isString() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool"
					: node.isArray() ? "array" : "object";
			typeError[0] = "json: cannot unmarshal " + found + " into Go struct field " + parent + "." + path
					+ " of type " + goType;
		}
		return ok;
	}

	/**
	 * Whether a model class has its own JSON form (a custom serializer or deserializer: {@code MicroTime},
	 * {@code JSONSchemaPropsOrBool} that is a boolean or a schema, ...): its JSON is then taken as it is.
	 */
	private static boolean customJson(Class<?> model) {
		JsonSerialize serialize = model.getAnnotation(JsonSerialize.class);
		JsonDeserialize deserialize = model.getAnnotation(JsonDeserialize.class);
		return (serialize != null && serialize.using() != ValueSerializer.None.class)
				|| (deserialize != null && deserialize.using() != ValueDeserializer.None.class);
	}

	private static Class<?> raw(Type type) {
		if (type instanceof Class<?> c) {
			return c;
		}
		if (type instanceof ParameterizedType p) {
			return (Class<?>) p.getRawType();
		}
		return Object.class;
	}

	private static Type argument(Type type, int index) {
		if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
			return p.getActualTypeArguments()[index];
		}
		return Object.class;
	}

	/** The JSON properties of a model class: its fields annotated {@code @JsonProperty}, inherited ones too. */
	private static Map<String, Type> properties(Class<?> model) {
		return PROPERTIES.computeIfAbsent(model, (c) -> {
			Map<String, Type> properties = new LinkedHashMap<>();
			for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
				for (Field field : k.getDeclaredFields()) {
					JsonProperty property = field.getAnnotation(JsonProperty.class);
					if (property != null && field.getAnnotation(JsonIgnore.class) == null) {
						String name = property.value().isEmpty() ? field.getName() : property.value();
						properties.putIfAbsent(name, field.getGenericType());
					}
				}
			}
			return properties;
		});
	}

}
