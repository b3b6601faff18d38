package io.hazardgate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls for tests, including QuestDB's SQL endpoint. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a JSON body, with an {@code Authorization} header when given. */
    public static HttpResponse<String> post(String url, String json, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) b.header("Authorization", authorization);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** DELETE, with an {@code Authorization} header when given. */
    public static HttpResponse<String> delete(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).DELETE();
        if (authorization != null) b.header("Authorization", authorization);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Runs SQL on QuestDB's HTTP port and returns the JSON answer.
     *
     * @param credentials {@code user:password} of the embedded store ({@code Gateway.storeCredentials()}), or null
     */
    public static String sql(int port, String credentials, String query) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/exec?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(20));
        if (credentials != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The single number a {@code select count() ...} query answers, or -1 when the table is not there yet. */
    public static long count(int port, String credentials, String query) throws IOException, InterruptedException {
        String json = sql(port, credentials, query);
        int i = json.indexOf("\"dataset\":[[");
        if (i < 0) return -1;
        int start = i + "\"dataset\":[[".length();
        int end = json.indexOf(']', start);
        return Long.parseLong(json.substring(start, end).trim());
    }

    /**
     * The value of a Prometheus sample on the gateway's {@code /metrics}: the first series named
     * {@code name} (with any labels), or NaN when there is none.
     */
    public static double metric(int httpPort, String name) throws IOException, InterruptedException {
        for (String line : get("http://127.0.0.1:" + httpPort + "/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Polls {@code query} until it answers {@code expected} or {@link Await#WAIT} passes; returns the last answer. */
    public static long awaitCount(int port, String credentials, String query, long expected) throws IOException, InterruptedException {
        try {
            Await.until("'" + query + "' to answer " + expected, () -> count(port, credentials, query) == expected);
        } catch (AssertionError timedOut) {
            // the caller's assertion shows what it answered instead
        }
        return count(port, credentials, query);
    }
}
