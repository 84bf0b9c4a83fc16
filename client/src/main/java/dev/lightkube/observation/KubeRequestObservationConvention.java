package dev.lightkube.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the observation of an API request; implement it to change them. */
public interface KubeRequestObservationConvention extends ObservationConvention<KubeRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof KubeRequestObservationContext;
	}

}
