package dev.lightkube.config;

import dev.lightkube.internal.http.UrlMasking;
import org.jspecify.annotations.Nullable;

/** How secrets are shown in {@code toString()} and messages: never. */
final class Masking {

	static final String MASK = UrlMasking.MASK;

	private Masking() {
	}

	static @Nullable String secret(@Nullable Object value) {
		return (value != null) ? MASK : null;
	}

	static @Nullable String bytes(byte @Nullable [] value) {
		return (value != null) ? MASK : null;
	}

	/** A URL with any {@code user:password@} part masked (see {@link UrlMasking}). */
	static @Nullable String url(@Nullable String url) {
		return UrlMasking.mask(url);
	}

}
