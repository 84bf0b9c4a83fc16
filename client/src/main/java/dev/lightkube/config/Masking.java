package dev.lightkube.config;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/** How secrets are shown in {@code toString()} and messages: never. */
final class Masking {

	static final String MASK = "<masked>";

	private Masking() {
	}

	static @Nullable String secret(@Nullable Object value) {
		return (value != null) ? MASK : null;
	}

	static @Nullable String bytes(byte @Nullable [] value) {
		return (value != null) ? MASK : null;
	}

	/** A URL with any {@code user:password@} part masked. */
	static @Nullable String url(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = URI.create(url);
			if (uri.getRawUserInfo() == null) {
				return url;
			}
			return url.replace(uri.getRawUserInfo(), MASK);
		}
		catch (IllegalArgumentException ex) {
			return (url.contains("@")) ? MASK : url;
		}
	}

}
