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
 * A minimal HTTP CONNECT proxy on loopback, optionally itself behind TLS. Records each CONNECT request's head.
 */
final class TinyConnectProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	TinyConnectProxy(SSLContext tls) throws IOException {
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
			String head = readHead(in);
			this.requests.add(head);
			String[] target = head.split(" ")[1].split(":");
			Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(target[target.length - 1]));
			this.sockets.add(upstream);
			client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
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
