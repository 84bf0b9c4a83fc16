package dev.lightkube.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code toString()} of every configuration object hides secrets. */
class MaskingTest {

	@Test
	void noResolvedContextShowsASecret() {
		KubeConfig config = KubeConfig.fromFile(Fixtures.full());
		assertThat(config.toString()).doesNotContain(Fixtures.SECRET_MARKER);
		int checked = 0;
		for (String name : config.contextNames()) {
			if (name.equals("legacy-oidc")) {
				continue;
			}
			SingleConfig single = config.get(name);
			assertThat(single.toString()).as(name).doesNotContain(Fixtures.SECRET_MARKER);
			assertThat(single.user().toString()).as(name).doesNotContain(Fixtures.SECRET_MARKER);
			assertThat(single.cluster().toString()).as(name).doesNotContain(Fixtures.SECRET_MARKER);
			checked++;
		}
		assertThat(checked).isEqualTo(8);
		config.users().values().forEach((user) -> assertThat(user.toString()).doesNotContain(Fixtures.SECRET_MARKER));
	}

	@Test
	void secretsArePresentButShownMasked() {
		KubeConfig config = KubeConfig.fromFile(Fixtures.full());
		assertThat(config.get("token").user().toString()).contains("token=<masked>");
		assertThat(config.get("basic").user().toString()).contains("password=<masked>");
		assertThat(config.get("cert-data").user().toString()).contains("clientKeyData=<masked>");
		assertThat(config.get("basic").cluster().toString())
			.contains("proxyUrl=socks5://<masked>@socks.example.com:1080");
		ExecConfig exec = config.get("exec-v1").user().exec();
		assertThat(exec.env()).containsValue("SECRET-ENV-VALUE");
		assertThat(exec.toString()).contains("PLUGIN_MODE", "args=<4 masked>").doesNotContain("SECRET-ENV-VALUE");
	}

	@Test
	void userInfoOfAServerUrlIsMasked() {
		assertThat(Cluster.of("https://admin:SECRET-PW@example.com").toString())
			.contains("server=https://<masked>@example.com")
			.doesNotContain(Fixtures.SECRET_MARKER);
	}

	@Test
	void mergedConfigurationsShowNoSecret() {
		KubeConfig merged = KubeConfig.fromFiles(List.of(Fixtures.path("merged/first.yaml"),
				Fixtures.path("merged/second.yaml"), Fixtures.path("merged/other/third.yaml")));
		for (String name : merged.contextNames()) {
			assertThat(merged.get(name).toString()).as(name).doesNotContain(Fixtures.SECRET_MARKER);
		}
	}

}
