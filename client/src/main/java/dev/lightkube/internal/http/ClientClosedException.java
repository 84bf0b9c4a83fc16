package dev.lightkube.internal.http;

import dev.lightkube.KubeException;
import org.jspecify.annotations.Nullable;

/**
 * The client was closed: new requests are refused and requests, watches, logs and exec sessions in flight end with
 * this. Never retried.
 */
public final class ClientClosedException extends KubeException {

	private static final long serialVersionUID = 1L;

	/** The client was closed before or during {@code what}. */
	public ClientClosedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
