package dev.lightkube.internal.http;

import dev.lightkube.config.ConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.netty.transport.ProxyProvider;

/**
 * The proxy to reach the cluster through, from kubeconfig {@code proxy-url}, an explicit setting or the
 * environment ({@code HTTPS_PROXY}, {@code NO_PROXY}), in that order. {@code toString()} masks the credentials.
 *
 * @param type HTTP (also for {@code https://} proxies, which are reached over TLS) or SOCKS5
 * @param tls the proxy itself is reached over TLS ({@code https://} proxy URL)
 * @param host the proxy host
 * @param port the proxy port
 * @param username from the URL's user info
 * @param password from the URL's user info
 */
record ProxySettings(ProxyProvider.Proxy type, boolean tls, String host, int port, @Nullable String username,
		@Nullable String password) {

	/**
	 * The proxy for {@code server}, or {@code null} for a direct connection.
	 * @param proxyUrl the cluster's {@code proxy-url}, used unconditionally
	 * @param explicitProxy the client's proxy setting, used unconditionally when there is no {@code proxy-url}
	 * @param environment the environment variables to read when {@code trustEnv}
	 */
	static @Nullable ProxySettings select(URI server, @Nullable String proxyUrl, String proxyUrlField,
			@Nullable String explicitProxy, boolean trustEnv, Map<String, String> environment) {
		if (proxyUrl != null && !proxyUrl.isBlank()) {
			return parse(proxyUrl, proxyUrlField);
		}
		if (explicitProxy != null && !explicitProxy.isBlank()) {
			return parse(explicitProxy, "the proxy setting");
		}
		if (!trustEnv) {
			return null;
		}
		boolean https = "https".equalsIgnoreCase(server.getScheme());
		String name = https ? "HTTPS_PROXY" : "HTTP_PROXY";
		String fromEnvironment = env(environment, name);
		if (fromEnvironment == null) {
			return null;
		}
		String noProxy = env(environment, "NO_PROXY");
		int port = (server.getPort() != -1) ? server.getPort() : (https ? 443 : 80);
		if (noProxy != null && bypass(noProxy, server.getHost(), port)) {
			return null;
		}
		return parse(fromEnvironment, "the environment variable " + name);
	}

	// Go's httpproxy: the upper-case name first, then the lower-case one.
	private static @Nullable String env(Map<String, String> environment, String name) {
		for (String key : new String[] { name, name.toLowerCase(Locale.ROOT) }) {
			String value = environment.get(key);
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

	static ProxySettings parse(String url, String field) {
		// Go accepts a proxy without a scheme and takes it as http.
		String withScheme = url.contains("://") ? url : "http://" + url;
		URI uri;
		try {
			uri = new URI(withScheme);
		}
		catch (Exception ex) {
			throw new ConfigException(field + " is not a valid proxy URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		ProxyProvider.Proxy type;
		int defaultPort;
		switch (scheme) {
			case "http" -> {
				type = ProxyProvider.Proxy.HTTP;
				defaultPort = 80;
			}
			case "https" -> {
				type = ProxyProvider.Proxy.HTTP;
				defaultPort = 443;
			}
			case "socks5", "socks5h" -> {
				type = ProxyProvider.Proxy.SOCKS5;
				defaultPort = 1080;
			}
			default -> throw new ConfigException(
					field + " has the unsupported proxy scheme '" + scheme + "' (use http, https or socks5)");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new ConfigException(field + " has no host");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		String username = null;
		String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : null;
		}
		return new ProxySettings(type, "https".equals(scheme), host, (uri.getPort() != -1) ? uri.getPort() : defaultPort,
				username, password);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Whether {@code NO_PROXY} exempts the host, with Go's rules: {@code *} matches everything; an entry matches
	 * the host itself and, as a domain, its sub-domains (a leading dot is optional); an IP or CIDR entry matches
	 * addresses; an entry with {@code :port} matches only that port.
	 */
	static boolean bypass(String noProxy, String host, int port) {
		String target = stripBrackets(host.toLowerCase(Locale.ROOT));
		for (String raw : noProxy.split(",")) {
			String entry = raw.strip().toLowerCase(Locale.ROOT);
			if (entry.isEmpty()) {
				continue;
			}
			if (entry.equals("*")) {
				return true;
			}
			if (entry.contains("/")) {
				if (inCidr(target, entry)) {
					return true;
				}
				continue;
			}
			int entryPort = -1;
			int colon = entry.lastIndexOf(':');
			if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) {
				entryPort = parsePort(entry.substring(colon + 1));
				entry = entry.substring(0, colon);
			}
			else if (entry.startsWith("[") && entry.contains("]:")) {
				entryPort = parsePort(entry.substring(entry.indexOf("]:") + 2));
				entry = entry.substring(0, entry.indexOf("]:") + 1);
			}
			entry = stripBrackets(entry);
			if (entryPort != -1 && entryPort != port) {
				continue;
			}
			String domain = entry.startsWith(".") ? entry.substring(1) : entry;
			if (target.equals(domain) || target.endsWith("." + domain)) {
				return true;
			}
		}
		return false;
	}

	private static int parsePort(String port) {
		try {
			return Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			return -2;
		}
	}

	private static String stripBrackets(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	private static boolean inCidr(String host, String cidr) {
		int slash = cidr.indexOf('/');
		if (!isIpLiteral(host) || !isIpLiteral(cidr.substring(0, slash))) {
			return false;
		}
		try {
			byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
			byte[] address = InetAddress.getByName(host).getAddress();
			int bits = Integer.parseInt(cidr.substring(slash + 1));
			if (network.length != address.length || bits < 0 || bits > network.length * 8) {
				return false;
			}
			for (int i = 0; i < bits; i++) {
				int mask = 0x80 >> (i % 8);
				if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException | NumberFormatException ex) {
			return false;
		}
	}

	// Only literals: a NO_PROXY check must not resolve names.
	private static boolean isIpLiteral(String host) {
		return host.contains(":") || host.matches("[0-9.]+");
	}

	@Override
	public String toString() {
		return "ProxySettings[type=" + this.type + ", tls=" + this.tls + ", host=" + this.host + ", port=" + this.port
				+ ", username=" + this.username + ", password=" + ((this.password != null) ? "<masked>" : null) + "]";
	}

}
