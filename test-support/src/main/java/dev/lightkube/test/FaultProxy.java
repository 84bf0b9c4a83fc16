package dev.lightkube.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server (usually a {@link KubeApiServer}) that can cut one client off while others
 * still reach the server: give each client its own proxy, then make one {@link #reset()} its connections or
 * {@link #stall()} them, as a network partition does. Transparent to HTTP/1.1, HTTP/2 and TLS alike.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(server)) {
 *     KubeClient client = KubeClient.builder().config(KubeConfig.fromServer(proxy.url())).build();
 *     proxy.stall();   // the client's requests now hang
 *     proxy.pass();    // and go through again
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

	/** What the proxy does with traffic. */
	public enum Mode {

		/** Forwards every byte both ways. */
		PASS,

		/** Resets every open connection now, and every new one as soon as it is accepted (connection reset). */
		RESET,

		/**
		 * Forwards nothing: open connections and new ones stay open but silent, as behind a dropped route; bytes held
		 * are forwarded when the mode becomes {@link #PASS} again.
		 */
		STALL

	}

	private final String scheme;

	private final InetSocketAddress target;

	private final ServerSocket listener;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object modeLock = new Object();

	private Mode mode = Mode.PASS;

	private volatile boolean closed;

	private FaultProxy(String scheme, String host, int port) {
		this.scheme = scheme;
		this.target = new InetSocketAddress(host, port);
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the fault proxy's port", ex);
		}
		Thread acceptor = new Thread(this::accept, "fault-proxy-" + this.listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A proxy to {@code server}, passing traffic until told otherwise. */
	public static FaultProxy to(KubeApiServer server) {
		Objects.requireNonNull(server, "server must not be null");
		return new FaultProxy(server.isTls() ? "https" : "http", "127.0.0.1", server.port());
	}

	/** A proxy to {@code host:port}; {@link #url()} uses {@code scheme}. */
	public static FaultProxy to(String scheme, String host, int port) {
		return new FaultProxy(scheme, host, port);
	}

	/** The proxy's URL, such as {@code http://127.0.0.1:40123}: give it to a client instead of the server's. */
	public String url() {
		return this.scheme + "://127.0.0.1:" + port();
	}

	/** The proxy's port. */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** What the proxy does now. */
	public Mode mode() {
		synchronized (this.modeLock) {
			return this.mode;
		}
	}

	/** Forwards traffic again (held bytes of stalled connections go through). */
	public void pass() {
		mode(Mode.PASS);
	}

	/** Resets every connection, open or new, until {@link #pass()}. */
	public void reset() {
		mode(Mode.RESET);
		for (Socket socket : this.sockets) {
			abort(socket);
		}
	}

	/** Holds every byte, so requests hang, until {@link #pass()}. */
	public void stall() {
		mode(Mode.STALL);
	}

	private void mode(Mode mode) {
		synchronized (this.modeLock) {
			this.mode = mode;
			this.modeLock.notifyAll();
		}
	}

	/** How many connections are open through the proxy (each counted once). */
	public int openConnections() {
		return this.sockets.size() / 2;
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (mode() == Mode.RESET) {
				abort(client);
				continue;
			}
			Socket upstream = new Socket();
			try {
				upstream.connect(this.target, 10_000);
			}
			catch (IOException ex) {
				abort(client);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(upstream);
			pump(client, upstream, "up");
			pump(upstream, client, "down");
		}
	}

	private void pump(Socket from, Socket to, String direction) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (!awaitPass()) {
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// The other side closed or was reset: close both below.
			}
			finally {
				if (mode() == Mode.RESET) {
					abort(from);
					abort(to);
				}
				else {
					quietlyClose(from);
					quietlyClose(to);
				}
			}
		}, "fault-proxy-" + port() + "-" + direction);
		thread.setDaemon(true);
		thread.start();
	}

	/** Waits while stalled; false when the connection must be reset or the proxy closed. */
	private boolean awaitPass() {
		synchronized (this.modeLock) {
			while (this.mode == Mode.STALL && !this.closed) {
				try {
					this.modeLock.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return this.mode == Mode.PASS && !this.closed;
		}
	}

	/** Closes with a TCP reset (RST) rather than a clean end of stream. */
	private void abort(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Already closed.
		}
		quietlyClose(socket);
	}

	private void quietlyClose(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing more to do.
		}
	}

	/** Stops accepting and closes every connection. */
	@Override
	public void close() {
		this.closed = true;
		mode(Mode.PASS);
		quietlyCloseListener();
		for (Socket socket : this.sockets) {
			quietlyClose(socket);
		}
	}

	private void quietlyCloseListener() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// Nothing more to do.
		}
	}

	@Override
	public String toString() {
		return "FaultProxy[" + url() + " -> " + this.target.getHostString() + ":" + this.target.getPort() + ", "
				+ mode() + "]";
	}

}
