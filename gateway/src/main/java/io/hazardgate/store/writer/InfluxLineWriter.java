package io.hazardgate.store.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
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
 * <p>The request body is the caller's text, encoded to UTF-8 on its way to the socket a segment at a
 * time ({@link Utf8Lines}): a batch of any size is written without a copy of its size (a string of it,
 * or its bytes handed to okio at once, would be copied into fresh segments first). A refusal is reported
 * with the store's own words: the {@code message} or {@code error} of a JSON error, the
 * {@code X-Influxdb-Error} header, or the start of the body; a redirect with where it points, since it
 * is not followed (a POST redirected by 301 or 302 would be resent as a GET and its lines lost).
 */
public final class InfluxLineWriter implements LineWriter {
    /** A large batch into a busy store can take a while; a dead one is noticed by the connect timeout. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    /** Of an error's body, only this much is read. */
    private static final long ERROR_BODY_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final Map<Precision, HttpUrl> urls = new EnumMap<>(Precision.class);
    private final Headers headers;

    public InfluxLineWriter(String url, String token, String org, String bucket, int connections) {
        this(url, token, org, bucket, connections, null);
    }

    /**
     * @param basicAuthorization an {@code Authorization: Basic} value every request carries (the embedded
     *                           store), or null; it takes the place of {@code token}
     * @throws IllegalArgumentException when {@code url} is not an http or https URL, or the token has a
     *                                  character an HTTP header cannot carry
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
        String authorization = basicAuthorization != null ? basicAuthorization : token.isEmpty() ? null : "Token " + token;
        try {
            this.headers = authorization == null ? Headers.of() : Headers.of("Authorization", authorization);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the store's token has a character an HTTP header cannot carry"
                    + " (a line break, a control or a non-ASCII character)");
        }
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
    public void write(CharSequence lines, int from, int to, Precision precision) throws StoreWriteException {
        Request request = new Request.Builder().url(urls.get(precision)).headers(headers)
                .post(new Body(lines, from, to)).build(); // nothing here can throw: url and headers were checked when made
        try (Response response = http.newCall(request).execute()) {
            if (response.isSuccessful()) return;
            int status = response.code();
            throw new StoreWriteException("HTTP " + status + ": " + detail(response), status,
                    StoreWriteException.isRetryableStatus(status), null);
        } catch (IOException | RuntimeException e) {
            throw new StoreWriteException(e.toString(), 0, true, e);
        }
    }

    /**
     * What the store said about a refusal: where a redirect points, its JSON error's {@code message} or
     * {@code error}, its {@code X-Influxdb-Error} header, its text, or else the status line.
     */
    static String detail(Response response) {
        String location = response.header("Location");
        if (response.isRedirect() && location != null) return "redirected to " + location + ", which is not followed: give that URL as store.url";
        String text = "";
        ResponseBody body = response.body();
        if (body != null) {
            try {
                BufferedSource source = body.source();
                source.request(ERROR_BODY_BYTES);
                Buffer head = source.getBuffer();
                text = head.readUtf8(Math.min(head.size(), ERROR_BODY_BYTES)).strip();
            } catch (IOException e) {
                text = "";  // the status alone, then
            }
        }
        if (text.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(text);
                for (String field : new String[] {"message", "error"}) {
                    JsonNode v = json.path(field);
                    if (v.isTextual() && !v.asText().isBlank()) {
                        text = v.asText().strip();
                        break;
                    }
                }
            } catch (IOException notJson) {
                // cut short or not JSON after all: the text as it is
            }
        }
        String header = response.header("X-Influxdb-Error");
        if (text.isEmpty() && header != null) text = header.strip();
        if (text.isEmpty()) text = response.message().isEmpty() ? "no detail given" : response.message();
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
    }

    /** The caller's text as UTF-8, written a segment at a time. */
    private static final class Body extends RequestBody {
        private final CharSequence text;
        private final int from;
        private final int to;
        private final long length;

        Body(CharSequence text, int from, int to) {
            this.text = text;
            this.from = from;
            this.to = to;
            this.length = Utf8Lines.size(text, from, to);
        }

        @Override
        public MediaType contentType() { return TEXT; }

        @Override
        public long contentLength() { return length; }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            Utf8Lines.write(text, from, to, sink);
        }
    }
}
