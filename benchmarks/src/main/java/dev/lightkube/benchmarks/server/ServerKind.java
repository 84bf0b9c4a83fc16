package dev.lightkube.benchmarks.server;

import java.util.Arrays;

/**
 * How {@link LoopbackServer} frames what it sends. The bytes are the same; what differs is how they reach the
 * socket, and so how they reach a client: in many small pieces or in a few large ones.
 */
public enum ServerKind {

	/**
	 * Every body chunked ({@code Transfer-Encoding: chunked}), as the Kubernetes API server (Go's {@code net/http})
	 * sends any body larger than 2 KB: the list in 64 KiB slices, the watch one event line per chunk (over WebSocket
	 * one frame per event), a single pod as one chunk.
	 */
	CHUNKED("chunked"),

	/**
	 * Every body with a {@code Content-Length}, written from one pre-built direct buffer in as few writes as the
	 * socket accepts, as nginx with {@code sendfile} or a buffering proxy sends it. The 10,000 watch events are one
	 * body of newline-delimited events (what a proxy that buffers the stream hands on); over WebSocket all frames
	 * are pre-encoded in one buffer and written the same way.
	 */
	CONTENT_LENGTH("content-length");

	private final String id;

	ServerKind(String id) {
		this.id = id;
	}

	/** The command-line and table name. */
	public String id() {
		return this.id;
	}

	/** The kind named {@code id}. */
	public static ServerKind byId(String id) {
		for (ServerKind kind : values()) {
			if (kind.id.equals(id)) {
				return kind;
			}
		}
		throw new IllegalArgumentException(
				"Unknown server kind '" + id + "'; known: " + Arrays.stream(values()).map(ServerKind::id).toList());
	}

}
