package io.hazardgate.uplink.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hazardgate.config.uplink.HttpTarget;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.TemplateNode;
import io.hazardgate.config.uplink.UplinkKeys;
import io.hazardgate.uplink.feed.OutgoingMessage;
import io.hazardgate.uplink.template.Context;
import io.hazardgate.uplink.template.TemplateRenderer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a platform answers decides what the uplink does, and a platform that answers badly (a flood of
 * bytes, nothing at all, a redirect elsewhere) costs the gateway a bounded amount of memory and time.
 */
class HttpTransportTest {
    /** What the platform under test does with a request. */
    private interface Behaviour {
        void answer(com.sun.net.httpserver.HttpExchange x) throws Exception;
    }

    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private HttpTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", x -> {
            try {
                x.getRequestBody().readAllBytes();
                behaviour.get().answer(x);
            } catch (Exception e) {
                // the client went away
            } finally {
                x.close();
            }
        });
        server.start();
        HttpTarget target = new HttpTarget(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/p"),
                Map.of(MessageKind.ALARM, "/alarm"), Duration.ofMillis(500), HttpTarget.HMAC_SHA256, HttpTarget.DEFAULT_HEADERS,
                null, "code", List.of("0"), "msg");
        TemplateNode body = new TemplateNode.Obj(List.of(new TemplateNode.Field("id", new TemplateNode.Ref("message.id",
                TemplateNode.Format.AS_IS))));
        transport = new HttpTransport(target, UplinkKeys.NONE, new TemplateRenderer(Map.of(), ZoneId.of("Asia/Shanghai")),
                Map.of(MessageKind.ALARM, body), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static OutgoingMessage message() {
        Context values = name -> name.equals("message.id") ? "m-1" : Context.ABSENT;
        return new OutgoingMessage(MessageKind.ALARM, "m-1", "plant", false, values, 0);
    }

    private static void send(com.sun.net.httpserver.HttpExchange x, int status, String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private DeliveryException fails() {
        return assertThrows(DeliveryException.class, () -> transport.deliver(List.of(message())));
    }

    @Test
    void theAnswerDecidesBetweenTakenRetryAndPause() throws Exception {
        behaviour.set(x -> send(x, 200, "{\"code\":0,\"msg\":\"ok\"}"));
        transport.deliver(List.of(message()));

        behaviour.set(x -> send(x, 401, "{\"code\":401,\"msg\":\"bad signature\"}"));
        DeliveryException e = fails();
        assertEquals(DeliveryException.Kind.KEY_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("HTTP 401: bad signature"), e.getMessage());

        behaviour.set(x -> send(x, 400, "{\"code\":400,\"msg\":\"zbbm\\nmissing\"}"));
        e = fails();
        assertEquals(DeliveryException.Kind.PAYLOAD_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("zbbm missing"), "one line: " + e.getMessage());

        behaviour.set(x -> send(x, 200, "{\"code\":1003,\"msg\":\"unknown point\"}"));
        e = fails();
        assertEquals(DeliveryException.Kind.PAYLOAD_REFUSED, e.kind(), "a 200 whose result code is not ok");
        assertTrue(e.getMessage().contains("code 1003: unknown point"), e.getMessage());

        behaviour.set(x -> send(x, 503, "busy"));
        assertEquals(DeliveryException.Kind.UNREACHABLE, fails().kind());
        behaviour.set(x -> send(x, 429, ""));
        assertEquals(DeliveryException.Kind.UNREACHABLE, fails().kind());
    }

    @Test
    void aRedirectIsNotFollowed() {
        behaviour.set(x -> {
            x.getResponseHeaders().set("Location", "http://elsewhere.example/");
            send(x, 302, "");
        });
        DeliveryException e = fails();
        assertEquals(DeliveryException.Kind.PAYLOAD_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("HTTP 302"), e.getMessage());
    }

    @Test
    void aFloodOfAnswerIsCutShortAndASilentPlatformTimesOut() throws Exception {
        behaviour.set(x -> {
            x.sendResponseHeaders(200, 0); // chunked, endless
            byte[] junk = new byte[64 << 10];
            java.util.Arrays.fill(junk, (byte) 'x');
            try (OutputStream o = x.getResponseBody()) {
                for (int i = 0; i < 16_384; i++) o.write(junk); // a gigabyte, if anyone read it all
            }
        });
        DeliveryException e = fails();
        assertEquals(DeliveryException.Kind.PAYLOAD_REFUSED, e.kind(), "no result code in the first 64 KB");
        assertTrue(e.getMessage().length() < 1000, "the reason quoted is short");

        behaviour.set(x -> release.await()); // never answers
        e = fails();
        assertEquals(DeliveryException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("no complete answer") || e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void anAnswerIsReadUpToItsLimitAndTheRestLetGo() throws Exception {
        LimitedBody body = new LimitedBody(100);
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
        body.onSubscribe(new java.util.concurrent.Flow.Subscription() {
            @Override public void request(long n) { requested.addAndGet(n); }

            @Override public void cancel() { cancelled.set(true); }
        });
        for (int i = 0; i < 5 && !cancelled.get(); i++) {
            body.onNext(List.of(java.nio.ByteBuffer.wrap(new byte[30]), java.nio.ByteBuffer.wrap(new byte[30])));
        }
        assertTrue(cancelled.get(), "the rest of the answer is refused");
        assertEquals(100, body.getBody().toCompletableFuture().get().length);
        assertEquals(2, requested.get(), "nothing more asked for once the limit was reached");
    }
}
