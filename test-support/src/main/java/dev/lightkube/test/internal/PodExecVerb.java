package dev.lightkube.test.internal;

import java.util.List;
import java.util.Objects;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/{name}/exec}: checks the request, then upgrades to a WebSocket that runs the registered handler.
 */
final class PodExecVerb {

	private final StoredObjects objects;

	private final Exec exec;

	PodExecVerb(StoredObjects objects, Exec exec) {
		this.objects = objects;
		this.exec = exec;
	}

	Reply exec(ApiRequest request) {
		Target target = request.target();
		Query query = request.query();
		ObjectNode pod = this.objects.existing(target);
		String container = PodLogVerb.container(pod, query.get("container"));
		List<String> command = query.all("command");
		if (command.isEmpty()) {
			throw ApiError.badRequest("you must specify at least one command for the container");
		}
		if (!query.flag("stdin") && !query.flag("stdout") && !query.flag("stderr")) {
			throw ApiError.badRequest("you must specify at least 1 of stdin, stdout, stderr");
		}
		String upgrade = request.http().requestHeaders().get(HttpHeaderNames.UPGRADE, "");
		String protocols = request.http().requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
		if (!upgrade.equalsIgnoreCase("websocket")) {
			throw ApiError.badRequest("Upgrade request required");
		}
		if (!protocols.contains(Exec.V5) && !protocols.contains(Exec.V4)) {
			throw ApiError.badRequest("exec needs a WebSocket subprotocol " + Exec.V5 + " or " + Exec.V4
					+ ", the client offered: " + protocols);
		}
		boolean tty = query.flag("tty");
		boolean stdin = query.flag("stdin");
		String namespace = Objects.requireNonNull(target.namespace());
		String name = Objects.requireNonNull(target.name());
		return Reply.upgrade(request.response().sendWebsocket(
				(in, out) -> this.exec.session(in, out, namespace, name, container, command, tty, stdin),
				WebsocketServerSpec.builder().protocols(Exec.V5 + "," + Exec.V4).build()));
	}

}
