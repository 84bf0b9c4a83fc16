package dev.lightkube.config;

import dev.lightkube.KubeException;
import org.jspecify.annotations.Nullable;

/**
 * The cluster configuration is missing, unreadable or invalid. The message names the file, the context
 * and the field at fault, and never contains a secret.
 */
public class ConfigException extends KubeException {

	private static final long serialVersionUID = 1L;

	public ConfigException(String message) {
		super(message);
	}

	public ConfigException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
