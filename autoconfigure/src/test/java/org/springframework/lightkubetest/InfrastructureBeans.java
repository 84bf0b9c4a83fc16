package org.springframework.lightkubetest;

import dev.lightkube.annotation.KubeWatch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.springframework.stereotype.Component;

/**
 * Beans whose classes are in Spring's own packages, as Spring's infrastructure beans are: the {@code @KubeWatch}
 * post-processor skips them unless they are components.
 */
public final class InfrastructureBeans {

	private InfrastructureBeans() {
	}

	/** Like one of Spring's own beans: not scanned for listeners. */
	public static class Infrastructure {

		@KubeWatch(value = ConfigMap.class, id = "infrastructure")
		public void onChange(ConfigMap configMap) {
		}

	}

	/** A component that happens to live in a Spring package: scanned. */
	@Component
	public static class ComponentInSpringPackage {

		@KubeWatch(value = ConfigMap.class, id = "componentInSpringPackage")
		public void onChange(ConfigMap configMap) {
		}

	}

}
