package dev.lightkube.benchmarks.clients;

import java.io.ByteArrayOutputStream;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decode floor: Jackson turning the very bytes the server sends into the fabric8 model, from memory, no I/O.
 * Writes serialize the request body too, as any client must.
 */
public final class DecodeFloor implements ClientUnderTest {

	private final PodFixtures fixtures;

	private final JsonMapper mapper = PodFixtures.mapper();

	private final ObjectReader eventReader = this.mapper.readerFor(PodWatchEvent.class);

	private final byte[] watchStream;

	/** A floor over the fixture bytes. */
	public DecodeFloor(PodFixtures fixtures) {
		this.fixtures = fixtures;
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		fixtures.watchEventLines().forEach(stream::writeBytes);
		this.watchStream = stream.toByteArray();
	}

	@Override
	public String name() {
		return "decode floor";
	}

	@Override
	public String transport() {
		return "none (from memory)";
	}

	@Override
	public int list() {
		return this.mapper.readValue(this.fixtures.podListJson(), PodList.class).getItems().size();
	}

	@Override
	public int iterate() {
		return PodItems.count(this.fixtures.podListJson());
	}

	@Override
	public Object get(String name) {
		return this.mapper.readValue(this.fixtures.podJson(), Pod.class);
	}

	@Override
	public int watch(int events) {
		// One parser over the whole stream, as the HTTP floor reads it; a parser per line costs more than the I/O.
		int count = 0;
		try (MappingIterator<PodWatchEvent> iterator = this.eventReader.readValues(this.watchStream)) {
			while (count < events && iterator.hasNextValue()) {
				if (iterator.nextValue().object != null) {
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public Object create() {
		byte[] body = this.mapper.writeValueAsBytes(this.fixtures.pod());
		return (body.length > 0) ? this.mapper.readValue(this.fixtures.podJson(), Pod.class) : body;
	}

	@Override
	public Object patch() {
		return this.mapper.readValue(this.fixtures.podJson(), Pod.class);
	}

	@Override
	public Object apply() {
		return create();
	}

	@Override
	public void close() {
	}

}
