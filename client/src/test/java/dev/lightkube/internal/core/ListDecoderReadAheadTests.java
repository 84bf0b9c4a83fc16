package dev.lightkube.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The reactive list decoder holds a bounded number of buffers ahead of a consumer that does not keep up. */
class ListDecoderReadAheadTests {

	@Test
	void aConsumerThatTakesOneItemMakesTheDecoderReceiveAtMostItsReadAhead() {
		int items = 1000;
		AtomicInteger sent = new AtomicInteger();
		Flux<DataBuffer> body = Flux.range(0, items + 2).map((i) -> {
			String text = (i == 0) ? "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"items\":["
					: (i <= items) ? ((i > 1) ? "," : "") + "{\"metadata\":{\"name\":\"cm-" + i + "\"}}" : "]}";
			return (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
		// hidden: a network body is not fused, it is asked for ahead
		}).doOnNext((buffer) -> sent.incrementAndGet()).hide();
		StepVerifier.create(ListDecoder.decode(body, ConfigMap.class, UnaryOperator.identity(), "list configmaps",
				"ConfigMap", 1024 * 1024), 1)
			.expectNextCount(1)
			.then(() -> assertThat(sent).hasValue(ListDecoder.READ_AHEAD_BUFFERS))
			.thenCancel()
			.verify();
		assertThat(sent).hasValue(ListDecoder.READ_AHEAD_BUFFERS);
	}

}
