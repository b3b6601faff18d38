package io.hazardgate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback that takes webhooks (the JDK's HttpServer): it records every request and
 * answers with the status the test sets, so a test can take the receiver down (503, or stop it outright)
 * and bring it back on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    public record Request(String path, Map<String, List<String>> headers, String body, long arrivalNanos) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
            }
            return null;
        }
    }

    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private int port;

    public WebhookReceiver() throws IOException {
        start(0);
    }

    private void start(int p) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 16);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int s = status.get();
                if (s >= 200 && s < 300) {
                    synchronized (requests) {
                        requests.add(new Request(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body, System.nanoTime()));
                        requests.notifyAll();
                    }
                }
                byte[] answer = (s < 300 ? "{\"ok\":true}" : "{\"error\":\"down\"}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(s, answer.length);
                ex.getResponseBody().write(answer);
            } finally {
                ex.close();
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    public int port() { return port; }

    public String url(String path) { return "http://127.0.0.1:" + port + path; }

    /** The status every request is answered with from now on; requests answered other than 2xx are not recorded. */
    public void answer(int httpStatus) { status.set(httpStatus); }

    /** Stops listening: connections are refused until {@link #restart()}. */
    public void stop() { server.stop(0); }

    /** Listens again on the same port. */
    public void restart() throws IOException { start(port); }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until a request to {@code path} satisfies {@code p}; returns it. */
    public Request await(String path, Predicate<Request> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (true) {
                for (Request r : requests) if (r.path().equals(path) && p.test(r)) return r;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no request to " + path + " within " + timeout + "; got " + requests);
                requests.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() { server.stop(0); }
}
