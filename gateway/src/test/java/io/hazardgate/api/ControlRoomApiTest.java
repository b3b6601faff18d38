package io.hazardgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP API and the live stream against the real gateway, fed over MQTT. */
class ControlRoomApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = Http.get(demo.httpBase() + path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void sitesListHazardSourcesWithGradeResponsiblePersonsAndColour() throws Exception {
        JsonNode sites = get("/api/sites");
        assertEquals("demo", sites.get(0).get("id").asText());
        JsonNode tf1 = sites.get(0).get("hazardSources").get(0);
        assertEquals("TF1", tf1.get("id").asText());
        assertEquals(2, tf1.get("grade").asInt());
        assertEquals("王健 Wang Jian", tf1.get("responsible").get("principal").asText());
        assertEquals(13, tf1.get("sensors").asInt());
        assertEquals("large", tf1.get("assessedRisk").get("grade").asText(), "the assessed grade beside the live colour");
        JsonNode td1 = sites.get(0).get("hazardSources").get(1);
        assertEquals(3, td1.get("class").asInt());
        assertEquals("三等", td1.get("rank").asText());
    }

    @Test
    void aSensorShowsItsLatestValueAlarmAndLimitsAndTheAlarmListIsSortedByLevel() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "api-dtu")) {
            dtu.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[{\"tag\":\"DB-01\",\"value\":140}]}", 1);
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":25.5}]}", 1);
        }
        JsonNode gt = awaitSensor("GT-102", "alarm");
        assertEquals(25.5, gt.get("latest").get("value").asDouble());
        assertEquals("good", gt.get("latest").get("quality").asText());
        assertEquals("red", gt.get("alarm").get("colour").asText());
        assertEquals("ppm", gt.get("unit").asText());
        assertEquals(2, gt.get("limits").size());
        assertEquals(1, gt.get("activeAlarms").size());

        JsonNode alarms = get("/api/alarms?site=demo");
        List<Integer> levels = new ArrayList<>();
        alarms.forEach(a -> levels.add(a.get("level").asInt()));
        for (int i = 1; i < levels.size(); i++) assertTrue(levels.get(i - 1) >= levels.get(i), "sorted by level: " + levels);
        assertEquals(1, get("/api/alarms?tag=DB-01&colour=blue").size());
        assertEquals(0, get("/api/alarms?tag=DB-01&colour=red").size());

        // the last hour reaches back before this gateway started: older part from the store, newest from memory
        JsonNode readings = get("/api/sites/demo/sensors/GT-102/readings");
        assertEquals("store+memory", readings.get("source").asText());
        JsonNode points = readings.get("points");
        assertEquals(25.5, points.get(points.size() - 1).get("value").asDouble());
        // a range that starts after the gateway started is all in memory
        JsonNode recent = get("/api/sites/demo/sensors/GT-102/readings?from=" + gt.get("latest").get("ts").asLong());
        assertEquals("memory", recent.get("source").asText());
    }

    @Test
    void historyComesFromTheStore() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "api-hist")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"PT-101\",\"value\":2.6}]}", 1);
        }
        JsonNode[] history = new JsonNode[1];
        Await.until("the alarm in the store's history", () -> (history[0] = get("/api/alarms/history?site=demo&tag=PT-101")).size() > 0);
        assertEquals(1, history[0].size(), history[0].toString());
        assertEquals("raised", history[0].get(0).get("state").asText());
        assertEquals("high", history[0].get(0).get("rule").asText());
        assertEquals(2.6, history[0].get(0).get("value").asDouble());
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        assertError("/api/sites/nowhere", 404, "no such site: nowhere");
        assertError("/api/sites/demo/sensors/XX-1", 404, "no such sensor in site demo: XX-1");
        assertError("/api/alarms?colour=purple", 400, "query parameter 'colour' must be one of [blue, grey, orange, red, yellow], got 'purple'");
        assertError("/api/sites/demo/sensors/GT-101/readings?from=yesterday", 400,
                "query parameter 'from' must be epoch milliseconds or an ISO-8601 instant, got 'yesterday'");
        assertError("/api/nothing", 404, "no such endpoint: /api/nothing");
        var r = Http.post(demo.httpBase() + "/api/alarms/x/ack", "{}", null);
        assertTrue(r.statusCode() == 401 || r.statusCode() == 403, r.body());
    }

    @Test
    void anOperatorAcknowledgesOnceWithCredentialsAndTheAcknowledgementIsRecorded() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "api-ack")) {
            dtu.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[{\"tag\":\"GNSS-01\",\"value\":85}]}", 1);
        }
        JsonNode alarm = awaitSensor("GNSS-01", "alarm").get("alarm");
        String url = demo.httpBase() + "/api/alarms/" + alarm.get("id").asText() + "/ack";
        String good = "Basic " + java.util.Base64.getEncoder().encodeToString("duty:hazardgate-demo".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + java.util.Base64.getEncoder().encodeToString("duty:nope".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> denied = Http.post(url, "{}", bad);
        assertEquals(401, denied.statusCode(), denied.body());
        assertTrue(denied.headers().firstValue("www-authenticate").isPresent(), "a plain HTTP client is challenged");
        assertEquals(400, Http.post(url, "{\"comment\": 5}", good).statusCode());

        HttpResponse<String> ok = Http.post(url, "{\"comment\":\"survey team sent\"}", good);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode acked = JSON.readTree(ok.body());
        assertEquals("acknowledged", acked.get("state").asText());
        assertEquals("duty", acked.get("ackBy").asText());
        assertEquals("survey team sent", acked.get("ackComment").asText());

        HttpResponse<String> again = Http.post(url, "{}", good);
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(404, Http.post(demo.httpBase() + "/api/alarms/demo:NOPE:high:1/ack", "{}", good).statusCode());
        assertTrue(get("/api/alarms?tag=GNSS-01").get(0).get("acknowledged").asBoolean());
    }

    @Test
    void theLiveStreamResumesFromTheLastEventId() throws Exception {
        // listeners run in order on the alarm bus: once this one sees the clear, the board has it too
        CountDownLatch clearedOnTheBoard = new CountDownLatch(1);
        AlarmBusListener afterTheBoard = new AlarmBusListener() {
            @Override public void onAlarm(AlarmEvent e) {
                if (e.tag().equals("TT-101") && e.state() == AlarmState.CLEARED) clearedOnTheBoard.countDown();
            }
        };
        demo.gateway().alarms().addListener(afterTheBoard);
        long before;
        try (Socket s = new Socket("127.0.0.1", demo.gateway().httpPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
            try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "api-sse")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":50}]}", 1);
                String id = null;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("id: ")) id = line.substring(4);
                    if (line.startsWith("data: ") && line.contains("\"tag\":\"TT-101\"")) break;
                }
                assertTrue(line != null && line.contains("\"state\":\"raised\""), line);
                before = Long.parseLong(id);
                // while no stream is open, the alarm clears; a client resuming from `before` must get it
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":20}]}", 1);
            }
        }
        assertTrue(clearedOnTheBoard.await(30, TimeUnit.SECONDS), "the clear reached the board while no stream was open");
        demo.gateway().alarms().removeListener(afterTheBoard);
        try (Socket s = new Socket("127.0.0.1", demo.gateway().httpPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: " + before + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ") && line.contains("\"tag\":\"TT-101\"")) break;
            }
            assertTrue(line != null && line.contains("\"state\":\"cleared\""), "resumed with the event missed: " + line);
        }
    }

    @Test
    void healthReadinessMetricsAndTheDashboardAreServed() throws Exception {
        assertEquals(200, Http.get(demo.httpBase() + "/health").statusCode());
        HttpResponse<String> ready = Http.get(demo.httpBase() + "/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(JSON.readTree(ready.body()).get("ready").asBoolean());
        String metrics = Http.get(demo.httpBase() + "/metrics").body();
        assertTrue(metrics.contains("hazardgate_ingest_messages_total"), "ingest meters are exported");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM meters are exported");
        HttpResponse<String> page = Http.get(demo.httpBase() + "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
    }

    private JsonNode awaitSensor(String tag, String status) throws Exception {
        JsonNode[] n = new JsonNode[1];
        Await.until(tag + " " + status, () -> (n[0] = get("/api/sites/demo/sensors/" + tag)).get("status").asText().equals(status));
        return n[0];
    }

    private void assertError(String path, int status, String message) throws Exception {
        HttpResponse<String> r = Http.get(demo.httpBase() + path);
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(message, JSON.readTree(r.body()).get("error").asText());
    }
}
