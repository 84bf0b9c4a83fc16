package dev.lightkube;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP/1.1 server that answers what a broken proxy or a buggy API server might send: each request is
 * read, recorded, and handed with the raw socket output to a handler that writes whatever bytes a test wants. The
 * connection is closed when the handler returns. One thread per connection.
 */
public final class MisbehavingServer implements AutoCloseable {

	/** Writes the raw answer to one request. */
	@FunctionalInterface
	public interface Handler {

		void answer(Request request, OutputStream out) throws Exception;

	}

	/** A request as it arrived. */
	public record Request(String method, String target, Map<String, String> headers, byte[] body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final ServerSocket socket = new ServerSocket();

	private final Handler handler;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	public MisbehavingServer(Handler handler) throws IOException {
		this.handler = handler;
		this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
		Thread acceptor = new Thread(this::accept, "misbehaving-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** {@code http://127.0.0.1:port}. */
	public String url() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/** The requests received so far, in order. */
	public List<Request> requests() {
		return this.requests;
	}

	private void accept() {
		try {
			while (true) {
				Socket connection = this.socket.accept();
				this.open.add(connection);
				Thread worker = new Thread(() -> serve(connection), "misbehaving-server-connection");
				worker.setDaemon(true);
				worker.start();
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			InputStream in = connection.getInputStream();
			Request request = read(in);
			if (request == null) {
				return;
			}
			this.requests.add(request);
			OutputStream out = connection.getOutputStream();
			this.handler.answer(request, out);
			out.flush();
		}
		catch (Exception ex) {
			// the client went away, or the test ended
		}
		finally {
			this.open.remove(connection);
		}
	}

	private static Request read(InputStream in) throws IOException {
		String requestLine = line(in);
		if (requestLine == null || requestLine.isEmpty()) {
			return null;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		byte[] body = new byte[0];
		String length = headers.get("content-length");
		if (length != null) {
			body = in.readNBytes(Integer.parseInt(length));
		}
		String[] parts = requestLine.split(" ");
		return new Request(parts[0], parts[1], headers, body);
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int end = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	/** Writes a complete answer with {@code Content-Length} and {@code Connection: close}. */
	public static void respond(OutputStream out, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		head(out, status, "Content-Type: " + contentType + "\r\nContent-Length: " + bytes.length);
		out.write(bytes);
	}

	/** Writes a JSON answer with {@code Content-Length}. */
	public static void json(OutputStream out, int status, String body) throws IOException {
		respond(out, status, "application/json", body);
	}

	/** Writes the status line and headers (plus {@code Connection: close}) and the blank line after them. */
	public static void head(OutputStream out, int status, String headers) throws IOException {
		String head = "HTTP/1.1 " + status + " " + ((status == 200) ? "OK" : "Status") + "\r\n"
				+ (headers.isEmpty() ? "" : headers + "\r\n") + "Connection: close\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket connection : this.open) {
			connection.close();
		}
	}

}
