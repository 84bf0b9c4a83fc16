package dev.lightkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What this module brings to an application's test class path. */
class PackagingTests {

	@Test
	void quicNativeLibrariesAreNotOnTheClassPath() {
		// Surefire's own record of the resolved test class path (java.class.path may be a manifest-only jar).
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		assertThat(classPath).contains("reactor-netty-http").doesNotContain("netty-codec-native-quic");
	}

}
