package dev.lightkube;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception this library throws. Unchecked, like the rest of the Spring and Reactor world.
 * Messages never contain a token, password or private key.
 */
public class KubeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** An exception with a message that names what failed. */
	public KubeException(String message) {
		super(message);
	}

	/** An exception with a message and the failure that caused it. */
	public KubeException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
