package io.hazardgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on a plain socket, for requests no polite client sends: any {@code Host}, the headers a
 * browser adds to a cross-origin request, a chosen source address on the loopback network (127.0.0.2
 * and up reach a server on 127.0.0.1), pipelined requests, or a request that never finishes.
 */
public final class RawHttp implements AutoCloseable {
    /** A response as read from the wire. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** Connects to 127.0.0.1:port from {@code source}, e.g. 127.0.0.2, as another machine would appear. */
    public RawHttp(InetAddress source, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
    }

    public static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A complete request; {@code headers} are name/value pairs. {@code Host} is 127.0.0.1 unless given. */
    public static byte[] request(String method, String target, String body, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (int i = 0; i < headers.length; i += 2) {
            host |= headers[i].equalsIgnoreCase("Host");
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (!host) sb.append("Host: 127.0.0.1\r\n");
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) sb.append("Content-Length: ").append(b.length).append("\r\n");
        sb.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(b);
        return out.toByteArray();
    }

    public RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends one request and reads its response. */
    public Response exchange(String method, String target, String body, String... headers) throws IOException {
        send(request(method, target, body, headers));
        return read();
    }

    /** Reads one response (Content-Length or chunked bodies; a streaming one is not read). */
    public Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        byte[] body = new byte[0];
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True once the server closes the connection within {@code timeout}, whatever it sent before. */
    public boolean awaitClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (in.read() != -1) {
                // whatever the server said before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
