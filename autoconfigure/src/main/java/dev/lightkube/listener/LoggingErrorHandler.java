package dev.lightkube.listener;

import dev.lightkube.WatchEvent;
import dev.lightkube.informer.InformerCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default error handler: logs which listener failed on which object (kind, namespace and name — never the
 * object's content, which may hold secrets) and lets delivery go on. Failures are counted by the listener metrics.
 */
public final class LoggingErrorHandler implements KubeWatchErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(LoggingErrorHandler.class);

	@Override
	public void handle(String listenerId, WatchEvent<?> event, Throwable exception) {
		Object object = event.object();
		String what = (object instanceof io.fabric8.kubernetes.api.model.HasMetadata resource)
				? resource.getKind() + " " + InformerCache.keyOf(resource) : String.valueOf(event.type());
		logger.error("@KubeWatch listener '{}' failed on {} {}", listenerId, event.type(), what, exception);
	}

}
