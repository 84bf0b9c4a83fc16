package dev.lightkube.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of request observations: {@code kube.client.requests} with the low-cardinality keys
 * {@code verb}, {@code group}, {@code version}, {@code resource}, {@code subresource}, {@code status}, {@code outcome}
 * and {@code exception}; the namespace and name only as high-cardinality keys (traces, not metrics).
 */
public class DefaultKubeRequestObservationConvention implements KubeRequestObservationConvention {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "kube.client.requests";

	private static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(KubeRequestObservationContext context) {
		return "kube " + context.getVerb() + " " + context.getResource();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(KubeRequestObservationContext context) {
		return KeyValues.of(KeyValue.of("verb", context.getVerb()),
				KeyValue.of("group", context.getGroup().isEmpty() ? "core" : context.getGroup()),
				KeyValue.of("version", context.getVersion()), KeyValue.of("resource", context.getResource()),
				KeyValue.of("subresource", (context.getSubresource() != null) ? context.getSubresource() : NONE),
				KeyValue.of("status", (context.getStatusCode() != 0) ? Integer.toString(context.getStatusCode()) : NONE),
				KeyValue.of("outcome", outcome(context)),
				KeyValue.of("exception", (context.getError() != null) ? context.getError().getClass().getSimpleName() : NONE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(KubeRequestObservationContext context) {
		return KeyValues.of(KeyValue.of("namespace", (context.getNamespace() != null) ? context.getNamespace() : NONE),
				KeyValue.of("name", (context.getObjectName() != null) ? context.getObjectName() : NONE));
	}

	static String outcome(KubeRequestObservationContext context) {
		int code = context.getStatusCode();
		if (code >= 200 && code < 400) {
			return "SUCCESS";
		}
		if (code >= 400 && code < 500) {
			return "CLIENT_ERROR";
		}
		if (code >= 500 && code < 600) {
			return "SERVER_ERROR";
		}
		return "UNKNOWN";
	}

}
