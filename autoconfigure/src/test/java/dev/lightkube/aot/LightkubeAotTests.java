package dev.lightkube.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.WatchEvent;
import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.autoconfigure.LightkubeAutoConfiguration;
import dev.lightkube.autoconfigure.listener.KubeWatchAutoConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;
import java.util.Map;

/** Spring's AOT processing of a small application using the starter yields the hints the client needs. */
class LightkubeAotTests {

	@Test
	void aotProcessingRegistersModelAndListenerHints() throws Exception {
		GenericApplicationContext context = new AnnotationConfigApplicationContext();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("lightkube.server", "https://kube.invalid")));
		context.setEnvironment(environment);
		context.registerBean(Listener.class);
		for (Class<?> configuration : Configurations.getClasses(AutoConfigurations
			.of(LightkubeAutoConfiguration.class, KubeWatchAutoConfiguration.class))) {
			context.registerBean(configuration);
		}
		TestGenerationContext generation = new TestGenerationContext();
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onType(Status.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(ConfigMap.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Listener.class.getDeclaredMethod("onConfigMap", WatchEvent.class))).accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		@KubeWatch(ConfigMap.class)
		void onConfigMap(WatchEvent<ConfigMap> event) {
		}

	}

	@Test
	void hintsCoverTheTypeGraphOfTheModelAndTheResourceIndex() {
		org.springframework.aot.hint.RuntimeHints hints = new org.springframework.aot.hint.RuntimeHints();
		new LightkubeRuntimeHints().registerHints(hints, getClass().getClassLoader());
		// Reached only through ObjectMeta's and Status's properties, not listed by name.
		assertThat(RuntimeHintsPredicates.reflection().onType(io.fabric8.kubernetes.api.model.FieldsV1.class))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ObjectMeta.class, "getLabels"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource(LightkubeRuntimeHints.RESOURCE_INDEX)).accepts(hints);
		// A class named in kubernetes-model-apps' index.
		assertThat(RuntimeHintsPredicates.reflection().onType(io.fabric8.kubernetes.api.model.apps.Deployment.class))
			.accepts(hints);
	}

}
