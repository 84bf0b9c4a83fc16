package dev.lightkube.annotation;

import dev.lightkube.EventType;
import dev.lightkube.listener.KubeWatchEndpoint;
import dev.lightkube.listener.KubeWatchErrorHandler;
import dev.lightkube.listener.KubeWatchListenerRegistry;
import dev.lightkube.listener.LeaderOnlyListeners;
import dev.lightkube.listener.LoggingErrorHandler;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link KubeWatch} methods on beans, resolves their attributes (placeholders included) and checks their
 * signatures, then hands them to the {@link KubeWatchListenerRegistry} once every singleton exists. Beans created
 * later ({@code @Lazy}, prototype, refresh-like scopes) have their listeners registered at once, and started when
 * the registry runs; a scoped bean's listeners are stopped and removed when the bean is destroyed.
 */
public class KubeWatchAnnotationBeanPostProcessor
		implements DestructionAwareBeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

	/** The bean name under which the auto-configuration registers this post-processor. */
	public static final String BEAN_NAME = "dev.lightkube.annotation.internalKubeWatchAnnotationProcessor";

	private static final List<Class<? extends Annotation>> CANDIDATE_ANNOTATIONS = List.of(KubeWatch.class,
			KubeWatches.class);

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private final List<Pending> endpoints = new ArrayList<>();

	/** The listener ids of each bean instance, to remove them when the bean is destroyed. */
	private final Map<Object, List<String>> idsByBean = Collections.synchronizedMap(new IdentityHashMap<>());

	/** Set once the singletons exist: from then on, listeners are registered as their beans appear. */
	private boolean singletonsInstantiated;

	private @Nullable ConfigurableBeanFactory beanFactory;

	private final KubeWatchErrorHandler defaultErrorHandler = new LoggingErrorHandler();

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		// As Spring's own @EventListener processor: JDK types and Spring's infrastructure beans cannot carry the
		// annotation, skip them unread (most beans of a small application).
		if (this.classesWithoutListeners.contains(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass, CANDIDATE_ANNOTATIONS)
				|| isSpringContainerClass(targetClass)) {
			return bean;
		}
		Map<Method, Set<KubeWatch>> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<KubeWatch>>) (method) -> {
					Set<KubeWatch> annotations = AnnotatedElementUtils.getMergedRepeatableAnnotations(method,
							KubeWatch.class, KubeWatches.class);
					return annotations.isEmpty() ? null : annotations;
				});
		if (methods.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		methods.forEach((method, annotations) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			int index = 0;
			for (KubeWatch annotation : annotations) {
				Pending pending = new Pending(annotation, bean, beanName, invocable, index++);
				synchronized (this.endpoints) {
					if (!this.singletonsInstantiated) {
						this.endpoints.add(pending);
						continue;
					}
				}
				register(requireBeanFactory().getBean(KubeWatchListenerRegistry.class), pending);
			}
		});
		return bean;
	}

	private static boolean isSpringContainerClass(Class<?> type) {
		return type.getName().startsWith("org.springframework.")
				&& !AnnotatedElementUtils.isAnnotated(ClassUtils.getUserClass(type), Component.class);
	}

	@Override
	public void afterSingletonsInstantiated() {
		boolean pending;
		synchronized (this.endpoints) {
			pending = !this.endpoints.isEmpty();
		}
		// Without listeners the registry is not asked for: a lazily initialised context leaves it (and the client
		// its listeners would need) unbuilt.
		KubeWatchListenerRegistry registry = pending
				? requireBeanFactory().getBean(KubeWatchListenerRegistry.class) : null;
		synchronized (this.endpoints) {
			// Built now, not when the bean was found: error handlers may be beans of the listener's own class.
			for (Pending endpoint : this.endpoints) {
				if (registry == null) {
					// Found by another thread since.
					registry = requireBeanFactory().getBean(KubeWatchListenerRegistry.class);
				}
				register(registry, endpoint);
			}
			this.endpoints.clear();
			this.singletonsInstantiated = true;
		}
	}

	private void register(KubeWatchListenerRegistry registry, Pending pending) {
		KubeWatchEndpoint endpoint = endpoint(pending.annotation(), pending.bean(), pending.beanName(),
				pending.method(), pending.index(), registry);
		registry.register(leaderOnly(pending.annotation(), pending.method())
				? leaderOnlyListeners(pending.method()).adopt(endpoint) : endpoint);
		this.idsByBean.computeIfAbsent(pending.bean(), (bean) -> new CopyOnWriteArrayList<>()).add(endpoint.id());
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return this.idsByBean.containsKey(bean);
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		List<String> ids = this.idsByBean.remove(bean);
		if (ids != null && this.beanFactory != null) {
			KubeWatchListenerRegistry registry;
			try {
				registry = this.beanFactory.getBeanProvider(KubeWatchListenerRegistry.class).getIfAvailable();
			}
			catch (BeansException ex) {
				// The context is closing and the registry is gone: it has stopped every listener already.
				return;
			}
			if (registry != null) {
				ids.forEach(registry::unregister);
			}
		}
	}

	private boolean leaderOnly(KubeWatch annotation, Method method) {
		String value = resolve(annotation.leaderOnly());
		if (!StringUtils.hasText(value)) {
			return bool(resolve("${lightkube.leader-election.enabled:false}"), "leaderOnly", method)
					&& bool(resolve("${lightkube.leader-election.leader-only-by-default:false}"), "leaderOnly", method);
		}
		return bool(value, "leaderOnly", method);
	}

	private LeaderOnlyListeners leaderOnlyListeners(Method method) {
		LeaderOnlyListeners listeners = requireBeanFactory().getBeanProvider(LeaderOnlyListeners.class).getIfAvailable();
		if (listeners == null) {
			throw new IllegalStateException("@KubeWatch on " + method.toGenericString()
					+ " is leader-only, but leader election is off: set lightkube.leader-election.enabled=true");
		}
		return listeners;
	}

	private record Pending(KubeWatch annotation, Object bean, String beanName, Method method, int index) {
	}

	private KubeWatchEndpoint endpoint(KubeWatch annotation, Object bean, String beanName, Method method, int index,
			KubeWatchListenerRegistry registry) {
		String id = resolve(annotation.id());
		if (!StringUtils.hasText(id)) {
			String base = beanName + "." + method.getName() + ((index > 0) ? "-" + index : "");
			id = base;
			// A second instance of a prototype (or re-created scoped) bean: its own listener, its own id.
			for (int instance = 2; registry.getListenerContainer(id) != null; instance++) {
				id = base + "#" + instance;
			}
		}
		String listener = "@KubeWatch listener '" + id + "' (" + method.toGenericString() + ")";
		KubeWatchEndpoint.ResourceSpec resource = resource(annotation, method);
		String namespace = emptyToNull(resolve(annotation.namespace()));
		if (namespace != null && !isNamespaced(resource)) {
			throw new IllegalStateException(listener + " sets namespace '" + namespace + "', but "
					+ describe(resource) + " is cluster-scoped: remove the namespace attribute");
		}
		String errorHandlerName = resolve(annotation.errorHandler());
		KubeWatchErrorHandler errorHandler = this.defaultErrorHandler;
		if (StringUtils.hasText(errorHandlerName)) {
			try {
				errorHandler = requireBeanFactory().getBean(errorHandlerName, KubeWatchErrorHandler.class);
			}
			catch (NoSuchBeanDefinitionException ex) {
				throw new IllegalStateException(listener + " names errorHandler '" + errorHandlerName
						+ "', but there is no KubeWatchErrorHandler bean of that name: define it or fix the name", ex);
			}
			catch (BeanNotOfRequiredTypeException ex) {
				throw new IllegalStateException(listener + " names errorHandler '" + errorHandlerName + "', a "
						+ ex.getActualType().getName() + ", not a KubeWatchErrorHandler", ex);
			}
		}
		return new KubeWatchEndpoint(id, bean, method, resource, namespace,
				emptyToNull(resolve(annotation.labels())), emptyToNull(resolve(annotation.fields())),
				(annotation.events().length > 0) ? Set.of(annotation.events())
						: Set.of(EventType.ADDED, EventType.MODIFIED, EventType.DELETED),
				bool(resolve(annotation.autoStartup()), "autoStartup", method), errorHandler, annotation.transform());
	}

	private static boolean isNamespaced(KubeWatchEndpoint.ResourceSpec resource) {
		Class<?> type = resource.type();
		if (type != null) {
			// Not a resource at all is reported by the registry, with its own message.
			return !HasMetadata.class.isAssignableFrom(type) || Namespaced.class.isAssignableFrom(type);
		}
		return resource.namespaced();
	}

	private static String describe(KubeWatchEndpoint.ResourceSpec resource) {
		return (resource.type() != null) ? resource.type().getSimpleName() : "kind " + resource.kind();
	}

	private KubeWatchEndpoint.ResourceSpec resource(KubeWatch annotation, Method method) {
		String version = resolve(annotation.version());
		String kind = resolve(annotation.kind());
		String plural = resolve(annotation.plural());
		if (annotation.value() != Void.class) {
			if (StringUtils.hasText(resolve(annotation.group())) || StringUtils.hasText(version)
					|| StringUtils.hasText(kind) || StringUtils.hasText(plural)) {
				throw new IllegalStateException("@KubeWatch on " + method.toGenericString() + " names both a model "
						+ "class (" + annotation.value().getSimpleName() + ") and a group/version/kind/plural: "
						+ "keep one of them");
			}
			return KubeWatchEndpoint.ResourceSpec.of(annotation.value());
		}
		if (!StringUtils.hasText(version) || !StringUtils.hasText(kind) || !StringUtils.hasText(plural)) {
			throw new IllegalStateException("@KubeWatch on " + method.toGenericString()
					+ " names no resource: set the model class (value) or version, kind and plural");
		}
		return KubeWatchEndpoint.ResourceSpec.generic(resolve(annotation.group()), version, kind, plural,
				bool(resolve(annotation.namespaced()), "namespaced", method));
	}

	private static boolean bool(String value, String attribute, Method method) {
		if ("true".equalsIgnoreCase(value.strip())) {
			return true;
		}
		if ("false".equalsIgnoreCase(value.strip())) {
			return false;
		}
		throw new IllegalStateException("@KubeWatch on " + method.toGenericString() + ": " + attribute
				+ " must be true or false, got '" + value + "'");
	}

	private String resolve(String value) {
		if (this.beanFactory == null || value.isEmpty()) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		return (resolved != null) ? resolved : "";
	}

	private static @Nullable String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	private ConfigurableBeanFactory requireBeanFactory() {
		if (this.beanFactory == null) {
			throw new IllegalStateException("@KubeWatch needs a ConfigurableBeanFactory");
		}
		return this.beanFactory;
	}

}
