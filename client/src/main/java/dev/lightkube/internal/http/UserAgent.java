package dev.lightkube.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code User-Agent} sent with every request, {@code lightkube-java/<version> (<os>/<arch>)} as client-go's
 * {@code <command>/<version> (<os>/<arch>)}: the API server records it, and uses it as the field manager of writes
 * made without one.
 */
final class UserAgent {

	/** The header's value. */
	static final String VALUE = "lightkube-java/" + version() + " (" + os() + "/" + arch() + ")";

	private UserAgent() {
	}

	static String version() {
		// Written by the build from the POM's version; "unknown" only when run from sources without the build.
		try (InputStream in = UserAgent.class.getResourceAsStream("lightkube-version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				String version = properties.getProperty("version", "");
				if (!version.isBlank() && !version.startsWith("${")) {
					return version.strip();
				}
			}
		}
		catch (IOException ex) {
			// Fall through: a missing version must not stop the client.
		}
		return "unknown";
	}

	private static String os() {
		String name = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
		if (name.startsWith("windows")) {
			return "windows";
		}
		if (name.startsWith("mac")) {
			return "darwin";
		}
		return name.replace(' ', '-');
	}

	private static String arch() {
		String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
		// Go's names, as client-go's User-Agent uses them.
		return switch (arch) {
			case "x86_64", "amd64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			default -> arch;
		};
	}

}
