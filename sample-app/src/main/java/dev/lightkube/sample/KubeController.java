package dev.lightkube.sample;

import dev.lightkube.ApiException;
import dev.lightkube.EventType;
import dev.lightkube.KubeException;
import dev.lightkube.sample.KubeService.ConfigMapSummary;
import dev.lightkube.sample.KubeService.Deleted;
import dev.lightkube.sample.KubeService.PodSummary;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sample's HTTP endpoints; API errors keep their status code and message. */
@RestController
public class KubeController {

	private final KubeService service;

	private final PodPhaseListener podPhases;

	private final ConfigMapListener configMaps;

	/** The endpoints over {@code service} and the two listeners. */
	public KubeController(KubeService service, PodPhaseListener podPhases, ConfigMapListener configMaps) {
		this.service = service;
		this.podPhases = podPhases;
		this.configMaps = configMaps;
	}

	/** {@code GET /pods?labels=app=web}. */
	@GetMapping("/pods")
	public List<PodSummary> pods(@RequestParam(required = false) @Nullable String labels) {
		return this.service.pods(labels);
	}

	/** {@code GET /pods/phases}: pod counts by phase, as the pod listener sees them. */
	@GetMapping("/pods/phases")
	public Map<String, Long> podPhases() {
		return this.podPhases.counts();
	}

	/** {@code GET /pods/{name}}. */
	@GetMapping("/pods/{name}")
	public PodSummary pod(@PathVariable String name) {
		return this.service.pod(name);
	}

	/** {@code GET /pods/{name}/log?tail=10}: the log as plain text. */
	@GetMapping(path = "/pods/{name}/log", produces = MediaType.TEXT_PLAIN_VALUE)
	public String podLog(@PathVariable String name, @RequestParam(required = false) @Nullable Integer tail) {
		List<String> lines = this.service.podLog(name, tail);
		return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
	}

	/** {@code PUT /configmaps/{name}} with a ConfigMap in JSON or YAML: server-side apply. */
	@PutMapping("/configmaps/{name}")
	public ConfigMapSummary applyConfigMap(@PathVariable String name, @RequestBody String body) {
		return this.service.applyConfigMap(name, body);
	}

	/** {@code DELETE /configmaps/{name}}. */
	@DeleteMapping("/configmaps/{name}")
	public Deleted deleteConfigMap(@PathVariable String name) {
		return this.service.deleteConfigMap(name);
	}

	/** {@code GET /configmaps/watched}: the config maps the listener received, with their last event. */
	@GetMapping("/configmaps/watched")
	public Map<String, EventType> watchedConfigMaps() {
		return this.configMaps.lastEvents();
	}

	/** The API server's answer, with its code and message. */
	@ExceptionHandler
	public ResponseEntity<ErrorBody> apiError(ApiException ex) {
		String message = (ex.status().getMessage() != null) ? ex.status().getMessage() : ex.getMessage();
		return ResponseEntity.status(ex.code()).body(new ErrorBody(ex.code(), ex.reason(), message));
	}

	/** Bad input, refused before anything was sent. */
	@ExceptionHandler
	public ResponseEntity<ErrorBody> badRequest(IllegalArgumentException ex) {
		return error(HttpStatus.BAD_REQUEST, ex);
	}

	/** The API server could not be reached or answered nonsense. */
	@ExceptionHandler
	public ResponseEntity<ErrorBody> clientError(KubeException ex) {
		return error(HttpStatus.BAD_GATEWAY, ex);
	}

	private static ResponseEntity<ErrorBody> error(HttpStatus status, Exception ex) {
		return ResponseEntity.status(status)
			.body(new ErrorBody(status.value(), status.getReasonPhrase(), String.valueOf(ex.getMessage())));
	}

	/** An error answer. */
	public record ErrorBody(int code, @Nullable String reason, String message) {
	}

}
