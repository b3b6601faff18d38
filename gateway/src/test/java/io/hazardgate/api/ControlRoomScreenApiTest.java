package io.hazardgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What the one screen asks of the API, against the real gateway fed over MQTT: the alarm journal
 * (a tag without its site, filters, sorting, paging, {@code eventTs}), acknowledging several alarms in one
 * request, shelving (off the active list only: still published, stored and escalated; ended by a higher
 * level; audited), the overview figures, readings in engineering units with steps and a rain gauge's
 * rolling sum, the plant layout, and alarm texts in both languages.
 */
class ControlRoomScreenApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long MIN = 60_000;
    static final String DUTY = "Basic " + Base64.getEncoder().encodeToString("duty:hazardgate-demo".getBytes(StandardCharsets.UTF_8));
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = Http.get(demo.httpBase() + path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static String reading(String tag, double value, long ts) {
        return "{\"tag\":\"" + tag + "\",\"value\":" + value + ",\"ts\":" + ts + "}";
    }

    private void publish(String device, String... readings) throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "screen-api-" + device)) {
            dtu.publish("plant/demo/" + device + "/telemetry", "{\"readings\":[" + String.join(",", readings) + "]}", 1);
        }
    }

    /** Polls {@code path} until {@code done} holds (the store takes events a moment after they happen). */
    private JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode n;
        do {
            n = get(path);
            if (done.test(n)) return n;
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(path + " never came as expected: " + n);
    }

    private JsonNode activeAlarm(String tag) throws Exception {
        return await("/api/alarms?shelved=include&tag=" + tag, a -> a.size() == 1).get(0);
    }

    @Test
    void theJournalFindsATagWithoutItsSiteAndFiltersSortsAndPagesItsEvents() throws Exception {
        long now = System.currentTimeMillis();
        publish("dtu-td1", reading("BS-01", 0.3, now));                     // red: at or below 0.4 %
        activeAlarm("BS-01");
        publish("dtu-td1", reading("BS-01", 0.55, now + 1_000));            // yellow
        publish("dtu-td1", reading("BS-01", 1.2, now + 2_000));             // normal again
        JsonNode all = await("/api/alarms/history?tag=BS-01", h -> h.size() == 3);
        for (JsonNode e : all) {
            assertTrue(e.get("eventTs").isIntegralNumber(), "eventTs in epoch ms like the rest of the API: " + e);
            assertFalse(e.has("eventTime"), e.toString());
            assertEquals("TD1", e.get("source").asText());
        }
        List<String> states = new ArrayList<>();
        all.forEach(e -> states.add(e.get("state").asText()));
        assertEquals(List.of("cleared", "deescalated", "raised"), states, "newest first");

        HttpResponse<String> page = Http.get(demo.httpBase() + "/api/alarms/history?tag=BS-01&sort=time&order=asc&limit=1&offset=1");
        assertEquals("3", page.headers().firstValue("X-Total-Count").orElse(""), "how many match, for paging");
        JsonNode second = JSON.readTree(page.body());
        assertEquals(1, second.size());
        assertEquals("deescalated", second.get(0).get("state").asText());
        JsonNode red = get("/api/alarms/history?tag=BS-01&colour=red");
        assertEquals(1, red.size());
        assertEquals("raised", red.get(0).get("state").asText());
        assertEquals("red", red.get(0).get("limitName").asText());
        assertEquals(3, get("/api/alarms/history?source=TD1&tag=BS-01&kind=threshold").size());
        assertEquals(0, get("/api/alarms/history?tag=BS-01&kind=trend").size());
        JsonNode byLevel = get("/api/alarms/history?tag=BS-01&sort=level");
        assertEquals(4, byLevel.get(0).get("level").asInt(), "most severe first");

        // the journal tells each event in both languages, as the screen shows them
        JsonNode raised = red.get(0);
        assertEquals("BS-01 干滩坡度：0.3 % 达到或低于红色预警限值 0.4 %", raised.get("text").get("zh").asText());
        assertEquals("BS-01 Dry beach slope: 0.3 % at or below red limit 0.4 %", raised.get("text").get("en").asText());
        assertEquals("干滩坡度", raised.get("sensorName").get("zh").asText());
        assertEquals("Tailings dam 1", raised.get("sourceName").get("en").asText());

        assertEquals(404, Http.get(demo.httpBase() + "/api/alarms/history?tag=NOPE-1").statusCode());
        assertEquals(400, Http.get(demo.httpBase() + "/api/alarms/history?tag=BS-01&sort=colourful").statusCode());
        assertEquals(400, Http.get(demo.httpBase() + "/api/alarms/history?tag=BS-01&limit=100000").statusCode());
    }

    @Test
    void anOperatorAcknowledgesSeveralAlarmsInOneRequest() throws Exception {
        publish("dtu-td1", reading("SP-01", 13, System.currentTimeMillis()), reading("TB-01", 310, System.currentTimeMillis()));
        String seepage = activeAlarm("SP-01").get("id").asText();
        String turbidity = activeAlarm("TB-01").get("id").asText();
        String url = demo.httpBase() + "/api/alarms/ack";
        String body = "{\"ids\":[\"" + seepage + "\",\"" + turbidity + "\",\"demo:NOPE:high:1\"],\"comment\":\"巡检确认 patrol checked\"}";

        assertEquals(401, Http.post(url, body, null).statusCode(), "only an operator acknowledges");
        assertEquals(400, Http.post(url, "{\"ids\":[]}", DUTY).statusCode());
        StringBuilder many = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < 201; i++) many.append(i == 0 ? "" : ",").append("\"x").append(i).append('"');
        HttpResponse<String> tooMany = Http.post(url, many + "]}", DUTY);
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("at most 200"), tooMany.body());

        HttpResponse<String> r = Http.post(url, body, DUTY);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = JSON.readTree(r.body()).get("results");
        assertEquals(3, results.size());
        assertEquals(200, results.get(0).get("status").asInt());
        assertEquals("duty", results.get(0).get("alarm").get("ackBy").asText());
        assertEquals(200, results.get(1).get("status").asInt());
        assertEquals(404, results.get(2).get("status").asInt(), "one unknown id does not spoil the others");
        assertTrue(activeAlarm("SP-01").get("acknowledged").asBoolean());
        assertTrue(activeAlarm("TB-01").get("acknowledged").asBoolean());
        JsonNode again = JSON.readTree(Http.post(url, body, DUTY).body()).get("results");
        assertEquals(409, again.get(0).get("status").asInt(), "already acknowledged");
    }

    @Test
    void aShelvedAlarmLeavesOnlyTheActiveListAndComesBackWhenItRisesOrIsTakenBack() throws Exception {
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.hazardgate.audit");
        logger.addAppender(audit);
        try (Mqtt.Client room = Mqtt.connect(demo.gateway().mqttPort(), "screen-api-room").subscribe("alarm/demo/TD1/IN-01", 1)) {
            long now = System.currentTimeMillis();
            publish("dtu-td1", reading("IN-01", 25.2, now));                 // 22 mm since the reference survey: yellow
            JsonNode alarm = activeAlarm("IN-01");
            assertEquals("yellow", alarm.get("colour").asText());
            String shelve = demo.httpBase() + "/api/alarms/" + alarm.get("id").asText() + "/shelve";

            assertEquals(401, Http.post(shelve, "{\"reason\":\"x\",\"minutes\":30}", null).statusCode());
            assertEquals(400, Http.post(shelve, "{\"minutes\":30}", DUTY).statusCode(), "a reason is required");
            assertEquals(400, Http.post(shelve, "{\"reason\":\"x\"}", DUTY).statusCode(), "and how long");
            HttpResponse<String> tooLong = Http.post(shelve, "{\"reason\":\"x\",\"minutes\":721}", DUTY);
            assertEquals(400, tooLong.statusCode());
            assertTrue(tooLong.body().contains("1 min to 12 h"), tooLong.body());

            HttpResponse<String> ok = Http.post(shelve, "{\"reason\":\"inclinometer being re-zeroed\",\"minutes\":30}", DUTY);
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode shelf = JSON.readTree(ok.body()).get("shelved");
            assertEquals("duty", shelf.get("by").asText());
            assertEquals("inclinometer being re-zeroed", shelf.get("reason").asText());
            assertEquals(0, get("/api/alarms?tag=IN-01").size(), "off the active list");
            assertEquals(1, get("/api/alarms?tag=IN-01&shelved=only").size());
            assertTrue(get("/api/alarms/shelved").toString().contains("demo:IN-01:high"));
            assertEquals(1, get("/api/overview").get("active").get("shelved").asInt());
            assertTrue(Files.readString(demo.dataDir().resolve("control-room").resolve("shelved-alarms.json")).contains("inclinometer being re-zeroed"),
                    "kept on disk, for a restart");

            // still published and stored: it falls to blue, shelved all along
            assertEquals("raised", JSON.readTree(room.next("alarm/demo/TD1/IN-01").payload()).get("state").asText());
            publish("dtu-td1", reading("IN-01", 15.2, now + 1_000));          // 12 mm: blue
            assertEquals("deescalated", JSON.readTree(room.next("alarm/demo/TD1/IN-01").payload()).get("state").asText());
            await("/api/alarms/history?tag=IN-01&state=deescalated", h -> h.size() == 1);
            assertEquals(0, get("/api/alarms?tag=IN-01").size(), "still shelved at a lower level");

            // rising above the level it was shelved at ends the shelf at once
            publish("dtu-td1", reading("IN-01", 36.2, now + 2_000));          // 33 mm: orange
            JsonNode back = await("/api/alarms?tag=IN-01", a -> a.size() == 1).get(0);
            assertEquals("orange", back.get("colour").asText());
            assertFalse(back.has("shelved"));

            // shelved again, then taken back by the operator
            Http.post(demo.httpBase() + "/api/alarms/" + back.get("id").asText() + "/shelve", "{\"reason\":\"survey team on site\",\"minutes\":60}", DUTY);
            assertEquals(0, get("/api/alarms?tag=IN-01").size());
            String unshelve = demo.httpBase() + "/api/alarms/" + back.get("id").asText() + "/shelve";
            assertEquals(401, Http.delete(unshelve, null).statusCode());
            assertEquals(200, Http.delete(unshelve, DUTY).statusCode());
            assertEquals(404, Http.delete(unshelve, DUTY).statusCode(), "not shelved any more");
            assertEquals(1, get("/api/alarms?tag=IN-01").size());

            List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains("IN-01")).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("shelved by duty") && l.contains("inclinometer being re-zeroed")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("ended: the alarm rose to level 3")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("taken back by duty")), lines.toString());
        } finally {
            logger.detachAppender(audit);
        }
    }

    @Test
    void theOverviewCountsWhatTheScreenShows() throws Exception {
        publish("dtu-tf1", reading("FT-101", 190, System.currentTimeMillis()));    // over HH: red
        activeAlarm("FT-101");
        JsonNode ov = get("/api/overview");
        assertEquals(2, ov.get("sources").get("total").asInt());
        assertEquals(26, ov.get("points").get("total").asInt());
        int byState = 0;
        for (JsonNode n : ov.get("points").get("byState")) byState += n.asInt();
        assertEquals(26, byState, "every point in one state");
        assertEquals(2, ov.get("devices").get("total").asInt());
        double rate = ov.get("points").get("onlineRate").asDouble();
        assertEquals((double) ov.get("points").get("online").asInt() / 26, rate, 0.0001);
        assertEquals(1.0, ov.get("devices").get("onlineRate").asDouble(), "both loggers have reported");
        assertTrue(ov.get("now").asLong() > 0);

        JsonNode active = get("/api/alarms?shelved=include");
        long unacked = 0;
        long oldest = Long.MAX_VALUE;
        for (JsonNode a : active) {
            if (a.get("acknowledged").asBoolean()) continue;
            unacked++;
            oldest = Math.min(oldest, a.get("raisedTs").asLong());
        }
        JsonNode again = get("/api/overview");
        assertEquals(unacked, again.get("active").get("unacknowledged").asLong());
        assertEquals(oldest, again.get("active").get("oldestUnacknowledged").get("raisedTs").asLong());
        JsonNode day = await("/api/overview", o -> o.get("alarms24h").get("red").asInt() >= 1).get("alarms24h");
        assertEquals("store", day.get("source").asText());
    }

    @Test
    void readingsAreInEngineeringUnitsAndARainGaugeCarriesItsRolling24HourSum() throws Exception {
        long now = System.currentTimeMillis();
        // 50 mm a day and more ago (out of today's window), then 5, 10 and 20 mm within the last three hours
        publish("dtu-td1", reading("RG-01", 50, now - 25 * 60 * MIN), reading("RG-01", 5, now - 180 * MIN), reading("RG-01", 10, now - 120 * MIN),
                reading("WL-01", 150.5, now - 30 * MIN), reading("PZ-02", 10, now - 30 * MIN));
        publish("dtu-td1", reading("RG-01", 20, now), reading("WL-01", 151, now), reading("PZ-02", 12, now));
        JsonNode rain = await("/api/sites/demo/sensors/RG-01/readings?from=" + (now - 200 * MIN) + "&to=" + (now + 1_000),
                r -> r.get("sum") != null && r.get("sum").size() == 3);
        JsonNode sum = rain.get("sum");
        assertEquals(55.0, sum.get(0).get("value").asDouble(), 1e-9, "3 h ago: 50 (22 h before) + 5");
        assertEquals(65.0, sum.get(1).get("value").asDouble(), 1e-9, "2 h ago: 50 + 5 + 10");
        assertEquals(35.0, sum.get(2).get("value").asDouble(), 1e-9, "now: the 50 mm have left the 24 h window");
        assertEquals(now, sum.get(2).get("ts").asLong());
        assertEquals(86_400, rain.get("sumWindowSeconds").asInt());
        assertEquals(35.0, get("/api/sites/demo/sensors/RG-01").get("judged").asDouble(), 1e-9, "what the alarm judges");

        // the freeboard is derived from the water level; the piezometer reports its head, the screen shows the depth
        JsonNode fb = await("/api/sites/demo/sensors/FB-01/readings?from=" + (now - 40 * MIN) + "&to=" + (now + 1_000), r -> r.get("points").size() == 2);
        assertEquals(7.0, fb.get("points").get(0).get("value").asDouble(), 1e-9, "157.5 − 150.5, from the store");
        assertEquals(6.5, fb.get("points").get(1).get("value").asDouble(), 1e-9, "157.5 − 151");
        JsonNode pz = await("/api/sites/demo/sensors/PZ-02/readings?from=" + (now - 40 * MIN) + "&to=" + (now + 1_000), r -> r.get("points").size() == 2);
        assertEquals(8.5, pz.get("points").get(0).get("value").asDouble(), 1e-9, "138.5 − (120 + 10)");
        assertEquals(6.5, pz.get("points").get(1).get("value").asDouble(), 1e-9);
        assertEquals(6.5, get("/api/sites/demo/sensors/PZ-02").get("latest").get("value").asDouble(), 1e-9);

        // a long range, averaged per step, with each step's lowest and highest reading
        JsonNode day = get("/api/sites/demo/sensors/WL-01/readings?from=" + (now - 86_400_000L) + "&to=" + (now + 1_000) + "&step=600");
        assertEquals(600_000, day.get("step").asLong());
        JsonNode first = day.get("points").get(0);
        assertNotNull(first.get("min"));
        assertEquals(0, first.get("ts").asLong() % 600_000, "steps start on the step");
        assertEquals(400, Http.get(demo.httpBase() + "/api/sites/demo/sensors/WL-01/readings?from=0&to=" + now + "&step=1").statusCode(),
                "too many steps for the range");
    }

    @Test
    void theLayoutPictureIsServedAsAPictureAndItsPointsAsData() throws Exception {
        JsonNode layout = get("/api/sites/demo/layout");
        assertEquals("/api/sites/demo/layout/image", layout.get("image").asText());
        assertEquals(2, layout.get("points").get("GT-101").size());
        HttpResponse<String> image = Http.get(demo.httpBase() + "/api/sites/demo/layout/image");
        assertEquals(200, image.statusCode());
        assertEquals("image/svg+xml", image.headers().firstValue("content-type").orElse(""));
        String csp = image.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("sandbox") && csp.contains("default-src 'none'"), "an SVG opened on its own runs nothing: " + csp);
        assertEquals("nosniff", image.headers().firstValue("x-content-type-options").orElse(""));
        assertTrue(image.body().contains("<svg"));
        assertEquals(404, Http.get(demo.httpBase() + "/api/sites/nowhere/layout/image").statusCode());
        assertEquals(404, Http.get(demo.httpBase() + "/api/sites/demo/layout/image/..%2F..%2Fgateway.yaml").statusCode(),
                "only the configured picture, never a path from the request");
    }

    @Test
    void activeAlarmsCarryTheirTextAndNamesInBothLanguages() throws Exception {
        publish("dtu-tf1", reading("AT-101", 9, System.currentTimeMillis()));     // over HH 8 %VOL
        JsonNode a = activeAlarm("AT-101");
        assertEquals("AT-101 101罐氮封气相氧含量：9 %VOL 达到或超过高高报限值 8 %VOL", a.get("text").get("zh").asText());
        assertEquals("AT-101 Tank 101 nitrogen blanket oxygen content: 9 %VOL at or above HH limit 8 %VOL", a.get("text").get("en").asText());
        assertEquals("高高报", a.get("limitNameZh").asText());
        assertEquals("1号储罐区（粗苯）", a.get("sourceName").get("zh").asText());
        assertTrue(a.get("message").asText().startsWith("AT-101 101罐氮封气相氧含量 Tank 101 nitrogen blanket oxygen content: "),
                "the event's own message, as on MQTT, is unchanged: " + a.get("message"));
        JsonNode sensor = get("/api/sites/demo/sensors/AT-101");
        assertEquals("Tank 101 nitrogen blanket oxygen content", sensor.get("names").get("en").asText());
        assertEquals("高高报", sensor.get("limits").get(1).get("nameZh").asText());
    }
}
