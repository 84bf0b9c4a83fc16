package dev.lightkube.test.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One routed request: what it addresses, its query, its body, and the HTTP exchange for headers and upgrades.
 */
record ApiRequest(Target target, Query query, String body, HttpServerRequest http, HttpServerResponse response) {

	/** The {@code Accept} header, empty when absent. */
	String accept() {
		String accept = this.http.requestHeaders().get(HttpHeaderNames.ACCEPT);
		return (accept != null) ? accept : "";
	}

	/** The media type of the body, without parameters. */
	String mediaType() {
		String contentType = this.http.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
		return contentType.split(";", 2)[0].trim();
	}

	/** The field manager: the query parameter, else the user agent's product, as a real server derives it. */
	String fieldManager() {
		String manager = this.query.get("fieldManager");
		if (manager != null && !manager.isEmpty()) {
			return manager;
		}
		String agent = this.http.requestHeaders().get(HttpHeaderNames.USER_AGENT);
		if (agent == null || agent.isBlank()) {
			return "unknown";
		}
		int slash = agent.indexOf('/');
		return (slash > 0) ? agent.substring(0, slash) : agent;
	}

}
