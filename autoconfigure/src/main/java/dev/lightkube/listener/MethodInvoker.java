package dev.lightkube.listener;

import dev.lightkube.EventType;
import dev.lightkube.WatchEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.springframework.util.ReflectionUtils;
import reactor.core.publisher.Mono;

/**
 * Calls a {@code @KubeWatch} method with one of the supported signatures: {@code (WatchEvent<T>)}, {@code (T)} or
 * {@code (EventType, T)}, returning {@code void} or {@code Mono<Void>} (awaited, so deliveries stay in order).
 */
final class MethodInvoker<T> implements KubeWatchContainer.ListenerInvoker<T> {

	private enum Shape {

		EVENT, OBJECT, TYPE_AND_OBJECT

	}

	private final Object bean;

	private final Method method;

	private final Shape shape;

	private final boolean reactive;

	private MethodInvoker(Object bean, Method method, Shape shape, boolean reactive) {
		this.bean = bean;
		this.method = method;
		this.shape = shape;
		this.reactive = reactive;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Checks the method's signature against the resource type.
	 * @throws IllegalStateException naming the method when the signature is not supported
	 */
	static <T> MethodInvoker<T> of(Object bean, Method method, Class<?> resourceType) {
		Class<?>[] parameters = method.getParameterTypes();
		boolean reactive = Mono.class.isAssignableFrom(method.getReturnType());
		if (!reactive && method.getReturnType() != void.class) {
			throw unsupported(method, resourceType, "it returns " + method.getReturnType().getSimpleName());
		}
		if (parameters.length == 1 && parameters[0] == WatchEvent.class) {
			checkEventTypeArgument(method, resourceType);
			return new MethodInvoker<>(bean, method, Shape.EVENT, reactive);
		}
		if (parameters.length == 1 && parameters[0].isAssignableFrom(resourceType)) {
			return new MethodInvoker<>(bean, method, Shape.OBJECT, reactive);
		}
		if (parameters.length == 2 && parameters[0] == EventType.class
				&& parameters[1].isAssignableFrom(resourceType)) {
			return new MethodInvoker<>(bean, method, Shape.TYPE_AND_OBJECT, reactive);
		}
		throw unsupported(method, resourceType, "its parameters do not match");
	}

	private static void checkEventTypeArgument(Method method, Class<?> resourceType) {
		Type generic = method.getGenericParameterTypes()[0];
		if (generic instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[0] instanceof Class<?> argument
				&& !argument.isAssignableFrom(resourceType)) {
			throw unsupported(method, resourceType, "WatchEvent<" + argument.getSimpleName() + "> does not match "
					+ resourceType.getSimpleName());
		}
	}

	private static IllegalStateException unsupported(Method method, Class<?> resourceType, String why) {
		String type = resourceType.getSimpleName();
		return new IllegalStateException("@KubeWatch method " + method.toGenericString() + " is not supported ("
				+ why + "); use (WatchEvent<" + type + ">), (" + type + ") or (EventType, " + type
				+ ") returning void or Mono<Void>");
	}

	@Override
	public void invoke(WatchEvent<T> event) throws Exception {
		Object[] arguments = switch (this.shape) {
			case EVENT -> new Object[] { event };
			case OBJECT -> new Object[] { event.object() };
			case TYPE_AND_OBJECT -> new Object[] { event.type(), event.object() };
		};
		Object result;
		try {
			result = this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
		if (this.reactive && result != null) {
			((Mono<?>) result).block();
		}
	}

	@Override
	public String toString() {
		return this.method.toGenericString();
	}

}
