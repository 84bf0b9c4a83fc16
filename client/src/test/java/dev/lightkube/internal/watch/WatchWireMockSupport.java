package dev.lightkube.internal.watch;

import dev.lightkube.internal.retry.Backoff;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lightkube.ApiException;
import dev.lightkube.WatchEvent;
import dev.lightkube.WatchErrorHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * WireMock plumbing for the watch tests: a plain WebClient connector, scenario sequences, event lines and the
 * request journal as query maps.
 */
abstract class WatchWireMockSupport {

	static final String PATH = "/api/v1/namespaces/default/pods";

	static final long TIMEOUT_SECONDS = 7;

	static final Duration GUARD = Duration.ofSeconds(30);

	static final Backoff FAST_BACKOFF = new Backoff(Duration.ofMillis(1), Duration.ofMillis(20), 0.5,
			Duration.ofHours(1));

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	final ObjectMapper mapper = JsonMapper.builder().build();

	final RecordingObserver observer = new RecordingObserver();

	/** Loads the HTTP stack once, so that the first test's timeouts do not include class loading. */
	@BeforeAll
	static void warmUp() {
		WebClient.create(wireMock.baseUrl()).get().uri("/__admin/health").retrieve().toBodilessEntity().block(GUARD);
	}

	WebClient webClient() {
		return WebClient.builder().baseUrl(wireMock.baseUrl()).build();
	}

	/** The connector a client would build: path plus the engine's query; errors become ApiException. */
	WatchConnector connector() {
		WebClient webClient = webClient();
		return (query) -> webClient.get()
			.uri((builder) -> {
				builder.path(PATH);
				query.params().forEach(builder::queryParam);
				return builder.build();
			})
			.retrieve()
			.onStatus(HttpStatusCode::isError, this::toApiException)
			.bodyToFlux(DataBuffer.class);
	}

	private Mono<ApiException> toApiException(ClientResponse response) {
		int code = response.statusCode().value();
		String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
		return response.bodyToMono(String.class).defaultIfEmpty("").map((body) -> {
			Status status = body.isBlank() ? new StatusBuilder().withCode(code).build()
					: this.mapper.readValue(body, Status.class);
			if (status.getCode() == null) {
				status.setCode(code);
			}
			if (retryAfter != null) {
				if (status.getDetails() == null) {
					status.setDetails(new StatusDetails());
				}
				status.getDetails().setRetryAfterSeconds(Integer.parseInt(retryAfter.trim()));
			}
			return new ApiException(status, "watch", PATH);
		});
	}

	WatchSettings.Builder settings() {
		return WatchSettings.builder()
			.serverTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
			.backoff(FAST_BACKOFF)
			.shortWatch(Duration.ZERO)
			.observer(this.observer);
	}

	Flux<WatchEvent<Pod>> watch(WatchSettings settings) {
		return new WatchEngine<>(connector(), this.mapper, Pod.class, PATH, settings).events();
	}

	/** Stubs the responses to successive watch requests; the last one answers every later request. */
	static void respondInSequence(ResponseDefinitionBuilder... responses) {
		for (int i = 0; i < responses.length; i++) {
			String state = (i == 0) ? Scenario.STARTED : "request-" + i;
			var stub = get(urlPathEqualTo(PATH)).inScenario("watch").whenScenarioStateIs(state).willReturn(responses[i]);
			if (i < responses.length - 1) {
				stub = stub.willSetStateTo("request-" + (i + 1));
			}
			wireMock.stubFor(stub);
		}
	}

	/** A 200 watch stream of these lines, sent in small slow chunks. */
	static ResponseDefinitionBuilder stream(String... lines) {
		String body = String.join("", lines);
		ResponseDefinitionBuilder response = aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(body);
		return body.isEmpty() ? response : response.withChunkedDribbleDelay(Math.min(body.length(), 8), 40);
	}

	static ResponseDefinitionBuilder status(int code, String reason, @Nullable Integer retryAfter) {
		ResponseDefinitionBuilder response = aResponse().withStatus(code)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
					+ ",\"reason\":\"" + reason + "\",\"message\":\"" + reason + " for the test\"}");
		return (retryAfter != null) ? response.withHeader("Retry-After", retryAfter.toString()) : response;
	}

	static String event(String type, String name, String resourceVersion) {
		return "{\"type\":\"" + type + "\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
				+ name + "\",\"namespace\":\"default\",\"resourceVersion\":\"" + resourceVersion + "\"}}}\n";
	}

	static String bookmark(String resourceVersion) {
		return "{\"type\":\"BOOKMARK\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
				+ "\"resourceVersion\":\"" + resourceVersion
				+ "\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}\n";
	}

	static String expired() {
		return "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
				+ "\"message\":\"too old resource version: 10 (20)\",\"reason\":\"Expired\",\"code\":410}}\n";
	}

	/** The query of every watch request received, in order. */
	static List<Map<String, String>> queries() {
		List<Map<String, String>> queries = new ArrayList<>();
		for (LoggedRequest request : wireMock.findAll(getRequestedFor(urlPathEqualTo(PATH)))) {
			Map<String, String> query = new TreeMap<>();
			for (QueryParameter parameter : request.getQueryParams().values()) {
				query.put(parameter.key(), String.join(",", parameter.values()));
			}
			queries.add(query);
		}
		return queries;
	}

	/** The query the engine must send: bookmarks, the timeout, and the resource version when given. */
	static Map<String, String> query(@Nullable String resourceVersion) {
		Map<String, String> query = new TreeMap<>();
		query.put("watch", "true");
		query.put("allowWatchBookmarks", "true");
		query.put("timeoutSeconds", Long.toString(TIMEOUT_SECONDS));
		if (resourceVersion != null) {
			query.put("resourceVersion", resourceVersion);
		}
		return query;
	}

	/** "TYPE name rv" (plus " resync") of each event, for exactly-once assertions. */
	static List<String> describe(List<WatchEvent<Pod>> events) {
		return events.stream()
			.map((event) -> event.type() + " " + event.object().getMetadata().getName() + " "
					+ event.object().getMetadata().getResourceVersion() + (event.resync() ? " resync" : ""))
			.toList();
	}

	static WatchErrorHandler recording(List<String> seen, WatchErrorHandler delegate) {
		return (error, attempt) -> {
			String code = (error instanceof ApiException api) ? Integer.toString(api.code())
					: error.getClass().getSimpleName();
			seen.add(code + "#" + attempt);
			return delegate.onError(error, attempt);
		};
	}

	/** Records what the engine does between streams. */
	static final class RecordingObserver implements WatchObserver {

		final List<WatchQuery> opened = Collections.synchronizedList(new ArrayList<>());

		final List<Map<String, Object>> retries = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void opening(WatchQuery query) {
			this.opened.add(query);
		}

		@Override
		public void retrying(@Nullable Throwable reason, int attempt, Duration delay, boolean withoutVersion) {
			Map<String, Object> retry = new LinkedHashMap<>();
			retry.put("reason", (reason != null) ? reason.getClass().getSimpleName() : "end");
			retry.put("attempt", attempt);
			retry.put("delay", delay);
			retry.put("withoutVersion", withoutVersion);
			this.retries.add(retry);
		}

		List<String> reasons() {
			return this.retries.stream().map((retry) -> (String) retry.get("reason")).toList();
		}

	}

}
