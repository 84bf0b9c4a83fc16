package dev.lightkube.test;

import dev.lightkube.KubeClient;
import dev.lightkube.config.KubeConfig;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link KubeApiServerTest}: one server per test class, closed after the class, injected as
 * a {@link KubeApiServer} parameter, and a ready {@link KubeClient} connected to it (namespace {@code default}).
 */
public class KubeApiServerExtension implements ParameterResolver, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(KubeApiServerExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == KubeApiServer.class || type == KubeClient.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (parameterContext.getParameter().getType() == KubeClient.class) {
			return client(extensionContext);
		}
		return server(extensionContext);
	}

	/** The client of the test class, made on first use and closed with the class. */
	protected KubeClient client(ExtensionContext context) {
		KubeApiServer server = server(context);
		return classContext(context).getStore(NAMESPACE)
			.computeIfAbsent(KubeClient.class,
					(key) -> KubeClient.builder().config(KubeConfig.fromFile(server.kubeconfigFile())).build(),
					KubeClient.class);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (settings(context).map(KubeApiServerTest::resetAfterEach).orElse(false)) {
			KubeApiServer server = classContext(context).getStore(NAMESPACE).get(KubeApiServer.class,
					KubeApiServer.class);
			if (server != null) {
				server.reset();
			}
		}
	}

	/** The test class's server, started on first use. */
	protected KubeApiServer server(ExtensionContext context) {
		boolean tls = settings(context).map(KubeApiServerTest::tls).orElse(false);
		return classContext(context).getStore(NAMESPACE)
			.computeIfAbsent(KubeApiServer.class, (key) -> KubeApiServer.builder().tls(tls).start(),
					KubeApiServer.class);
	}

	private static Optional<KubeApiServerTest> settings(ExtensionContext context) {
		return context.getTestClass()
			.flatMap((type) -> AnnotationSupport.findAnnotation(type, KubeApiServerTest.class));
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

}
