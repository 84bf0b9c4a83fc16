package dev.lightkube;

import dev.lightkube.internal.core.KubeJson;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * The API server answered with an error. Carries the server's {@link Status} (code, reason, message, details,
 * causes) and the request's verb and path, so the message is useful on its own.
 */
public class ApiException extends KubeException {

	private static final long serialVersionUID = 1L;

	/** Not final: rebuilt from its JSON when the exception is deserialized ({@link #readObject}). */
	private transient Status status;

	private final String verb;

	private final String path;

	/**
	 * @param status the server's answer (built from the HTTP status when the body was not a {@code Status})
	 * @param verb the client verb or HTTP method, such as {@code get} or {@code PATCH}
	 * @param path the request path without query, such as {@code /api/v1/namespaces/default/pods/web}
	 */
	public ApiException(Status status, String verb, String path) {
		this(status, verb, path, null);
	}

	/** Like {@link #ApiException(Status, String, String)}, with the failure that led to it. */
	public ApiException(Status status, String verb, String path, @Nullable Throwable cause) {
		super(describe(status, verb, path), cause);
		this.status = Objects.requireNonNull(status, "status must not be null");
		this.verb = Objects.requireNonNull(verb, "verb must not be null");
		this.path = Objects.requireNonNull(path, "path must not be null");
	}

	/** The server's {@code Status}. */
	public Status status() {
		return this.status;
	}

	/** The HTTP status code ({@code 0} when unknown). */
	public int code() {
		return (this.status.getCode() != null) ? this.status.getCode() : 0;
	}

	/** The machine-readable reason, such as {@code NotFound}, {@code AlreadyExists}, {@code Conflict}, {@code Expired}. */
	public @Nullable String reason() {
		return this.status.getReason();
	}

	/** The field causes of a 409 or 422 (empty when the server sent none). */
	public List<StatusCause> causes() {
		if (this.status.getDetails() == null || this.status.getDetails().getCauses() == null) {
			return List.of();
		}
		return this.status.getDetails().getCauses();
	}

	/** The client verb or HTTP method of the failed request. */
	public String verb() {
		return this.verb;
	}

	/** The path of the failed request, without query. */
	public String path() {
		return this.path;
	}

	/** Serialized as its JSON: fabric8's model classes are not all serializable. */
	private void writeObject(ObjectOutputStream out) throws IOException {
		out.defaultWriteObject();
		out.writeObject(KubeJson.MAPPER.writeValueAsString(this.status));
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		try {
			this.status = KubeJson.MAPPER.readValue((String) in.readObject(), Status.class);
		}
		catch (JacksonException ex) {
			throw new InvalidObjectException("the Status of a serialized ApiException cannot be read");
		}
	}

	private static String describe(Status status, String verb, String path) {
		StringBuilder message = new StringBuilder();
		message.append(verb).append(' ').append(path).append(": ");
		message.append((status.getCode() != null) ? status.getCode() : "?");
		if (status.getReason() != null && !status.getReason().isEmpty()) {
			message.append(' ').append(status.getReason());
		}
		if (status.getMessage() != null && !status.getMessage().isEmpty()) {
			message.append(": ").append(status.getMessage());
		}
		if (status.getDetails() != null && status.getDetails().getCauses() != null) {
			for (StatusCause cause : status.getDetails().getCauses()) {
				message.append("\n  - ");
				if (cause.getField() != null) {
					message.append(cause.getField()).append(": ");
				}
				message.append(cause.getMessage());
				if (cause.getReason() != null) {
					message.append(" (").append(cause.getReason()).append(')');
				}
			}
		}
		return message.toString();
	}

}
