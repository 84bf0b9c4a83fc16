package dev.lightkube.benchmarks.clients;

import java.io.IOException;
import java.io.InputStream;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Streams the items of a PodList one pod at a time with Jackson's parser: the floor for the lazy list.
 */
final class PodItems {

	// The parser stays inside the array after each pod: what follows is the next item, not trailing garbage.
	private static final ObjectReader POD = PodFixtures.mapper()
		.readerFor(Pod.class)
		.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private PodItems() {
	}

	/** Decode every item of the list in {@code in} without holding more than one pod; return the count. */
	static int count(InputStream in) throws IOException {
		try (JsonParser parser = PodFixtures.mapper().createParser(in)) {
			return count(parser);
		}
	}

	/** Same as {@link #count(InputStream)} over bytes in memory. */
	static int count(byte[] json) {
		try (JsonParser parser = PodFixtures.mapper().createParser(json)) {
			return count(parser);
		}
	}

	private static int count(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw new IllegalStateException("a PodList must be a JSON object");
		}
		int count = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if (!"items".equals(field) || value != JsonToken.START_ARRAY) {
				parser.skipChildren();
				continue;
			}
			while (parser.nextToken() == JsonToken.START_OBJECT) {
				Pod pod = POD.readValue(parser);
				if (pod.getMetadata() != null) {
					count++;
				}
			}
		}
		return count;
	}

}
