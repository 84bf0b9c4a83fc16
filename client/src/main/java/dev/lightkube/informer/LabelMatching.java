package dev.lightkube.informer;

import dev.lightkube.Selector;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Kubernetes' label selector semantics, evaluated locally. */
final class LabelMatching {

	private LabelMatching() {
	}

	static boolean matches(Selector selector, @Nullable Map<String, String> labels) {
		Map<String, String> present = (labels != null) ? labels : Map.of();
		for (Selector.Requirement requirement : selector.requirements()) {
			String value = present.get(requirement.key());
			boolean ok = switch (requirement.operator()) {
				case EQUAL, IN -> value != null && requirement.values().contains(value);
				case NOT_EQUAL, NOT_IN -> value == null || !requirement.values().contains(value);
				case EXISTS -> value != null;
				case NOT_EXISTS -> value == null;
			};
			if (!ok) {
				return false;
			}
		}
		return true;
	}

}
