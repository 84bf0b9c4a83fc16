package dev.lightkube.test.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a request body in Kubernetes' protobuf encoding into JSON. kubectl 1.32's typed clients ({@code kubectl
 * create namespace | configmap | deployment | secret | service ...}) always send protobuf for built-in kinds and do
 * not fall back to JSON on 415, so the server has to read it. The schemas come from the published generated
 * classes; the result is what the API server's Go structs would print as JSON: empty strings, {@code false} and
 * zero numbers left out (except the counts where zero means something), unset timestamps left out.
 */
final class ProtobufBodies {

	/** The media type kubectl sends. */
	static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

	private static final JsonNodeFactory F = JsonNodeFactory.instance;

	private static final byte[] MAGIC = { 'k', '8', 's', 0 };

	private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

	/** Pointer fields where zero is a value a user sets, not Go's "unset". */
	private static final Set<String> ZERO_MEANS_SOMETHING = Set.of("replicas", "parallelism", "completions",
			"backoffLimit", "minAvailable", "maxUnavailable", "maxSurge", "value", "weight", "ttlSecondsAfterFinished",
			"terminationGracePeriodSeconds", "activeDeadlineSeconds", "startingDeadlineSeconds");

	/** Message types by {@code group/version/Kind} ({@code core} for the core group). */
	private static final Map<String, Descriptor> KINDS = index(V1.getDescriptor(), V1Apps.getDescriptor(),
			V1Batch.getDescriptor(), V1Rbac.getDescriptor(), V1Networking.getDescriptor(), V1Policy.getDescriptor(),
			V1Autoscaling.getDescriptor(), V1Scheduling.getDescriptor(), V1Storage.getDescriptor(),
			V1Authorization.getDescriptor(), V1Authentication.getDescriptor());

	private ProtobufBodies() {
	}

	private static Map<String, Descriptor> index(FileDescriptor... files) {
		Map<String, Descriptor> kinds = new HashMap<>();
		for (FileDescriptor file : files) {
			// k8s.io.api.<group>.<version>
			String[] parts = file.getPackage().split("\\.");
			String key = parts[parts.length - 2] + "/" + parts[parts.length - 1] + "/";
			for (Descriptor type : file.getMessageTypes()) {
				kinds.put(key + type.getName(), type);
			}
		}
		return kinds;
	}

	/** The JSON text of a protobuf body. */
	static String toJson(byte[] body) {
		if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			throw ApiError.badRequest("the protobuf body does not start with the Kubernetes envelope (k8s\\0)");
		}
		try {
			Runtime.Unknown envelope = Runtime.Unknown.parseFrom(
					ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
			String apiVersion = envelope.getTypeMeta().getApiVersion();
			String kind = envelope.getTypeMeta().getKind();
			Descriptor type = KINDS.get(key(apiVersion, kind));
			if (type == null) {
				throw ApiError.unsupportedMediaType("the in-memory API server cannot read " + kind + " (" + apiVersion
						+ ") as protobuf; send JSON");
			}
			ObjectNode object = (ObjectNode) convert(DynamicMessage.parseFrom(type, envelope.getRaw()));
			ObjectNode result = Json.object().put("apiVersion", apiVersion).put("kind", kind);
			result.setAll(object);
			return Json.write(result);
		}
		catch (InvalidProtocolBufferException ex) {
			throw ApiError.badRequest("cannot parse the protobuf request body: " + ex.getMessage());
		}
	}

	private static String key(String apiVersion, String kind) {
		int slash = apiVersion.indexOf('/');
		String group = (slash < 0) ? "core" : apiVersion.substring(0, slash);
		String version = apiVersion.substring(slash + 1);
		return group.split("\\.")[0] + "/" + version + "/" + kind;
	}

	private static @Nullable JsonNode convert(Message message) {
		String type = message.getDescriptorForType().getFullName();
		switch (type) {
			case META + "Time", META + "MicroTime" -> {
				long seconds = (Long) field(message, "seconds", 0L);
				if (seconds == 0) {
					return null;
				}
				Instant instant = Instant.ofEpochSecond(seconds, (Integer) field(message, "nanos", 0));
				return F.stringNode(type.endsWith("MicroTime") ? instant.toString() : Json.timestamp(instant));
			}
			case META + "Duration" -> {
				long nanos = (Long) field(message, "duration", 0L);
				return F.stringNode((nanos / 1_000_000_000L) + "s");
			}
			case META + "FieldsV1", "k8s.io.apimachinery.pkg.runtime.RawExtension" -> {
				ByteString raw = (ByteString) message.getAllFields().values().stream().findFirst()
					.orElse(ByteString.EMPTY);
				return raw.isEmpty() ? null : Json.parse(raw.toStringUtf8());
			}
			case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
				return F.stringNode((String) field(message, "string", ""));
			}
			case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
				if ((Long) field(message, "type", 0L) == 1L) {
					return F.stringNode((String) field(message, "strVal", ""));
				}
				return F.numberNode((Integer) field(message, "intVal", 0));
			}
			default -> {
				ObjectNode object = Json.object();
				for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
					JsonNode value = value(entry.getKey(), entry.getValue());
					if (value != null) {
						object.set(entry.getKey().getName(), value);
					}
				}
				return object;
			}
		}
	}

	private static Object field(Message message, String name, Object fallback) {
		FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
		return (field != null && message.hasField(field)) ? message.getField(field) : fallback;
	}

	private static @Nullable JsonNode value(FieldDescriptor field, Object value) {
		if (field.isMapField()) {
			ObjectNode map = Json.object();
			for (Object entry : (List<?>) value) {
				Message pair = (Message) entry;
				FieldDescriptor keyField = pair.getDescriptorForType().findFieldByName("key");
				FieldDescriptor valueField = pair.getDescriptorForType().findFieldByName("value");
				JsonNode item = single(valueField, pair.getField(valueField), true);
				map.set(String.valueOf(pair.getField(keyField)), (item != null) ? item : F.stringNode(""));
			}
			return map.isEmpty() ? null : map;
		}
		if (field.isRepeated()) {
			ArrayNode array = Json.array();
			for (Object item : (List<?>) value) {
				JsonNode node = single(field, item, true);
				if (node != null) {
					array.add(node);
				}
			}
			return array.isEmpty() ? null : array;
		}
		return single(field, value, false);
	}

	private static @Nullable JsonNode single(FieldDescriptor field, Object value, boolean keepZero) {
		boolean zeroMeans = keepZero || ZERO_MEANS_SOMETHING.contains(field.getName());
		return switch (field.getJavaType()) {
			case STRING -> (((String) value).isEmpty() && !keepZero) ? null : F.stringNode((String) value);
			case BOOLEAN -> (!((Boolean) value) && !keepZero) ? null : F.booleanNode((Boolean) value);
			case INT -> (((Integer) value) == 0 && !zeroMeans) ? null : F.numberNode((Integer) value);
			case LONG -> (((Long) value) == 0 && !zeroMeans) ? null : F.numberNode((Long) value);
			case FLOAT, DOUBLE -> F.numberNode(((Number) value).doubleValue());
			case BYTE_STRING -> F.stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
			case MESSAGE -> convert((Message) value);
			default -> F.stringNode(String.valueOf(value));
		};
	}

}
