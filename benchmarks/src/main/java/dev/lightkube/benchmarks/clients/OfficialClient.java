package dev.lightkube.benchmarks.clients;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import com.google.gson.reflect.TypeToken;
import dev.lightkube.benchmarks.fixture.PodFixtures;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import okhttp3.OkHttpClient;

/**
 * The official Kubernetes Java client ({@code io.kubernetes:client-java}, OkHttp and Gson), used as its README
 * shows: {@link CoreV1Api} for the verbs, {@link Watch} for the watch and {@link PatchUtils} for patch and apply.
 */
public final class OfficialClient implements ClientUnderTest {

	private static final Type EVENT_TYPE = new TypeToken<Watch.Response<V1Pod>>() {
	}.getType();

	private final ApiClient apiClient;

	private final CoreV1Api core;

	private final V1Pod pod;

	/** A client for the server at {@code server}. */
	public OfficialClient(URI server, PodFixtures fixtures) {
		// ClientBuilder.standard() would read a kubeconfig; the plain builder only takes the URL.
		ApiClient client = new ClientBuilder().setBasePath(server.toString()).build();
		// A watch waits for events for as long as it lives, as the client's own watch examples configure.
		OkHttpClient http = client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build();
		this.apiClient = client.setHttpClient(http);
		this.core = new CoreV1Api(this.apiClient);
		this.pod = this.apiClient.getJSON().deserialize(PodFixtures.utf8(fixtures.podJson()), V1Pod.class);
	}

	@Override
	public String name() {
		return "official client-java";
	}

	@Override
	public String transport() {
		return "OkHttp";
	}

	@Override
	public int list() throws Exception {
		return this.core.listNamespacedPod(PodFixtures.NAMESPACE).execute().getItems().size();
	}

	@Override
	public int iterate() throws Exception {
		// No lazy list: the whole list is the way through the items.
		return list();
	}

	@Override
	public Object get(String name) throws Exception {
		return this.core.readNamespacedPod(name, PodFixtures.NAMESPACE).execute();
	}

	@Override
	public int watch(int events) throws Exception {
		int count = 0;
		try (Watch<V1Pod> watch = Watch.createWatch(this.apiClient,
				this.core.listNamespacedPod(PodFixtures.NAMESPACE).watch(true).buildCall(null), EVENT_TYPE)) {
			for (Watch.Response<V1Pod> event : watch) {
				if (event.object != null) {
					count++;
				}
				if (count == events) {
					break;
				}
			}
		}
		return count;
	}

	@Override
	public Object create() throws Exception {
		return this.core.createNamespacedPod(PodFixtures.NAMESPACE, this.pod).execute();
	}

	@Override
	public Object patch() throws Exception {
		String name = this.pod.getMetadata().getName();
		return PatchUtils.patch(V1Pod.class,
				() -> this.core.patchNamespacedPod(name, PodFixtures.NAMESPACE, new V1Patch(PodFixtures.MERGE_PATCH))
					.buildCall(null),
				V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, this.apiClient);
	}

	@Override
	public Object apply() throws Exception {
		String name = this.pod.getMetadata().getName();
		return PatchUtils.patch(V1Pod.class,
				() -> this.core
					.patchNamespacedPod(name, PodFixtures.NAMESPACE, new V1Patch(this.apiClient.getJSON().serialize(this.pod)))
					.fieldManager(PodFixtures.FIELD_MANAGER)
					.force(true)
					.buildCall(null),
				V1Patch.PATCH_FORMAT_APPLY_YAML, this.apiClient);
	}

	@Override
	public void close() {
		OkHttpClient http = this.apiClient.getHttpClient();
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
	}

}
