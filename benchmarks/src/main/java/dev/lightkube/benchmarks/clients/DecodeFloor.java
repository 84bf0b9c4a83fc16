package dev.lightkube.benchmarks.clients;

import java.util.List;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
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

	/** A floor over the fixture bytes. */
	public DecodeFloor(PodFixtures fixtures) {
		this.fixtures = fixtures;
	}

	@Override
	public String name() {
		return "decode floor";
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
		List<byte[]> lines = this.fixtures.watchEventLines();
		int count = 0;
		for (int i = 0; i < events && i < lines.size(); i++) {
			PodWatchEvent event = this.eventReader.readValue(lines.get(i));
			if (event.object != null) {
				count++;
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
