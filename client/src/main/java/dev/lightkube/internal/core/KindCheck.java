package dev.lightkube.internal.core;

import dev.lightkube.KubeException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Checks that an answer is of the kind asked for: a buggy server or proxy may answer a get of a Pod with a ConfigMap
 * (or a {@code Status}), which Jackson would happily decode into a {@code Pod} with {@code kind=ConfigMap}. An
 * answer without a kind passes (servers may leave it out of list items).
 */
public final class KindCheck {

	private KindCheck() {
	}

	/**
	 * The answer, if its kind is {@code expected} or absent.
	 * @param answer the decoded answer
	 * @param expected the kind asked for
	 * @param what the request, for the message
	 * @throws KubeException naming the expected and the actual kind
	 */
	public static <T> T check(T answer, String expected, String what) {
		if (answer instanceof HasMetadata object) {
			String actual = object.getKind();
			if (actual != null && !actual.isEmpty() && !actual.equals(expected)) {
				throw new KubeException("The answer to " + what + " is of kind " + actual + ", expected " + expected
						+ message(object));
			}
		}
		return answer;
	}

	// A Status decoded as a generic object keeps its message: worth showing.
	private static String message(HasMetadata object) {
		if (object instanceof GenericKubernetesResource generic
				&& generic.getAdditionalProperties().get("message") instanceof String message) {
			return ": " + message;
		}
		return "";
	}

}
