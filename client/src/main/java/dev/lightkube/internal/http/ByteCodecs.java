package dev.lightkube.internal.http;

import java.util.List;
import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.core.codec.DataBufferDecoder;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * The only codecs the client's WebClients use: request bodies go out as bytes, answers come back as buffers
 * (lightkube's own Jackson mapper does the JSON).
 *
 * <p>Given as an {@link ExchangeStrategies} of its own rather than through {@code WebClient.Builder.codecs(...)}:
 * Spring's codec configurer builds every default codec when it is created (Jackson decoders and encoders with a
 * mapper of their own, multipart, server-sent events), and {@code ExchangeStrategies.builder()} builds a default set
 * once more, all before {@code registerDefaults(false)} drops them. That was most of the first request's set-up.
 * A customizer that calls {@code codecs(...)} still gets a configurer, through {@link #mutate()}, starting from the
 * same two codecs.
 */
final class ByteCodecs implements ExchangeStrategies {

	static final ByteCodecs INSTANCE = new ByteCodecs();

	private final List<HttpMessageReader<?>> readers = List.of(new DecoderHttpMessageReader<>(new DataBufferDecoder()));

	private final List<HttpMessageWriter<?>> writers = List.of(new EncoderHttpMessageWriter<>(new ByteArrayEncoder()));

	private ByteCodecs() {
	}

	@Override
	public List<HttpMessageReader<?>> messageReaders() {
		return this.readers;
	}

	@Override
	public List<HttpMessageWriter<?>> messageWriters() {
		return this.writers;
	}

	@Override
	public Builder mutate() {
		return ExchangeStrategies.builder().codecs((codecs) -> {
			codecs.registerDefaults(false);
			codecs.customCodecs().register(new ByteArrayEncoder());
			codecs.customCodecs().register(new DataBufferDecoder());
		});
	}

}
