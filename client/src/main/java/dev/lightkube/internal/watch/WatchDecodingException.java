package dev.lightkube.internal.watch;

import dev.lightkube.KubeException;
import org.jspecify.annotations.Nullable;

/** A watch stream carried something that is not a watch event, or an event too large. */
public final class WatchDecodingException extends KubeException {

	private static final long serialVersionUID = 1L;

	WatchDecodingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
