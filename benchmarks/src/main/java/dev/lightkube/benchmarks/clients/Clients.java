package dev.lightkube.benchmarks.clients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of clients by the short name the command line uses, in table order: floors first, then peers.
 */
public final class Clients {

	/** Short name of the decode floor. */
	public static final String DECODE_FLOOR = "decode";

	/** Short name of the JDK HttpClient floor. */
	public static final String HTTP_FLOOR = "jdk";

	/** Short name of fabric8 on its default transport (Vert.x 5). */
	public static final String FABRIC8 = "fabric8";

	/** Short name of fabric8 on the JDK {@code HttpClient} transport. */
	public static final String FABRIC8_JDK = "fabric8-jdk";

	/** The timing JVM of fabric8 on Vert.x. */
	public static final String FABRIC8_VERTX_JVM = "fabric8-vertx";

	/** The timing JVM of every client not named in {@link #jvm(String)}. */
	public static final String MAIN_JVM = "main";

	/** Short name of the official client. */
	public static final String OFFICIAL = "official";

	/** Short name of lightkube's blocking client. */
	public static final String LIGHTKUBE = "lightkube";

	/** Short name of lightkube's reactive client. */
	public static final String LIGHTKUBE_REACTIVE = "lightkube-reactive";

	private static final Map<String, ClientFactory> FACTORIES = new LinkedHashMap<>();

	static {
		FACTORIES.put(DECODE_FLOOR, (server, fixtures) -> new DecodeFloor(fixtures));
		FACTORIES.put(HTTP_FLOOR, JdkHttpFloor::new);
		FACTORIES.put(LIGHTKUBE, LightkubeClients::blocking);
		FACTORIES.put(LIGHTKUBE_REACTIVE, LightkubeClients::reactive);
		FACTORIES.put(FABRIC8, Fabric8Client::vertx);
		FACTORIES.put(FABRIC8_JDK, Fabric8Client::jdk);
		FACTORIES.put(OFFICIAL, OfficialClient::new);
	}

	private Clients() {
	}

	/** Every registered short name, in table order. */
	public static List<String> names() {
		return List.copyOf(FACTORIES.keySet());
	}

	/** The floors and peers that ratios are computed against, in column order. */
	public static List<String> references() {
		return List.of(DECODE_FLOOR, HTTP_FLOOR, LIGHTKUBE, FABRIC8, FABRIC8_JDK, OFFICIAL);
	}

	/**
	 * The timing JVM that runs {@code name}: fabric8 on Vert.x gets one of its own, so that Vert.x's Netty event
	 * loops, allocator and JIT profile never share a JVM with Reactor Netty's; everyone else shares {@link #MAIN_JVM}.
	 */
	public static String jvm(String name) {
		factory(name);
		return name.equals(FABRIC8) ? FABRIC8_VERTX_JVM : MAIN_JVM;
	}

	/** The factory for {@code name}. */
	public static ClientFactory factory(String name) {
		ClientFactory factory = FACTORIES.get(name);
		if (factory == null) {
			throw new IllegalArgumentException("Unknown client '" + name + "'; known: " + FACTORIES.keySet());
		}
		return factory;
	}

}
