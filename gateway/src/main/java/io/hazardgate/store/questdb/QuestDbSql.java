package io.hazardgate.store.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs SQL on a QuestDB HTTP port ({@code GET /exec?query=}) and returns its JSON answer. Small on
 * purpose: schema set-up, tests, and the API's read-only queries.
 */
public final class QuestDbSql {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public QuestDbSql(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param authorization the {@code Authorization} header every request carries, or null */
    public QuestDbSql(String baseUrl, String authorization) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.authorization = authorization;
    }

    /** Runs one statement; throws {@link IOException} with QuestDB's own error message if it fails. */
    public JsonNode exec(String sql) throws IOException {
        URI uri = base.resolve("exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
            if (authorization != null) request.header("Authorization", authorization);
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running SQL", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("QuestDB answered HTTP " + r.statusCode() + " with no JSON to: " + sql, e);
        }
        if (r.statusCode() != 200 || body.has("error")) {
            throw new IOException("QuestDB refused SQL (HTTP " + r.statusCode() + "): " + body.path("error").asText(r.body())
                    + " — " + sql);
        }
        return body;
    }

    /** The first column of the first row as a number, e.g. of {@code select count() from reading}. */
    public long queryLong(String sql) throws IOException {
        JsonNode ds = exec(sql).path("dataset");
        if (ds.size() == 0) throw new IOException("no rows from: " + sql);
        return ds.get(0).get(0).asLong();
    }
}
