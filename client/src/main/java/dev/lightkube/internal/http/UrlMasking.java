package dev.lightkube.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides how a URL is shown: a server or proxy URL may carry {@code user:password@}, which never
 * reaches a message, a log line, a {@code toString()}, a health detail or a metric. Every place that prints a URL
 * goes through {@link #mask(String)}; requests are sent to {@link #withoutUserInfo(URI)} (Reactor Netty ignores the
 * user info anyway, and WebClient would print the URL it was given in the stack traces of failed requests).
 */
public final class UrlMasking {

	/** What replaces a secret. */
	public static final String MASK = "<masked>";

	private UrlMasking() {
	}

	/** The URL with any user info replaced by {@value #MASK}; {@code null} stays {@code null}. */
	public static @Nullable String mask(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = new URI(url);
			String userInfo = uri.getRawUserInfo();
			return (userInfo != null) ? url.replace(userInfo + "@", MASK + "@") : url;
		}
		catch (URISyntaxException ex) {
			// Not parseable: whatever stands before an '@' may be a secret.
			int at = url.lastIndexOf('@');
			if (at < 0) {
				return url;
			}
			int scheme = url.indexOf("://");
			return ((scheme >= 0 && scheme < at) ? url.substring(0, scheme + 3) : "") + MASK + url.substring(at);
		}
	}

	/** {@link #mask(String)} of a URI. */
	public static String mask(URI uri) {
		return mask(uri.toString());
	}

	/** The URI without its user info, as requests are sent. */
	public static URI withoutUserInfo(URI uri) {
		if (uri.getRawUserInfo() == null) {
			return uri;
		}
		try {
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
					uri.getFragment());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Cannot remove the user info of " + mask(uri), ex);
		}
	}

}
