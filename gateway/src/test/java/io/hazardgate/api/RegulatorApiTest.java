package io.hazardgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/statistics} and {@code /api/uplinks} on the demo gateway (no uplink configured). */
class RegulatorApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void todaysStatisticsCountWhatTheLoggersSent() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-td1")) {
            dtu.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[{\"tag\":\"WL-01\",\"value\":151}]}", 1);
        }
        Await.until("the blue water-level alarm and the reading counted", Duration.ofSeconds(20), () -> {
            JsonNode td1 = JSON.readTree(Http.get(demo.httpBase() + "/api/statistics").body()).get(0).path("sources").path("TD1");
            return td1.path("alarms").path("blue").asInt() == 1 && td1.path("readings").path("received").asInt() == 1;
        });
        JsonNode today = JSON.readTree(Http.get(demo.httpBase() + "/api/statistics").body()).get(0);
        assertEquals("demo", today.path("site").asText());
        assertEquals(io.hazardgate.testing.Configs.demoPlant().sensors().size(), today.path("total").path("points").path("total").asInt());
        assertEquals(2, today.path("total").path("devices").path("total").asInt());
        assertEquals(1, today.path("total").path("devices").path("online").asInt(), "dtu-td1 is live");
        assertEquals(1, today.path("sources").path("TD1").path("points").path("online").asInt(), "WL-01 is live");

        JsonNode week = JSON.readTree(Http.get(demo.httpBase() + "/api/statistics/demo").body());
        assertEquals(7, week.size());
        assertEquals(today.path("day").asText(), week.get(6).path("day").asText(), "oldest first, today last");
        assertEquals("[]", Http.get(demo.httpBase() + "/api/uplinks").body());

        // Readings are counted from the tags' bytes in the order the loggers send them (configuration
        // order), and by name otherwise: each way a configured point counts once per reading, and a tag
        // the configuration does not have is not counted.
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":1},"
                    + "{\"tag\":\"GT-102\",\"value\":1},{\"tag\":\"GT-103\",\"value\":0.1}]}", 1);
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-103\",\"value\":0.1},"
                    + "{\"tag\":\"NOT-CONFIGURED\",\"value\":1},{\"tag\":\"GT-101\",\"value\":1}]}", 1);
        }
        Await.until("five readings of three points counted", Duration.ofSeconds(20), () -> {
            JsonNode tf1 = JSON.readTree(Http.get(demo.httpBase() + "/api/statistics").body()).get(0).path("sources").path("TF1");
            return tf1.path("readings").path("received").asInt() >= 5;
        });
        JsonNode tf1 = JSON.readTree(Http.get(demo.httpBase() + "/api/statistics").body()).get(0).path("sources").path("TF1");
        assertEquals(5, tf1.path("readings").path("received").asInt(), tf1.toString());
        assertEquals(3, tf1.path("points").path("online").asInt(), tf1.toString());
    }

    @Test
    void badQueriesAreRefusedWithAReason() throws Exception {
        HttpResponse<String> r = Http.get(demo.httpBase() + "/api/statistics/demo?days=100000");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("'days' must be 1..32"), r.body());
        r = Http.get(demo.httpBase() + "/api/statistics?day=yesterday");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("'day' must be a date"), r.body());
        assertEquals(404, Http.get(demo.httpBase() + "/api/statistics/nowhere").statusCode());
    }
}
