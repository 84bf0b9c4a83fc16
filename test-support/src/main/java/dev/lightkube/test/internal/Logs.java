package dev.lightkube.test.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lightkube.test.PodLog;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Pod container logs that tests write and clients read or follow.
 */
final class Logs {

	private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();

	/** The log of one container ({@code ""}: the pod's default log), created on first use. */
	ContainerLog log(String namespace, String pod, String container) {
		return this.logs.computeIfAbsent(namespace + "/" + pod + "/" + container, (k) -> new ContainerLog());
	}

	/** The log a client reads: the container's own when a test wrote one, else the pod's default log. */
	ContainerLog find(String namespace, String pod, String container) {
		ContainerLog own = this.logs.get(namespace + "/" + pod + "/" + container);
		return (own != null) ? own : log(namespace, pod, "");
	}

	void clear() {
		this.logs.values().forEach(ContainerLog::finish);
		this.logs.clear();
	}

	/** One line with the time it was written. */
	record Line(Instant time, String text) {

		String render(boolean timestamps) {
			return (timestamps ? this.time + " " : "") + this.text + "\n";
		}

	}

	/** One container's lines and followers. */
	static final class ContainerLog implements PodLog {

		private final List<Line> lines = new ArrayList<>();

		private final List<Sinks.Many<Line>> followers = new CopyOnWriteArrayList<>();

		private boolean finished;

		@Override
		public synchronized PodLog append(String... lines) {
			for (String text : lines) {
				Line line = new Line(Instant.now(), text);
				this.lines.add(line);
				this.followers.forEach((f) -> f.tryEmitNext(line));
			}
			return this;
		}

		@Override
		public synchronized void finish() {
			this.finished = true;
			this.followers.forEach(Sinks.Many::tryEmitComplete);
			this.followers.clear();
		}

		/** The last {@code tailLines} lines (all when negative). */
		synchronized List<Line> lines(int tailLines) {
			int from = (tailLines < 0) ? 0 : Math.max(0, this.lines.size() - tailLines);
			return List.copyOf(this.lines.subList(from, this.lines.size()));
		}

		/** The last {@code tailLines} lines (all when negative), then new ones until the log is finished. */
		synchronized Flux<Line> follow(int tailLines) {
			List<Line> existing = lines(tailLines);
			if (this.finished) {
				return Flux.fromIterable(existing);
			}
			Sinks.Many<Line> sink = Sinks.many().unicast().onBackpressureBuffer();
			existing.forEach(sink::tryEmitNext);
			this.followers.add(sink);
			return sink.asFlux().doFinally((signal) -> this.followers.remove(sink));
		}

	}

}
