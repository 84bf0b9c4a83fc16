package dev.lightkube.internal.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightkube.WatchEvent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Decoding through the engine and a real HTTP stream: large events, generic resources, bad data.
 */
class WatchEngineDecodingTests extends WatchWireMockSupport {

	@Test
	void eventLargerThan256KiBSplitOverManyChunksDecodes() {
		// Spring's JSON decoders stop at 256 KiB per object by default; the engine has no such limit
		String big = "x".repeat(300 * 1024);
		String large = "{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
				+ "\"name\":\"big\",\"resourceVersion\":\"11\",\"annotations\":{\"blob\":\"" + big + "\"}}}}\n";
		respondInSequence(aResponse().withStatus(200)
			.withBody(large + event("MODIFIED", "a", "12"))
			.withChunkedDribbleDelay(64, 200));

		List<WatchEvent<Pod>> events = watch(settings().resourceVersion("10").build()).take(2)
			.collectList()
			.block(GUARD);

		assertThat(events.get(0).object().getMetadata().getAnnotations().get("blob")).isEqualTo(big);
		assertThat(events.get(1).object().getMetadata().getName()).isEqualTo("a");
		assertThat(queries()).containsExactly(query("10"));
	}

	@Test
	void genericResourcesDecode() {
		respondInSequence(stream("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
				+ "\"metadata\":{\"name\":\"w\",\"resourceVersion\":\"11\"},\"spec\":{\"size\":3}}}\n"));

		WatchEvent<GenericKubernetesResource> event = new WatchEngine<>(connector(), this.mapper,
				GenericKubernetesResource.class, PATH, settings().resourceVersion("10").build())
			.events()
			.blockFirst(GUARD);

		assertThat(event.object().getKind()).isEqualTo("Widget");
		assertThat(event.object().getAdditionalProperties()).containsKey("spec");
	}

	@Test
	void undecodableDataGoesToTheHandlerAfterTheGoodEvents() {
		respondInSequence(stream(event("MODIFIED", "a", "11"), "<html>proxy error</html>\n"));

		StepVerifier.create(watch(settings().resourceVersion("10").build()))
			.expectNextCount(1)
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(WatchDecodingException.class)
				.hasMessageContaining("cannot decode an event"))
			.verify(GUARD);
		assertThat(queries()).containsExactly(query("10"));
	}

}
