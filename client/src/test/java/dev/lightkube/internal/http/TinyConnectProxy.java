package dev.lightkube.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A minimal proxy on loopback: HTTP CONNECT (optionally itself behind TLS) or SOCKS5 with user name and password.
 * Records each request: the CONNECT request's head, or {@code SOCKS5 <user>:<password> <host>:<port>}.
 */
final class TinyConnectProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final boolean socks5;

	/** A SOCKS5 proxy that asks for a user name and password. */
	static TinyConnectProxy socks5() throws IOException {
		return new TinyConnectProxy(null, true);
	}

	TinyConnectProxy(SSLContext tls) throws IOException {
		this(tls, false);
	}

	private TinyConnectProxy(SSLContext tls, boolean socks5) throws IOException {
		this.socks5 = socks5;
		this.serverSocket = (tls != null)
				? tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())
				: new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tiny-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/** The head (request line and headers) of each CONNECT received. */
	List<String> requests() {
		return new ArrayList<>(this.requests);
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				this.sockets.add(client);
				Thread handler = new Thread(() -> handle(client), "tiny-proxy-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void handle(Socket client) {
		try {
			InputStream in = client.getInputStream();
			int port;
			if (this.socks5) {
				port = socks5Handshake(in, client.getOutputStream());
			}
			else {
				String head = readHead(in);
				this.requests.add(head);
				String[] target = head.split(" ")[1].split(":");
				port = Integer.parseInt(target[target.length - 1]);
			}
			Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
			this.sockets.add(upstream);
			if (!this.socks5) {
				client.getOutputStream()
					.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			else {
				client.getOutputStream().write(new byte[] { 5, 0, 0, 1, 0, 0, 0, 0, 0, 0 });
			}
			client.getOutputStream().flush();
			Thread pump = new Thread(() -> pump(upstream, client), "tiny-proxy-pump");
			pump.setDaemon(true);
			pump.start();
			pump(client, upstream);
		}
		catch (IOException | RuntimeException ex) {
			close(client);
		}
	}

	// RFC 1928 and RFC 1929, only what a client that offers user name and password needs; the target's port.
	private int socks5Handshake(InputStream in, OutputStream out) throws IOException {
		byte[] methods = in.readNBytes(in.read() == 5 ? in.read() : 0);
		if (methods.length == 0) {
			throw new IOException("not SOCKS5");
		}
		out.write(new byte[] { 5, 2 });
		out.flush();
		in.read();
		String user = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
		String password = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
		out.write(new byte[] { 1, 0 });
		out.flush();
		byte[] request = in.readNBytes(4);
		String host = switch (request[3]) {
			case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
			case 3 -> new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
			case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
			default -> throw new IOException("unknown address type");
		};
		int port = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
		this.requests.add("SOCKS5 " + user + ":" + password + " " + host + ":" + port);
		return port;
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("closed before the end of the request head");
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private static void pump(Socket from, Socket to) {
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// The other side closed.
		}
		finally {
			close(from);
			close(to);
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		this.sockets.forEach(TinyConnectProxy::close);
	}

}
