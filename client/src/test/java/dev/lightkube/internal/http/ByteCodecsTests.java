package dev.lightkube.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.core.codec.DataBufferDecoder;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

class ByteCodecsTests {

	@Test
	void readsBuffersAndWritesBytesOnly() {
		assertThat(ByteCodecs.INSTANCE.messageReaders()).singleElement()
			.isInstanceOfSatisfying(DecoderHttpMessageReader.class,
					(reader) -> assertThat(reader.getDecoder()).isInstanceOf(DataBufferDecoder.class));
		assertThat(ByteCodecs.INSTANCE.messageWriters()).singleElement()
			.isInstanceOfSatisfying(EncoderHttpMessageWriter.class,
					(writer) -> assertThat(writer.getEncoder()).isInstanceOf(ByteArrayEncoder.class));
	}

	@Test
	void mutatedStartsFromTheSameCodecsWithoutSpringsDefaults() {
		// The path a WebClient customizer that calls codecs(...) takes.
		ExchangeStrategies mutated = ByteCodecs.INSTANCE.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024))
			.build();
		assertThat(mutated.messageReaders()).singleElement()
			.isInstanceOfSatisfying(DecoderHttpMessageReader.class,
					(reader) -> assertThat(reader.getDecoder()).isInstanceOf(DataBufferDecoder.class));
		assertThat(mutated.messageWriters()).singleElement()
			.isInstanceOfSatisfying(EncoderHttpMessageWriter.class,
					(writer) -> assertThat(writer.getEncoder()).isInstanceOf(ByteArrayEncoder.class));
	}

}
