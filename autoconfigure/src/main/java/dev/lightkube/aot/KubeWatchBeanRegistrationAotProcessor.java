package dev.lightkube.aot;

import dev.lightkube.annotation.KubeWatch;
import dev.lightkube.annotation.KubeWatches;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Ahead-of-time hints for {@code @KubeWatch} beans: their listener methods are invoked reflectively, and the
 * resource classes they name are bound by Jackson.
 */
class KubeWatchBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = registeredBean.getBeanClass();
		Map<Method, Set<KubeWatch>> methods = MethodIntrospector.selectMethods(beanClass,
				(MethodIntrospector.MetadataLookup<Set<KubeWatch>>) (method) -> {
					Set<KubeWatch> annotations = AnnotatedElementUtils.getMergedRepeatableAnnotations(method,
							KubeWatch.class, KubeWatches.class);
					return annotations.isEmpty() ? null : annotations;
				});
		if (methods.isEmpty()) {
			return null;
		}
		Set<Class<?>> resources = new LinkedHashSet<>();
		methods.values().forEach((annotations) -> annotations.stream()
			.map(KubeWatch::value)
			.filter((type) -> type != Void.class)
			.forEach(resources::add));
		return new Contribution(methods.keySet(), resources);
	}

	private record Contribution(Set<Method> methods, Set<Class<?>> resources) implements BeanRegistrationAotContribution {

		@Override
		public void applyTo(GenerationContext generationContext, BeanRegistrationCode beanRegistrationCode) {
			RuntimeHints hints = generationContext.getRuntimeHints();
			for (Method method : this.methods) {
				hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
			}
			for (Class<?> resource : this.resources) {
				LightkubeRuntimeHints.registerModel(hints, resource);
			}
		}

	}

}
