package dev.lightkube.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.lightkube.KubeException;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@link ListDecoderTests} case again, read by the blocking client's {@link ListReader} (through
 * {@link ListPages}) on the calling thread, plus what only the reader does: pages in turn, cancelling.
 */
class ListReaderTests extends ListDecoderTests {

	private static final byte[] EMPTY_PAGE = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);

	@Override
	Flux<ListElement<Pod>> elements(List<DataBuffer> buffers, UnaryOperator<Pod> fixer, @Nullable String kind,
			int maxValueBytes) {
		return Flux.defer(() -> {
			// A continue token in the test's body asks for a second page: an empty one.
			ListPages<Pod> pages = new ListPages<>((token) -> (token == null) ? Flux.fromIterable(buffers)
					: Flux.just(buffer(EMPTY_PAGE, 0, EMPTY_PAGE.length)), Pod.class, fixer, "list pods", kind,
					maxValueBytes);
			return Flux.fromIterable(() -> pages).doFinally((signal) -> pages.close());
		});
	}

	@Override
	List<String> beforeTheValueOverTheLimit(boolean inEarlierBuffers) {
		// The reader hands out each item once it is read, whichever buffer the next one is in.
		return List.of("a");
	}

	@Test
	@Override
	void emitsItemsAsTheirBuffersArrive() throws Exception {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		ListPages<Pod> pages = new ListPages<>((token) -> body.asFlux(), Pod.class, UnaryOperator.identity(),
				"list pods", "Pod", 1024 * 1024);
		emit(body, "{\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"na");
		// The first item is handed out while the rest of the body has not come.
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> name(pages.next()));
		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("a");
		CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> name(pages.next()));
		emit(body, "me\":\"b\"}}");
		assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("b");
		emit(body, "]}");
		body.tryEmitComplete();
		assertThat(pages.hasNext()).isFalse();
		assertReleased();
	}

	@Test
	void readsPagesInTurnWithTheContinueTokenOfThePreviousOne() {
		List<String> asked = new ArrayList<>();
		ListPages<Pod> pages = new ListPages<>((token) -> {
			asked.add(String.valueOf(token));
			String page = (token == null)
					? "{\"metadata\":{\"resourceVersion\":\"5\",\"continue\":\"t1\"},\"items\":[{\"metadata\":{\"name\":\"a\"}}]}"
					: "{\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[{\"metadata\":{\"name\":\"b\"}}]}";
			byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
			return Flux.just(buffer(bytes, 0, bytes.length));
		}, Pod.class, UnaryOperator.identity(), "list pods", "Pod", 1024 * 1024);
		List<String> names = new ArrayList<>();
		pages.forEachRemaining((element) -> {
			if (element instanceof ListElement.Item<Pod> item) {
				// the next page is asked for only once the previous one is read to its end
				names.add(item.item().getMetadata().getName() + " after " + asked.size() + " requests");
			}
		});
		assertThat(names).containsExactly("a after 1 requests", "b after 2 requests");
		assertThat(asked).containsExactly("null", "t1");
		assertReleased();
	}

	@Test
	void closingCancelsThePageAndEndsTheListQuietlyFromAnotherThread() throws Exception {
		AtomicInteger cancelled = new AtomicInteger();
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		ListPages<Pod> pages = new ListPages<>((token) -> body.asFlux().doOnCancel(cancelled::incrementAndGet),
				Pod.class, UnaryOperator.identity(), "list pods", "Pod", 1024 * 1024);
		emit(body, "{\"items\":[{\"metadata\":{\"name\":\"a\"}},");
		assertThat(name(pages.next())).isEqualTo("a");
		// The reading thread waits for more of the body; another thread closes the list.
		CompletableFuture<Boolean> more = CompletableFuture.supplyAsync(pages::hasNext);
		pages.close();
		assertThat(more.get(30, TimeUnit.SECONDS)).isFalse();
		assertThat(cancelled).hasValue(1);
		assertReleased();
	}

	@Test
	void aFailedBodySurfacesItsOwnErrorNotTheParsersView() {
		KubeException lost = new KubeException("Connection lost while reading the answer to list pods: reset");
		byte[] part = "{\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"na".getBytes(StandardCharsets.UTF_8);
		ListPages<Pod> pages = new ListPages<>(
				(token) -> Flux.concat(Flux.just(buffer(part, 0, part.length)), Flux.error(lost)), Pod.class,
				UnaryOperator.identity(), "list pods", "Pod", 1024 * 1024);
		assertThat(name(pages.next())).isEqualTo("a");
		assertThatExceptionOfType(KubeException.class).isThrownBy(pages::next).isSameAs(lost);
		assertReleased();
	}

	@Test
	void anInterruptedReaderEndsTheListWithAMessageOfItsOwnAndKeepsTheInterrupt() throws Exception {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		ListPages<Pod> pages = new ListPages<>((token) -> body.asFlux(), Pod.class, UnaryOperator.identity(),
				"list pods", "Pod", 1024 * 1024);
		emit(body, "{\"items\":[");
		CompletableFuture<String> outcome = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try {
				pages.hasNext();
				outcome.complete("no failure");
			}
			catch (RuntimeException ex) {
				outcome.complete(ex.getMessage() + "; interrupted: " + Thread.currentThread().isInterrupted());
			}
		});
		reader.start();
		// interrupt until the reader has noticed, wherever it is: starting, parsing, or waiting for bytes
		for (int i = 0; i < 3000 && !outcome.isDone(); i++) {
			reader.interrupt();
			Thread.sleep(10);
		}
		assertThat(outcome.get()).isEqualTo("Interrupted while reading the answer to list pods; interrupted: true");
		reader.join(30_000);
		assertReleased();
	}

	@Test
	void refusesToWaitOnANonBlockingThread() throws Exception {
		AtomicInteger subscribed = new AtomicInteger();
		ListPages<Pod> pages = new ListPages<>(
				(token) -> Flux.<DataBuffer>never().doOnSubscribe((subscription) -> subscribed.incrementAndGet()),
				Pod.class, UnaryOperator.identity(), "list pods", "Pod", 1024 * 1024);
		String failure = Mono.fromCallable(() -> {
			try {
				pages.hasNext();
				return "no failure";
			}
			catch (IllegalStateException ex) {
				return ex.getMessage();
			}
		}).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(30));
		assertThat(failure).startsWith("The blocking KubeClient's list pods waits for the answer, which is not "
				+ "supported in thread parallel-").endsWith("; use ReactiveKubeClient there");
		// refused before anything was asked of the server
		assertThat(subscribed).hasValue(0);
	}

	private void emit(Sinks.Many<DataBuffer> body, String part) {
		byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
		body.emitNext(buffer(bytes, 0, bytes.length), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
	}

	private static String name(ListElement<Pod> element) {
		return ((ListElement.Item<Pod>) element).item().getMetadata().getName();
	}

}
