package io.hazardgate.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.alarm.lifecycle.GatewayFaults;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real gateway's clock watch, with the OS's answer and both clocks set by the test: an unsynchronised
 * clock and a jump show on /ready and as gateway-level fault alarms on MQTT, are acknowledged over HTTP
 * like any alarm, survive a restart with their acknowledgement, and clear.
 */
class ClockAlarmEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString("duty:hazardgate-demo".getBytes(StandardCharsets.UTF_8));

    @TempDir Path data;
    final TestClock wall = new TestClock(System.currentTimeMillis());
    final AtomicLong mono = new AtomicLong(1_000_000_000L);
    final AtomicReference<SyncProbe.Answer> os = new AtomicReference<>(new SyncProbe.Answer(ClockSync.SYNCHRONISED, "test"));

    Gateway start() throws Exception {
        return Gateway.start(TestGateway.config(data), wall, mono::get, os::get);
    }

    @Test
    void anUnsynchronisedClockIsAnAcknowledgeableAlarmAndMakesTheGatewayUnready() throws Exception {
        String id;
        try (Gateway gw = start();
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/" + GatewayFaults.SITE + "/#", 1)) {
            String ready = "http://127.0.0.1:" + gw.httpPort() + "/ready";
            assertEquals(200, Http.get(ready).statusCode(), Http.get(ready).body());

            os.set(new SyncProbe.Answer(ClockSync.UNSYNCHRONISED, "timedatectl"));
            gw.clockWatch().checkNow();
            Mqtt.Received m = room.next("alarm/_gateway/gateway/clock");
            JsonNode raised = JSON.readTree(m.payload());
            assertEquals("raised", raised.get("state").asText());
            assertEquals("fault", raised.get("kind").asText());
            assertEquals("sync", raised.get("rule").asText());
            assertEquals("unsynchronised", raised.get("limitName").asText());
            id = raised.get("id").asText();

            var r = Http.get(ready);
            assertEquals(503, r.statusCode(), r.body());
            JsonNode clock = null;
            for (JsonNode c : JSON.readTree(r.body()).get("checks")) if (c.get("name").asText().equals("clock")) clock = c;
            assertTrue(clock != null && !clock.get("ok").asBoolean(), r.body());
            assertTrue(clock.get("detail").asText().contains("NOT synchronised (timedatectl)"), r.body());

            gw.clockWatch().checkNow(); // still unsynchronised: no second event
            var ack = Http.post("http://127.0.0.1:" + gw.httpPort() + "/api/alarms/" + id + "/ack", "{\"comment\":\"NTP server down, IT called\"}",
                    OPERATOR);
            assertEquals(200, ack.statusCode(), ack.body());
            JsonNode acked = JSON.readTree(room.next("alarm/_gateway/gateway/clock").payload());
            assertEquals("acknowledged", acked.get("state").asText(), "no event came between raised and acknowledged");
            assertEquals(2, acked.get("seq").asInt());
        }

        try (Gateway gw = start();
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room2").subscribe("alarm/" + GatewayFaults.SITE + "/#", 1)) {
            AlarmEvent kept = gw.alarms().activeAlarms().stream().filter(e -> e.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("the clock alarm did not survive the restart"));
            assertEquals("duty", kept.ack().by());

            gw.clockWatch().checkNow(); // still unsynchronised after the restart: the same alarm, no new one
            os.set(new SyncProbe.Answer(ClockSync.SYNCHRONISED, "timedatectl"));
            gw.clockWatch().checkNow();
            JsonNode cleared = JSON.readTree(room.next("alarm/_gateway/gateway/clock").payload());
            assertEquals("cleared", cleared.get("state").asText());
            assertEquals(id, cleared.get("id").asText());
            assertEquals(3, cleared.get("seq").asInt());
            assertEquals(200, Http.get("http://127.0.0.1:" + gw.httpPort() + "/ready").statusCode());
        }
    }

    @Test
    void aClockJumpIsReportedOnReadyAndAsAnAlarm() throws Exception {
        try (Gateway gw = start();
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/" + GatewayFaults.SITE + "/#", 1)) {
            gw.clockWatch().checkJump();
            wall.advance(3_600_000); // the wall clock is set an hour ahead; the monotonic clock does not move
            gw.clockWatch().checkJump();
            JsonNode raised = JSON.readTree(room.next("alarm/_gateway/gateway/clock").payload());
            assertEquals("jump", raised.get("rule").asText());
            assertTrue(raised.get("message").asText().contains("jumped forward 3600.0 s"), raised.toString());
            var r = Http.get("http://127.0.0.1:" + gw.httpPort() + "/ready");
            assertEquals(503, r.statusCode());
            assertTrue(r.body().contains("jumped forward 3600.0 s"), r.body());
        }
    }
}
