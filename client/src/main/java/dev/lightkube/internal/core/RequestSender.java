package dev.lightkube.internal.core;

import dev.lightkube.ApiException;
import dev.lightkube.KubeException;
import dev.lightkube.internal.http.ClientClosedException;
import dev.lightkube.internal.http.KubeTransport;
import dev.lightkube.internal.http.UrlMasking;
import dev.lightkube.internal.retry.Backoff;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriUtils;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Sends {@link KubeRequest}s: the one place that turns a request value into a WebClient call, maps errors and
 * retries.
 *
 * <ul>
 * <li>non-2xx: {@link ApiException} with the server's {@code Status} (or one made from the status code and the
 * first bytes of a non-JSON body);</li>
 * <li>429 and 5xx with {@code Retry-After}: sent again after at least that delay, for every verb, up to
 * {@code maxRetries} times;</li>
 * <li>transport failures (connection reset, premature close): retried for {@code GET} only, never for writes;</li>
 * <li>connection refused: a {@link KubeException} naming the server.</li>
 * </ul>
 */
public final class RequestSender {

	/** WebClient request attribute with the client verb ({@code get}, {@code list}, ...), for filters such as metrics. */
	public static final String VERB_ATTRIBUTE = "dev.lightkube.verb";

	/** WebClient request attribute with the request path without query, for filters such as metrics. */
	public static final String PATH_ATTRIBUTE = "dev.lightkube.path";

	private static final int ERROR_BODY_LIMIT = 64 * 1024;

	private static final int TEXT_EXCERPT = 200;

	private final KubeTransport transport;

	private final int maxRetries;

	private final String base;

	private final RequestObservations observations;

	private final ResponseLimits limits;

	/**
	 * @param transport the connection to send over
	 * @param maxRetries how often a 429/5xx with {@code Retry-After}, or a broken GET, is sent again
	 */
	public RequestSender(KubeTransport transport, int maxRetries) {
		this(transport, maxRetries, RequestObservations.NONE);
	}

	public RequestSender(KubeTransport transport, int maxRetries, RequestObservations observations) {
		this(transport, maxRetries, observations, ResponseLimits.DEFAULT);
	}

	/**
	 * @param transport the connection to send over
	 * @param maxRetries how often a 429/5xx with {@code Retry-After}, or a broken GET, is sent again
	 * @param observations observes each request
	 * @param limits the largest answer and the deadline of non-streaming requests
	 */
	public RequestSender(KubeTransport transport, int maxRetries, RequestObservations observations,
			ResponseLimits limits) {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
		}
		this.transport = transport;
		this.maxRetries = maxRetries;
		this.observations = observations;
		this.limits = Objects.requireNonNull(limits, "limits must not be null");
		// Requests go out (and messages name them) without the URL's user info: it is never sent, never shown.
		String server = UrlMasking.withoutUserInfo(transport.baseUri()).toString();
		this.base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
	}

	/** The size limit and deadline of answers. */
	public ResponseLimits limits() {
		return this.limits;
	}

	/** The connection this sender uses. */
	public KubeTransport transport() {
		return this.transport;
	}

	/** Sends the request and decodes the whole answer into the request's response type (empty for {@code Void}). */
	public <T> Mono<T> send(KubeRequest<T> request) {
		return join(request).handle((buffer, sink) -> {
			try {
				if (request.responseType() != Void.class) {
					sink.next(decode(request, buffer, request.responseType()));
				}
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		});
	}

	/** Sends the request and returns the answer as a JSON tree (for answers that are an object or a Status). */
	public Mono<JsonNode> sendForTree(KubeRequest<?> request) {
		return join(request).handle((buffer, sink) -> {
			try {
				JsonNode tree = decode(request, buffer, JsonNode.class);
				if (tree.isNull() || tree.isMissingNode()) {
					throw emptyAnswer(request);
				}
				sink.next(tree);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		});
	}

	private Mono<DataBuffer> join(KubeRequest<?> request) {
		// Whole answers are read as one unit, so a GET may be retried even when the body broke off.
		return DataBufferUtils.join(exchange(request, true, false, null, true));
	}

	/**
	 * Sends the request and returns the body as it arrives (the caller releases each buffer). Errors and retries as
	 * for every request, except that a transport failure after the body started is never retried (the caller has
	 * seen part of it).
	 * @param request the request
	 * @param readTimeout the longest silence while the caller is asking for more (a caller that pauses, such as a
	 *     slow consumer of a lazy list, does not count); {@code null} for none (watch, followed logs)
	 */
	public Flux<DataBuffer> stream(KubeRequest<?> request, @Nullable Duration readTimeout) {
		return stream(request, readTimeout, true);
	}

	/**
	 * {@link #stream(KubeRequest, Duration)}, with or without the sender's retries: a watch is not retried here,
	 * because the watch engine decides how to go on after any failure (one failure policy, not two stacked).
	 */
	public Flux<DataBuffer> stream(KubeRequest<?> request, @Nullable Duration readTimeout, boolean retry) {
		return exchange(request, false, true, readTimeout, retry);
	}

	/**
	 * Observes a request made without the WebClient (the exec WebSocket) as every other request is: one
	 * {@code kube.client.requests} observation, ended at the answer's status as a stream's is.
	 * @param request the request, for the observation's tags
	 * @param exchange makes the exchange, given where to report the status of each answer and the headers to send
	 *     for trace propagation
	 */
	public <T> Mono<T> observe(KubeRequest<?> request,
			BiFunction<IntConsumer, Map<String, String>, Mono<T>> exchange) {
		return this.observations
			.observe(request, true, (status, propagation) -> exchange.apply(status, propagation).flux())
			.singleOrEmpty();
	}

	private Flux<DataBuffer> exchange(KubeRequest<?> request, boolean retryBody, boolean streaming,
			@Nullable Duration readTimeout, boolean retry) {
		URI uri = uri(request);
		byte[] body = encodeBody(request);
		return this.observations.observe(request, streaming, (statusSink, propagation) -> exchange(request, uri,
				body, retryBody, streaming, readTimeout, retry, statusSink, propagation));
	}

	private Flux<DataBuffer> exchange(KubeRequest<?> request, URI uri, byte @Nullable [] body, boolean retryBody,
			boolean streaming, @Nullable Duration readTimeout, boolean retry, IntConsumer statusSink,
			Map<String, String> propagation) {
		Flux<DataBuffer> attempt = Flux.defer(() -> {
			// Streams draw on their own connection pool, so that open streams never starve ordinary requests.
			WebClient client = streaming ? this.transport.streamWebClient() : this.transport.webClient();
			WebClient.RequestBodySpec spec = client.method(request.method()).uri(uri);
			spec.headers((headers) -> {
				headers(request, body, headers);
				// Trace context (W3C traceparent and the like) written by a tracing handler, if there is one.
				propagation.forEach(headers::set);
			})
				.attribute(VERB_ATTRIBUTE, request.verb())
				.attribute(PATH_ATTRIBUTE, request.path());
			if (streaming) {
				// Netty's read timeout also fires while backpressure pauses reading: replaced by idleTimeout below.
				spec.httpRequest((httpRequest) -> {
					Object nativeRequest = httpRequest.getNativeRequest();
					if (nativeRequest instanceof HttpClientRequest reactorRequest) {
						reactorRequest.responseTimeout(Duration.ZERO);
					}
				});
			}
			WebClient.RequestHeadersSpec<?> ready = (body != null) ? spec.bodyValue(body) : spec;
			Flux<DataBuffer> answer = ready.exchangeToFlux((response) -> {
				statusSink.accept(response.statusCode().value());
				return handle(request, response, retryBody);
			});
			if (!streaming) {
				// An answer that trickles in never trips the read timeout: the whole exchange has a deadline.
				return answer.takeUntilOther(Mono.delay(this.limits.deadline())
					.then(Mono.error(() -> deadlineExceeded(request))));
			}
			return (readTimeout != null && readTimeout.compareTo(Duration.ZERO) > 0)
					? idleTimeout(answer, readTimeout) : answer;
		});
		return (retry ? attempt.retryWhen(retry(request)) : attempt).onErrorMap((ex) -> map(request, ex, streaming));
	}

	/**
	 * Fails with a {@link TimeoutException} when nothing arrives for {@code timeout} while there is unmet demand;
	 * time during which the subscriber asks for nothing does not count. One timer checks a few times per
	 * {@code timeout}, so an element costs two counter updates, not a timer of its own ({@link Flux#timeout(Duration)}
	 * schedules one per element, and waking its thread for each chunk of a watch was measurable). Public for the
	 * watch engine, which applies it to every watch stream.
	 */
	public static <T> Flux<T> idleTimeout(Flux<T> source, Duration timeout) {
		return Flux.defer(() -> {
			AtomicLong outstanding = new AtomicLong();
			// The scheduler's clock, so that virtual time in tests moves it too.
			Scheduler clock = Schedulers.parallel();
			AtomicLong lastProgress = new AtomicLong(clock.now(TimeUnit.NANOSECONDS));
			long limit = timeout.toNanos();
			Flux<T> tracked = source.doOnRequest((n) -> {
				if (outstanding.getAndUpdate((v) -> (Long.MAX_VALUE - v < n) ? Long.MAX_VALUE : v + n) == 0) {
					lastProgress.set(clock.now(TimeUnit.NANOSECONDS));
				}
			}).doOnNext((item) -> {
				outstanding.getAndUpdate((v) -> (v == Long.MAX_VALUE || v == 0) ? v : v - 1);
				lastProgress.set(clock.now(TimeUnit.NANOSECONDS));
			});
			Duration period = timeout.dividedBy(4);
			Mono<Object> watchdog = Flux.interval((period.toMillis() < 10) ? Duration.ofMillis(10) : period, clock)
				.filter((tick) -> outstanding.get() > 0 && clock.now(TimeUnit.NANOSECONDS) - lastProgress.get() > limit)
				.next()
				.then(Mono.error(() -> new TimeoutException("nothing received for " + timeout.toMillis() + " ms")));
			return tracked.takeUntilOther(watchdog);
		});
	}

	private Flux<DataBuffer> handle(KubeRequest<?> request, ClientResponse response, boolean retryBody) {
		if (response.statusCode().is2xxSuccessful()) {
			if (retryBody) {
				return limited(request, response);
			}
			return response.bodyToFlux(DataBuffer.class).onErrorMap((ex) -> new BodyFailure(ex));
		}
		Flux<DataBuffer> limited = DataBufferUtils.takeUntilByteCount(response.bodyToFlux(DataBuffer.class),
				ERROR_BODY_LIMIT);
		return DataBufferUtils.join(limited)
			.map((buffer) -> {
				try {
					return buffer.toString(StandardCharsets.UTF_8);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.defaultIfEmpty("")
			.flatMapMany((text) -> {
				ApiException error = new ApiException(status(response.statusCode().value(), text), request.verb(),
						request.path());
				Duration retryAfter = retryAfter(response);
				if (retryAfter != null) {
					// The watch engine, which does not retry through here, reads the server's wait from the Status.
					Status status = error.status();
					if (status.getDetails() == null) {
						status.setDetails(new StatusDetails());
					}
					if (status.getDetails().getRetryAfterSeconds() == null) {
						status.getDetails().setRetryAfterSeconds((int) Math.min(Integer.MAX_VALUE,
								Math.max(1, retryAfter.toSeconds())));
					}
					return Flux.error(new RetryAfterSignal(retryAfter, error));
				}
				return Flux.error(error);
			});
	}

	/** The body of a whole answer, failing as soon as it is known to exceed the size limit. */
	private Flux<DataBuffer> limited(KubeRequest<?> request, ClientResponse response) {
		int max = this.limits.maxBytes();
		long declared = response.headers().contentLength().orElse(-1);
		if (declared > max) {
			// Refused before a byte of it is read.
			return response.releaseBody().thenMany(Flux.error(tooLarge(request, declared)));
		}
		return Flux.defer(() -> {
			long[] received = { 0 };
			return response.bodyToFlux(DataBuffer.class).handle((buffer, sink) -> {
				received[0] += buffer.readableByteCount();
				if (received[0] > max) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge(request, -1));
				}
				else {
					sink.next(buffer);
				}
			});
		});
	}

	private KubeException tooLarge(KubeRequest<?> request, long declared) {
		return new KubeException("The answer to " + request.method() + " " + this.base + request.path()
				+ " is larger than the limit of " + this.limits.maxBytes() + " bytes"
				+ ((declared >= 0) ? " (Content-Length " + declared + ")" : "") + ": " + ResponseLimits.RAISE_SIZE);
	}

	private KubeException deadlineExceeded(KubeRequest<?> request) {
		return new KubeException("No complete answer to " + request.method() + " " + this.base + request.path()
				+ " within the response deadline of " + this.limits.deadline() + "; " + ResponseLimits.RAISE_DEADLINE
				+ mayHaveApplied(request));
	}

	private KubeException emptyAnswer(KubeRequest<?> request) {
		return new KubeException("The answer to " + request.method() + " " + this.base + request.path()
				+ " is null: the API server (or a proxy before it) answered with status 2xx and no object");
	}

	/**
	 * For a write that failed after it was sent: the server may have applied it. Writes are never sent again
	 * (reliability item 13), so say how to find out.
	 */
	private static String mayHaveApplied(KubeRequest<?> request) {
		if (request.method() == HttpMethod.GET) {
			return "";
		}
		return ". The " + request.verb() + " was sent and the server may have applied it; it was not sent again. "
				+ "Before repeating it, read the current state: get the object and compare its resourceVersion or "
				+ "the changed fields (after a create with metadata.generateName, list by a label the object "
				+ "carries, as its name is not known)";
	}

	private Retry retry(KubeRequest<?> request) {
		return Retry.from((signals) -> signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			if (signal.totalRetries() >= this.maxRetries) {
				return Mono.error(failure);
			}
			if (failure instanceof RetryAfterSignal retryAfter) {
				return Mono.delay(retryAfter.delay);
			}
			if (request.method() == HttpMethod.GET && isRetryableTransportFailure(failure)
					&& !this.transport.isClosed()) {
				return Mono.delay(Backoff.REQUEST.delay(signal.totalRetries() + 1));
			}
			return Mono.error(failure);
		}));
	}

	private static boolean isRetryableTransportFailure(Throwable failure) {
		if (failure instanceof BodyFailure || failure instanceof ApiException) {
			return false;
		}
		Throwable cause = (failure instanceof WebClientRequestException) ? failure.getCause() : failure;
		// A failed TLS handshake (untrusted certificate, a plain-HTTP port) fails the same way again: not retried.
		if (cause == null || cause instanceof ConnectException || hasCause(cause, ReadTimeoutException.class)
				|| hasCause(cause, javax.net.ssl.SSLHandshakeException.class)) {
			return false;
		}
		return cause instanceof PrematureCloseException || cause instanceof IOException;
	}

	private Throwable map(KubeRequest<?> request, Throwable ex, boolean streaming) {
		Throwable failure = Exceptions.unwrap(ex);
		if (Exceptions.isRetryExhausted(failure) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		if (failure instanceof RetryAfterSignal retryAfter) {
			return retryAfter.error;
		}
		String what = request.method() + " " + this.base + request.path();
		if (failure instanceof ClientClosedException || (this.transport.isClosed() && !(failure instanceof ApiException))) {
			return new ClientClosedException("The client was closed (" + what + ")", failure);
		}
		if (failure instanceof KubeException) {
			return failure;
		}
		if (isPoolExhausted(failure)) {
			return new KubeException(request.verb() + " " + request.path() + ": "
					+ this.transport.exhausted(streaming ? KubeTransport.STREAM_POOL : KubeTransport.REQUEST_POOL),
					failure);
		}
		if (hasCause(failure, NumberFormatException.class) || hasCause(failure, DecoderException.class)) {
			// Netty's HTTP decoder: a broken chunk size or header, as a broken proxy may send.
			return new KubeException("Malformed HTTP answer to " + what + " (broken framing, such as an invalid "
					+ "chunk size): " + rootMessage(failure) + mayHaveApplied(request), failure);
		}
		if (failure instanceof BodyFailure) {
			return new KubeException("Connection lost while reading the answer to " + what + ": "
					+ failure.getCause().getMessage() + mayHaveApplied(request), failure.getCause());
		}
		if (hasCause(failure, ConnectException.class)) {
			return new KubeException("Cannot connect to the Kubernetes API server at " + this.base + " ("
					+ request.verb() + " " + request.path() + "): " + rootMessage(failure), failure);
		}
		if (hasCause(failure, ReadTimeoutException.class) || hasCause(failure, TimeoutException.class)) {
			// A pool that gave no connection was answered above: here the request may have been sent.
			return new KubeException("Timed out waiting for the answer to " + what + mayHaveApplied(request), failure);
		}
		if (failure instanceof JacksonException) {
			return new KubeException("Cannot decode the answer to " + what + ": " + failure.getMessage(), failure);
		}
		if (failure instanceof OutOfMemoryError) {
			return outOfMemory(what, failure);
		}
		if (failure instanceof Error || failure instanceof IllegalArgumentException) {
			return failure;
		}
		if (hasCause(failure, PrematureCloseException.class) || hasCause(failure, IOException.class)) {
			return new KubeException("Connection lost: " + what + ": " + rootMessage(failure)
					+ mayHaveApplied(request), failure);
		}
		return new KubeException("Request failed: " + what + ": " + rootMessage(failure), failure);
	}

	/** Whether a pool had no connection to give within the pool timeout (or its waiting line was full). */
	private static boolean isPoolExhausted(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			// Reactor Netty shades reactor-pool, so its exceptions are known by name only.
			String name = current.getClass().getSimpleName();
			if (name.equals("PoolAcquireTimeoutException") || name.equals("PoolAcquirePendingLimitException")) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	/** Out of memory while reading or decoding an answer: a signal to the caller, not a thread that dies. */
	static KubeException outOfMemory(String what, Throwable error) {
		return new KubeException("Out of memory while reading or decoding the answer to " + what + ": give the JVM "
				+ "more heap, or lower the size limit so such answers fail before they are read ("
				+ ResponseLimits.RAISE_SIZE.replace("raise it", "set it") + ")", error);
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static void headers(KubeRequest<?> request, byte @Nullable [] body, HttpHeaders headers) {
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		if (body != null) {
			headers.setContentType(MediaType.APPLICATION_JSON);
		}
		request.headers().forEach(headers::set);
	}

	private static byte @Nullable [] encodeBody(KubeRequest<?> request) {
		Object body = request.body();
		if (body == null) {
			return null;
		}
		if (body instanceof byte[] bytes) {
			return bytes;
		}
		try {
			return KubeJson.MAPPER.writeValueAsBytes(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot encode the body of " + request.verb() + " " + request.path()
					+ " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/** The absolute URI of a request: server URL, path and encoded query. */
	public URI uri(KubeRequest<?> request) {
		StringBuilder uri = new StringBuilder(this.base).append(request.path());
		char separator = '?';
		for (Map.Entry<String, List<String>> entry : request.query().entrySet()) {
			for (String value : entry.getValue()) {
				uri.append(separator)
					.append(UriUtils.encode(entry.getKey(), StandardCharsets.UTF_8))
					.append('=')
					.append(UriUtils.encode(value, StandardCharsets.UTF_8));
				separator = '&';
			}
		}
		return URI.create(uri.toString());
	}

	private <T> T decode(KubeRequest<?> request, DataBuffer buffer, Class<T> type) {
		T value;
		try {
			if (type == String.class) {
				// Raw answers (such as /readyz, which is plain text) are handed over as they came.
				return type.cast(buffer.toString(StandardCharsets.UTF_8));
			}
			value = KubeJson.MAPPER.readValue(buffer.asInputStream(), type);
		}
		catch (JacksonException ex) {
			throw new KubeException("Cannot decode the answer to " + request.verb() + " " + request.path() + " as "
					+ type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
		catch (OutOfMemoryError ex) {
			// Thrown on the event loop, Reactor would treat it as fatal and the caller would wait forever.
			throw outOfMemory(request.method() + " " + this.base + request.path(), ex);
		}
		if (value == null) {
			throw emptyAnswer(request);
		}
		return value;
	}

	/** The server's {@code Status} from an error body, or one made from the code and the start of the text. */
	static Status status(int code, String text) {
		String trimmed = text.strip();
		if (trimmed.startsWith("{")) {
			try {
				JsonNode tree = KubeJson.MAPPER.readTree(trimmed);
				if ("Status".equals(tree.path("kind").asString(""))) {
					Status status = KubeJson.MAPPER.treeToValue(tree, Status.class);
					if (status.getCode() == null || status.getCode() == 0) {
						status.setCode(code);
					}
					return status;
				}
			}
			catch (JacksonException ex) {
				// Not JSON after all: described from the text below.
			}
		}
		HttpStatus httpStatus = HttpStatus.resolve(code);
		String reasonPhrase = (httpStatus != null) ? httpStatus.getReasonPhrase() : "HTTP " + code;
		String message = "HTTP " + code + " " + reasonPhrase;
		if (!trimmed.isEmpty()) {
			String excerpt = (trimmed.length() > TEXT_EXCERPT) ? trimmed.substring(0, TEXT_EXCERPT) + "..." : trimmed;
			message = message + ", body: " + excerpt.replaceAll("\\s+", " ");
		}
		Status status = new Status();
		status.setStatus("Failure");
		status.setCode(code);
		status.setReason(reason(code, reasonPhrase));
		status.setMessage(message);
		return status;
	}

	private static String reason(int code, String reasonPhrase) {
		return switch (code) {
			case 400 -> "BadRequest";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "NotFound";
			case 405 -> "MethodNotAllowed";
			case 409 -> "Conflict";
			case 410 -> "Expired";
			case 422 -> "Invalid";
			case 429 -> "TooManyRequests";
			case 500 -> "InternalError";
			case 503 -> "ServiceUnavailable";
			case 504 -> "Timeout";
			default -> reasonPhrase.replace(" ", "");
		};
	}

	private static @Nullable Duration retryAfter(ClientResponse response) {
		int code = response.statusCode().value();
		if (code != 429 && code < 500) {
			return null;
		}
		String value = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			long seconds = Long.parseLong(value.trim());
			return Duration.ofSeconds(Math.max(seconds, 0));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration delay = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return delay.isNegative() ? Duration.ZERO : delay;
			}
			catch (DateTimeParseException ignored) {
				return null;
			}
		}
	}

	/** A 429/5xx answer with {@code Retry-After}: retried after the delay, else surfaced as its error. */
	private static final class RetryAfterSignal extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient Duration delay;

		private final ApiException error;

		RetryAfterSignal(Duration delay, ApiException error) {
			super(error.getMessage(), null, false, false);
			this.delay = delay;
			this.error = error;
		}

	}

	/** A transport failure after part of a streamed body was handed out: never retried. */
	private static final class BodyFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BodyFailure(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
