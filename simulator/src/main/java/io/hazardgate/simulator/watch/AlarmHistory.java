package io.hazardgate.simulator.watch;

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
import java.util.ArrayList;
import java.util.List;

/** A site's recent alarm events, from the gateway's store through its HTTP API ({@code GET /api/alarms/history}). */
public final class AlarmHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One stored alarm event: which alarm, the state it went to, and when (the gateway's clock). */
    public record Event(String tag, String kind, String state, long eventMillis) {}

    private AlarmHistory() {}

    /**
     * Events of {@code site} since {@code fromMillis}, newest first.
     *
     * @throws IOException when the gateway does not answer, or answers other than 200 (501 with an external
     *                     store, whose history is queried there)
     */
    public static List<Event> since(URI http, String site, long fromMillis) throws IOException, InterruptedException {
        URI uri = URI.create(http + "/api/alarms/history?site=" + URLEncoder.encode(site, StandardCharsets.UTF_8) + "&from=" + fromMillis);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body());
        List<Event> out = new ArrayList<>();
        for (JsonNode e : JSON.readTree(r.body())) {
            // eventTs: when the gateway made the transition, epoch ms, as everywhere in the API
            JsonNode ts = e.path("eventTs");
            if (!ts.canConvertToLong()) throw new IOException(uri + " gave an event without a readable eventTs: " + e);
            out.add(new Event(e.path("tag").asText(), e.path("kind").asText(), e.path("state").asText(), ts.asLong()));
        }
        return out;
    }
}
