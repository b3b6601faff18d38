package io.hazardgate.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A supervision platform's access interface, as far as the published conventions go, on loopback: it
 * checks the app key, that the timestamp is within five minutes of its clock, that the nonce was never
 * seen, and the HMAC-SHA256 signature over method, path, timestamp, nonce and body digest (refusing with
 * 401); decrypts SM4-CBC payloads (through the JCE provider, not the gateway's code); checks each message
 * against its schema (refusing with 400 and the reason); answers {@code {"code":0,"msg":"成功"}}. Like a
 * platform, it stores a message once by its id ({@code sjid}): a message it took whose answer was lost
 * (the connection cut in an outage) is taken again without being stored twice, and counted in
 * {@link #duplicates}. It keeps what it stored in arrival order. It can be stopped and started again on
 * the same port (an outage: connections refused) and its credentials changed (a platform that
 * re-issued the key).
 */
final class PlatformReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_SKEW_MS = 5 * 60_000;
    /** How far a request's timestamp may be from this platform's clock. */
    volatile long maxSkewMs = MAX_SKEW_MS;
    /** One provider for all requests: building one and verifying its jar takes a second or two. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** Checks one message's body; throws IllegalArgumentException naming the field that is wrong. */
    interface Schema {
        void check(JsonNode body);
    }

    record Accepted(String path, JsonNode body) {}

    private final Map<String, Schema> schemas;
    private volatile String appKey;
    private volatile byte[] secret;
    private final byte[] sm4Key;
    private final Set<String> nonces = java.util.Collections.synchronizedSet(new HashSet<>());
    final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final AtomicInteger signaturesVerified = new AtomicInteger();
    final AtomicInteger decrypted = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    private final Set<String> ids = java.util.Collections.synchronizedSet(new HashSet<>());
    private HttpServer server;
    private int port;

    PlatformReceiver(String appKey, byte[] secret, byte[] sm4Key, Map<String, Schema> schemas) {
        this.appKey = appKey;
        this.secret = secret;
        this.sm4Key = sm4Key;
        this.schemas = schemas;
        try {
            Cipher.getInstance("SM4/CBC/PKCS5Padding", BC); // warm up before the first message
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts on an ephemeral port the first time, on the same port after {@link #stop()}. */
    PlatformReceiver start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "platform-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /** An outage: the port stops answering (connections are refused). */
    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    String url() { return "http://127.0.0.1:" + port + "/access"; }

    /** The platform re-issued the key. */
    void credentials(String appKey, byte[] secret) {
        this.appKey = appKey;
        this.secret = secret;
    }

    List<JsonNode> bodies(String path) {
        return accepted.stream().filter(a -> a.path().equals(path)).map(Accepted::body).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            byte[] raw = x.getRequestBody().readAllBytes();
            String path = x.getRequestURI().getRawPath();
            if (!x.getRequestMethod().equals("POST")) {
                answer(x, 405, 405, "only POST");
                return;
            }
            String why = signatureProblem(x, path, raw);
            if (why != null) {
                refusals.add("401 " + why);
                answer(x, 401, 1001, "签名校验失败 (signature check failed): " + why);
                return;
            }
            signaturesVerified.incrementAndGet();
            JsonNode body;
            try {
                body = JSON.readTree(sm4Key.length > 0 ? decrypt(raw) : raw);
            } catch (Exception e) {
                refusals.add("400 undecryptable: " + e);
                answer(x, 400, 1002, "数据解密失败 (cannot decrypt): " + e.getMessage());
                return;
            }
            String kind = path.substring(path.lastIndexOf('/') + 1);
            Schema schema = schemas.get(kind);
            if (schema == null) {
                answer(x, 404, 404, "no interface " + path);
                return;
            }
            try {
                schema.check(body);
            } catch (IllegalArgumentException e) {
                refusals.add("400 " + e.getMessage());
                answer(x, 400, 1003, "数据格式错误 (schema): " + e.getMessage());
                return;
            }
            String id = body.path("sjid").asText();
            if (id.isEmpty() || ids.add(id)) {
                accepted.add(new Accepted(kind, body));
            } else {
                duplicates.incrementAndGet();
            }
            answer(x, 200, 0, "成功");
        } catch (RuntimeException e) {
            answer(x, 500, 500, e.toString());
        }
    }

    private String signatureProblem(HttpExchange x, String path, byte[] body) throws IOException {
        String key = x.getRequestHeaders().getFirst("X-App-Key");
        String ts = x.getRequestHeaders().getFirst("X-Timestamp");
        String nonce = x.getRequestHeaders().getFirst("X-Nonce");
        String sig = x.getRequestHeaders().getFirst("X-Signature");
        if (key == null || ts == null || nonce == null || sig == null) return "missing signature headers";
        if (!key.equals(appKey)) return "unknown app key";
        long t;
        try {
            t = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return "timestamp is not a number";
        }
        if (Math.abs(System.currentTimeMillis() - t) > maxSkewMs) return "timestamp too far from the platform's clock";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String canonical = "POST\n" + path + "\n" + ts + "\n" + nonce + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            byte[] expected = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
            if (!MessageDigest.isEqual(expected, Base64.getDecoder().decode(sig))) return "signature does not match";
        } catch (Exception e) {
            return "signature unreadable: " + e;
        }
        if (!nonces.add(nonce)) return "nonce seen before (a replay)";
        return null;
    }

    private byte[] decrypt(byte[] raw) throws Exception {
        JsonNode env = JSON.readTree(raw);
        if (!env.path("encrypted").asText().equals("SM4-CBC")) throw new IllegalArgumentException("not an SM4-CBC envelope");
        byte[] all = Base64.getDecoder().decode(env.path("data").asText());
        Cipher c = Cipher.getInstance("SM4/CBC/PKCS5Padding", BC);
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sm4Key, "SM4"), new IvParameterSpec(Arrays.copyOf(all, 16)));
        byte[] plain = c.doFinal(all, 16, all.length - 16);
        decrypted.incrementAndGet();
        return plain;
    }

    private static void answer(HttpExchange x, int status, int code, String msg) throws IOException {
        byte[] b = JSON.writeValueAsBytes(Map.of("code", code, "msg", msg));
        x.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        if (server != null) stop();
    }
}
