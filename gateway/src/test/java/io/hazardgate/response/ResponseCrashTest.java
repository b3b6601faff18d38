package io.hazardgate.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.ResponseFixture;
import io.hazardgate.testing.SmtpServer;
import io.hazardgate.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process killed with {@code kill -9} between raising an alarm and getting its notices
 * out (the mail server and the other system are down, so they wait in the outbox): started again on the
 * same data directory, it delivers each of them once.
 */
class ResponseCrashTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String ROUTES = "- {name: red, match: {colour: red}, notify: [principal], via: [mail], systems: [ops]}\n";

    @TempDir Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noticesWaitingWhenTheGatewayIsKilledAreDeliveredOnceAfterRestart() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            smtp.stop();
            hooks.answer(503);
            Path config = config(smtp.port(), hooks);
            Path data = dir.resolve("data");
            String alarm;
            try (GatewayProcess gw = GatewayProcess.start(config, data)) {
                try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
                }
                String[] id = new String[1];
                Await.until("the alarm raised", WAIT, () -> {
                    JsonNode active = get(gw, "/api/alarms?tag=GT-101");
                    id[0] = active.size() == 1 ? active.get(0).get("id").asText() : null;
                    return id[0] != null;
                });
                alarm = id[0];
                Await.until("both channels tried and failed", WAIT, () -> {
                    JsonNode r = get(gw, "/api/alarms/" + alarm + "/deliveries");
                    if (r.size() != 2) return false;
                    for (JsonNode d : r) if (!d.get("state").asText().equals("sending")) return false;
                    return true;
                });
                gw.kill();
            }
            smtp.restart();
            hooks.answer(200);
            try (GatewayProcess gw = GatewayProcess.start(config, data)) {
                smtp.await("wang@plant.test", m -> m.text().contains(alarm), WAIT);
                hooks.await("/ops", r -> r.body().contains(alarm), WAIT);
                // a sentinel: a second red alarm goes out after the first; by then a repeat of the first would be here too
                try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":25}]}", 1);
                }
                smtp.await("wang@plant.test", m -> m.text().contains("GT-102"), WAIT);
                hooks.await("/ops", r -> r.body().contains("GT-102"), WAIT);
                List<SmtpServer.Mail> mails = smtp.mailsTo("wang@plant.test");
                assertEquals(1, mails.stream().filter(m -> m.text().contains(alarm)).count(), "delivered once: " + mails);
                assertEquals(1, hooks.requests("/ops").stream().filter(r -> r.body().contains(alarm)).count(), "delivered once");
                JsonNode record = get(gw, "/api/alarms/" + alarm + "/deliveries");
                for (JsonNode d : record) {
                    assertEquals("delivered", d.get("state").asText(), d.toString());
                    JsonNode attempts = d.get("attempts");
                    assertTrue(attempts.size() >= 2, "the failed attempts before the crash stay on record: " + attempts);
                    assertEquals("delivered", attempts.get(attempts.size() - 1).get("outcome").asText());
                }
            }
        }
    }

    private Path config(int smtpPort, WebhookReceiver hooks) throws Exception {
        Path shipped = Configs.configDir();
        String gateway = Files.readString(shipped.resolve("gateway.yaml"))
                .replace("  - demo-plant.yaml", "  - " + shipped.resolve("demo-plant.yaml"))
                + "\nresponse: response.yaml\n";
        Files.writeString(dir.resolve("gateway.yaml"), gateway);
        Files.writeString(dir.resolve("response.yaml"), ResponseFixture.yaml(smtpPort, hooks,
                "{groupWindow: 1s, retry: {initial: 300ms, max: 1s}}", ROUTES));
        return dir.resolve("gateway.yaml");
    }

    private JsonNode get(GatewayProcess gw, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
