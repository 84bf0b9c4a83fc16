package dev.lightkube.config;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The kubeconfig fixtures under {@code src/test/resources/kubeconfig}. */
final class Fixtures {

	/** Every secret in the fixtures contains this, so a test can check none leaks. */
	static final String SECRET_MARKER = "SECRET";

	private Fixtures() {
	}

	static Path path(String name) {
		URL url = Fixtures.class.getResource("/kubeconfig/" + name);
		if (url == null) {
			throw new IllegalArgumentException("no fixture " + name);
		}
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Path full() {
		return path("full/config");
	}

}
