package io.hazardgate.store.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Writes line protocol with InfluxDB v2's {@code POST /api/v2/write?org=…&bucket=…&precision=…}, which
 * InfluxDB 2/3, QuestDB and VictoriaMetrics all accept. Each call is one HTTP request carrying a whole
 * batch; several threads call it at once, each on its own pooled connection.
 *
 * <p>The request body goes from the caller's array to the socket in pieces no larger than an okio
 * segment, so the segments are recycled as they are sent and a batch of any size is written without
 * allocating its size again (handing okio the whole array at once, or a string, would copy it into
 * fresh segments first). A refusal is reported with the store's own words: the {@code message} of an
 * InfluxDB-style JSON error, or the start of the body.
 */
public final class InfluxLineWriter implements LineWriter {
    /** A large batch into a busy store can take a while; a dead one is noticed by the connect timeout. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    /** okio's segment size: each write fills at most one segment, which is sent and recycled before the next. */
    private static final int PIECE = 8192;
    /** Of an error's body, only this much is read. */
    private static final long ERROR_BODY_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final Map<Precision, HttpUrl> urls = new EnumMap<>(Precision.class);
    private final String authorization;

    public InfluxLineWriter(String url, String token, String org, String bucket, int connections) {
        this(url, token, org, bucket, connections, null);
    }

    /**
     * @param basicAuthorization an {@code Authorization: Basic} value every request carries (the embedded
     *                           store), or null; it takes the place of {@code token}
     * @throws IllegalArgumentException when {@code url} is not an http or https URL
     */
    public InfluxLineWriter(String url, String token, String org, String bucket, int connections, String basicAuthorization) {
        HttpUrl base = HttpUrl.parse(url);
        if (base == null) throw new IllegalArgumentException("the store's URL '" + url + "' is not an http:// or https:// URL");
        for (Precision p : Precision.values()) {
            urls.put(p, base.newBuilder()
                    .addPathSegments("api/v2/write")
                    .addQueryParameter("org", org.isEmpty() ? "hazardgate" : org)
                    .addQueryParameter("bucket", bucket)
                    .addQueryParameter("precision", p.parameter())
                    .build());
        }
        this.authorization = basicAuthorization != null ? basicAuthorization : token.isEmpty() ? null : "Token " + token;
        this.http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT)
                .writeTimeout(READ_TIMEOUT)
                // Retries are ours, with backoff and metrics; the client must not resend on its own.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    @Override
    public void write(byte[] lines, int length, Precision precision) throws StoreWriteException {
        Request.Builder request = new Request.Builder().url(urls.get(precision)).post(new Body(lines, length));
        if (authorization != null) request.header("Authorization", authorization);
        try (Response response = http.newCall(request.build()).execute()) {
            if (response.isSuccessful()) return;
            int status = response.code();
            throw new StoreWriteException("HTTP " + status + ": " + detail(response), status,
                    StoreWriteException.isRetryableStatus(status), null);
        } catch (IOException | RuntimeException e) {
            throw new StoreWriteException(e.toString(), 0, true, e);
        }
    }

    /** What the store said about a refusal: its JSON error's message, else its text, else the status line. */
    static String detail(Response response) throws IOException {
        String text = "";
        ResponseBody body = response.body();
        if (body != null) {
            BufferedSource source = body.source();
            source.request(ERROR_BODY_BYTES);
            Buffer head = source.getBuffer();
            text = head.readUtf8(Math.min(head.size(), ERROR_BODY_BYTES)).strip();
        }
        if (text.startsWith("{")) {
            try {
                JsonNode message = JSON.readTree(text).path("message");
                if (message.isTextual() && !message.asText().isBlank()) text = message.asText().strip();
            } catch (IOException notJson) {
                // cut short or not JSON after all: the text as it is
            }
        }
        if (text.isEmpty()) text = response.message().isEmpty() ? "no detail given" : response.message();
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
    }

    /** The caller's bytes, written a segment at a time. */
    private static final class Body extends RequestBody {
        private final byte[] bytes;
        private final int length;

        Body(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public MediaType contentType() { return TEXT; }

        @Override
        public long contentLength() { return length; }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            for (int at = 0; at < length; at += PIECE) sink.write(bytes, at, Math.min(PIECE, length - at));
        }
    }
}
