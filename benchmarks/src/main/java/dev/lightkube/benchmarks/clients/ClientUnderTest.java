package dev.lightkube.benchmarks.clients;

/**
 * One client as the harness drives it: one method per benchmarked operation, all against the loopback server's
 * namespace ({@code bench}). Implementations hold their client (and its connection pool) for the whole run, are
 * safe to call from many threads, and throw {@link UnsupportedOperationException} for what they cannot do.
 */
public interface ClientUnderTest extends AutoCloseable {

	/** The name in the result table, e.g. {@code "fabric8"}. */
	String name();

	/**
	 * The HTTP transport this client was built with, as the run prints it (for fabric8 the class of the
	 * {@code HttpClient} it actually uses, so the output shows which transport each row measured).
	 */
	default String transport() {
		return "";
	}

	/** List every pod in one request and return how many items were decoded. */
	int list() throws Exception;

	/**
	 * Go through every pod with as little memory as the client allows (lightkube: the lazy list; peers without one:
	 * their full list) and return how many items were seen.
	 */
	int iterate() throws Exception;

	/** Get one pod by name; return it (in the client's own model) so the work cannot be optimized away. */
	Object get(String name) throws Exception;

	/** Watch the pods, consume {@code events} events, stop the watch, and return how many arrived. */
	int watch(int events) throws Exception;

	/** Create the fixture pod; return the server's answer. */
	Object create() throws Exception;

	/**
	 * Send {@link dev.lightkube.benchmarks.fixture.PodFixtures#MERGE_PATCH} as a JSON merge patch to the fixture pod
	 * (by its name: some clients check that the answer names the pod they patched).
	 */
	Object patch() throws Exception;

	/** Server-side apply the fixture pod (field manager {@code bench}, forced). */
	Object apply() throws Exception;

	/** Release the client's threads and connections. */
	@Override
	void close() throws Exception;

}
