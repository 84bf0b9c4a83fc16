package dev.lightkube.test.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A generated name that is already taken is generated again (as a 1.32 server does), instead of a 409.
 */
class GenerateNameTests {

	private final Registry registry = new Registry();

	private final Store store = new Store(100, Duration.ofMinutes(1));

	private final ResourceType configMaps = Objects.requireNonNull(this.registry.find("", "v1", "configmaps"));

	private Lifecycle lifecycle(String... suffixes) {
		Iterator<String> next = List.of(suffixes).iterator();
		return new Lifecycle(this.registry, this.store, next::next);
	}

	private ObjectNode generated() {
		ObjectNode object = Json.object();
		Json.metadata(object).put("generateName", "web-").put("namespace", "default");
		return object;
	}

	@Test
	void aCollidingSuffixIsGeneratedAgain() {
		Lifecycle lifecycle = lifecycle("aaaaa", "aaaaa", "aaaaa", "bbbbb");
		assertThat(Json.text(lifecycle.create(this.configMaps, "v1", "default", generated(), "test", false)
			.path("metadata"), "name")).isEqualTo("web-aaaaa");
		ObjectNode second = lifecycle.create(this.configMaps, "v1", "default", generated(), "test", false);
		assertThat(Json.text(second.path("metadata"), "name")).isEqualTo("web-bbbbb");
	}

	@Test
	void aNameTakenEveryTimeIsAConflictInTheEnd() {
		Lifecycle lifecycle = lifecycle("aaaaa", "aaaaa", "aaaaa", "aaaaa", "aaaaa", "aaaaa", "aaaaa", "aaaaa",
				"aaaaa", "aaaaa", "aaaaa");
		lifecycle.create(this.configMaps, "v1", "default", generated(), "test", false);
		assertThatExceptionOfType(ApiError.class)
			.isThrownBy(() -> lifecycle.create(this.configMaps, "v1", "default", generated(), "test", false))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(409));
	}

}
