package dev.lightkube.benchmarks.clients;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP floor: the JDK {@link HttpClient} fetching the bytes and one Jackson {@code readValue} on the body
 * stream. No client on top: what is left above this line is a client's own overhead.
 */
public final class JdkHttpFloor implements ClientUnderTest {

	private final URI pods;

	private final PodFixtures fixtures;

	private final JsonMapper mapper = PodFixtures.mapper();

	private final ObjectReader eventReader = this.mapper.readerFor(PodWatchEvent.class);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	/** A floor against the server at {@code server}. */
	public JdkHttpFloor(URI server, PodFixtures fixtures) {
		this.pods = server.resolve("/api/v1/namespaces/" + PodFixtures.NAMESPACE + "/pods");
		this.fixtures = fixtures;
	}

	@Override
	public String name() {
		return "JDK HttpClient floor";
	}

	@Override
	public String transport() {
		return "java.net.http.HttpClient (HTTP/1.1)";
	}

	@Override
	public int list() throws Exception {
		try (InputStream body = send(HttpRequest.newBuilder(this.pods).GET())) {
			return this.mapper.readValue(body, PodList.class).getItems().size();
		}
	}

	@Override
	public int iterate() throws Exception {
		try (InputStream body = send(HttpRequest.newBuilder(this.pods).GET())) {
			return PodItems.count(body);
		}
	}

	@Override
	public Object get(String name) throws Exception {
		return pod(HttpRequest.newBuilder(URI.create(this.pods + "/" + name)).GET());
	}

	@Override
	public int watch(int events) throws Exception {
		int count = 0;
		try (InputStream body = send(HttpRequest.newBuilder(URI.create(this.pods + "?watch=true")).GET());
				MappingIterator<PodWatchEvent> iterator = this.eventReader.readValues(body)) {
			while (count < events && iterator.hasNextValue()) {
				if (iterator.nextValue().object != null) {
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public Object create() throws Exception {
		return pod(HttpRequest.newBuilder(this.pods)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(this.mapper.writeValueAsBytes(this.fixtures.pod()))));
	}

	@Override
	public Object patch() throws Exception {
		String name = this.fixtures.pod().getMetadata().getName();
		return pod(HttpRequest.newBuilder(URI.create(this.pods + "/" + name))
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH", BodyPublishers.ofString(PodFixtures.MERGE_PATCH)));
	}

	@Override
	public Object apply() throws Exception {
		Pod pod = this.fixtures.pod();
		BodyPublisher body = BodyPublishers.ofByteArray(this.mapper.writeValueAsBytes(pod));
		URI uri = URI.create(this.pods + "/" + pod.getMetadata().getName() + "?fieldManager="
				+ PodFixtures.FIELD_MANAGER + "&force=true");
		return pod(HttpRequest.newBuilder(uri).header("Content-Type", "application/apply-patch+yaml")
			.method("PATCH", body));
	}

	private Pod pod(HttpRequest.Builder request) throws IOException, InterruptedException {
		try (InputStream body = send(request)) {
			return this.mapper.readValue(body, Pod.class);
		}
	}

	private InputStream send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = this.http.send(request.header("Accept", "application/json").build(),
				BodyHandlers.ofInputStream());
		if (response.statusCode() >= 300) {
			response.body().close();
			throw new IOException("HTTP " + response.statusCode() + " from " + response.uri());
		}
		return response.body();
	}

	@Override
	public void close() {
		// HttpClient has no close() before Java 21; its threads end when it is unreachable.
	}

}
