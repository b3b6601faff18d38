package io.hazardgate.simulator.operator;

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
import java.util.Base64;
import java.util.List;

/**
 * An operator acknowledging alarms through the gateway's HTTP API, as the dashboard does: lists the
 * point's active alarms ({@code GET /api/alarms?site=&tag=}) and acknowledges each one not yet
 * acknowledged ({@code POST /api/alarms/{id}/ack}, HTTP Basic). Every failure comes back as a line that
 * says what the gateway answered, so a scenario shows it instead of stopping.
 */
public final class HttpOperator implements Operator {
    /** Checking a password hash is slow on purpose (PBKDF2): generous on a loaded machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperatorSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String authorization;

    public HttpOperator(OperatorSettings settings) {
        this.settings = settings;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> acknowledge(String site, String tag, String comment) {
        List<String> out = acknowledgeListed("/api/alarms?site=" + enc(site) + "&tag=" + enc(tag), tag, comment);
        return out.isEmpty() ? List.of(tag + ": no unacknowledged alarm to acknowledge") : out;
    }

    /** Acknowledges every active alarm of {@code site} not yet acknowledged; none when there is none. */
    public List<String> acknowledgeActive(String site, String comment) {
        return acknowledgeListed("/api/alarms?site=" + enc(site), "site " + site, comment);
    }

    /** One line per alarm the list at {@code query} holds unacknowledged, or one line saying what failed. */
    private List<String> acknowledgeListed(String query, String what, String comment) {
        List<String> out = new ArrayList<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api(query)).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return List.of(what + ": cannot list its alarms: " + answer(r));
            for (JsonNode alarm : JSON.readTree(r.body())) {
                if (alarm.path("acknowledged").asBoolean(false)) continue;
                out.add(ack(alarm.path("id").asText(), alarm, comment));
            }
        } catch (IOException e) {
            return List.of(what + ": the gateway's HTTP API at " + settings.http() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(what + ": interrupted");
        }
        return out;
    }

    private String ack(String id, JsonNode alarm, String comment) throws IOException, InterruptedException {
        String body = comment.isEmpty() ? "" : JSON.createObjectNode().put("comment", comment).toString();
        HttpRequest req = HttpRequest.newBuilder(api("/api/alarms/" + enc(id) + "/ack")).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        String what = alarm.path("tag").asText() + " " + alarm.path("kind").asText() + " " + alarm.path("colour").asText() + " "
                + alarm.path("limitName").asText();
        return switch (r.statusCode()) {
            case 200 -> what + " acknowledged by " + settings.user() + " (" + id + ")";
            case 409 -> what + " was already acknowledged (" + id + ")";
            default -> what + " not acknowledged: " + answer(r);
        };
    }

    /** The status and the gateway's error message, e.g. {@code 401: credentials of an operator ... required}. */
    private static String answer(HttpResponse<String> r) {
        String message = r.body();
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n != null && n.hasNonNull("error")) message = n.get("error").asText();
        } catch (IOException e) {
            // not JSON: show it as it came
        }
        return r.statusCode() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Under the configured URL, so a gateway behind a path prefix works too. */
    private URI api(String pathAndQuery) {
        return URI.create(settings.http() + pathAndQuery);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
