package dev.lightkube.observation;

import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one API request knows: the verb and the resource it addresses, then the answer's status.
 * Filled by the client; read by a {@link KubeRequestObservationConvention}. A sender context: a tracing handler
 * (Micrometer Tracing's propagating sender handler) writes its headers, such as W3C {@code traceparent}, into the
 * carrier, and the client sends them with the request.
 */
public final class KubeRequestObservationContext extends SenderContext<Map<String, String>> {

	private final String verb;

	private final String group;

	private final String version;

	private final String resource;

	private final @Nullable String subresource;

	private final @Nullable String namespace;

	private final @Nullable String objectName;

	private volatile int statusCode;

	/**
	 * @param verb the client verb: get, list, watch, create, replace, patch, apply, delete, deletecollection, log
	 *     or exec
	 * @param group the API group, empty for the core group
	 * @param version the API version, such as {@code v1}
	 * @param resource the plural resource name, such as {@code pods}
	 * @param subresource the sub-resource, such as {@code status}, or {@code null}
	 * @param namespace the namespace addressed, or {@code null} for cluster scope and all namespaces
	 * @param objectName the object's name, or {@code null} for collections
	 */
	public KubeRequestObservationContext(String verb, String group, String version, String resource,
			@Nullable String subresource, @Nullable String namespace, @Nullable String objectName) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		setCarrier(new LinkedHashMap<>());
		setRemoteServiceName("kubernetes");
		this.verb = verb;
		this.group = group;
		this.version = version;
		this.resource = resource;
		this.subresource = subresource;
		this.namespace = namespace;
		this.objectName = objectName;
	}

	public String getVerb() {
		return this.verb;
	}

	public String getGroup() {
		return this.group;
	}

	public String getVersion() {
		return this.version;
	}

	public String getResource() {
		return this.resource;
	}

	public @Nullable String getSubresource() {
		return this.subresource;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	/** The object's name (not the observation's, which is {@link #getName()}). */
	public @Nullable String getObjectName() {
		return this.objectName;
	}

	/** The HTTP status of the answer, {@code 0} while unknown (no answer, transport failure). */
	public int getStatusCode() {
		return this.statusCode;
	}

	public void setStatusCode(int statusCode) {
		this.statusCode = statusCode;
	}

}
