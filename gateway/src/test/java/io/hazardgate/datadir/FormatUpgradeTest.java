package io.hazardgate.datadir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.alarm.state.LatestReading;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's gateway started on a data directory an earlier release wrote (the fixture in
 * {@code src/test/resources/upgrade/format-1}, made by {@link FormatFixtureWriter}, with the config it
 * was written with): every reading, alarm event, active alarm, acknowledgement and rule state is there.
 * A change to the log's records, the journal, the snapshots or the record types that breaks this is a
 * change of format: it needs a reader for the old one (docs/operations.md, "Upgrades and data formats").
 */
class FormatUpgradeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void todaysGatewayFindsEveryReadingAlarmAndAcknowledgementOfAFormat1DataDirectory() throws Exception {
        Path data = copyFixture();
        JsonNode expected = expected();
        try (Gateway gw = start(data)) {
            assertEquals(expected.get("readings"), rows(gw, "select tag, cast(timestamp as long) ts, value from reading order by tag, ts"));
            assertEquals(expected.get("alarmEvents"), rows(gw, "select id, seq, state from alarm_event order by id, seq"));
            assertActiveAndLatest(gw, expected);
        }
        assertEquals(DataFormat.DATA_DIR, DataDirectory.readMarker(data).orElseThrow().format());
    }

    @Test
    void theOldLogIsReadRecordByRecordWhenTheStoreMustBeRebuiltFromIt() throws Exception {
        // As if the store were lost: every reading and alarm event comes back from the earlier release's log records.
        Path data = copyFixture();
        deleteTree(data.resolve("questdb"));
        Files.delete(data.resolve("log").resolve("shipped.offset"));
        JsonNode expected = expected();
        try (Gateway gw = start(data)) {
            Await.until("the old log shipped", Duration.ofSeconds(60), () -> gw.store().lagRecords() == 0
                    && rows(gw, "select count() from alarm_event").get(0).get(0).asInt() == expected.get("alarmEvents").size()
                    && rows(gw, "select count() from reading").get(0).get(0).asInt() == expected.get("readings").size());
            assertEquals(expected.get("readings"), rows(gw, "select tag, cast(timestamp as long) ts, value from reading order by tag, ts"));
            assertEquals(expected.get("alarmEvents"), rows(gw, "select id, seq, state from alarm_event order by id, seq"));
            assertActiveAndLatest(gw, expected);
        }
    }

    private static void assertActiveAndLatest(Gateway gw, JsonNode expected) {
        for (JsonNode a : expected.get("activeAlarms")) {
            AlarmEvent e = gw.alarms().activeAlarms().stream().filter(x -> x.id().equals(a.get("id").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("alarm " + a.get("id") + " is not active: " + gw.alarms().activeAlarms()));
            assertEquals(a.get("limitName").asText(), e.limitName());
            assertEquals(a.get("level").asInt(), e.level());
            assertEquals(a.get("seq").asLong(), e.seq());
            assertEquals(a.get("raisedTs").asLong(), e.raisedTs());
            if (a.has("ackBy")) {
                assertTrue(e.acknowledged(), e.id() + " lost its acknowledgement");
                assertEquals(a.get("ackBy").asText(), e.ack().by());
                assertEquals(a.get("ackComment").asText(), e.ack().comment());
                assertEquals(a.get("ackTs").asLong(), e.ack().ts());
            } else {
                assertTrue(!e.acknowledged(), e.id() + " is not acknowledged in the fixture");
            }
        }
        assertEquals(expected.get("activeAlarms").size(), gw.alarms().activeAlarms().size(), gw.alarms().activeAlarms().toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("latest").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            LatestReading l = gw.alarms().sensor("fixture", t.getKey()).orElseThrow().latest();
            assertTrue(l != null, t.getKey() + " lost its latest reading (rule-state snapshot)");
            assertEquals(t.getValue().get("value").asDouble(), l.value(), t.getKey());
            assertEquals(t.getValue().get("ts").asLong(), l.ts(), t.getKey());
        }
    }

    private Gateway start(Path data) throws Exception {
        return Gateway.start(ConfigLoader.load(tmp.resolve("config").resolve("gateway.yaml")).withMqttPort(0).withHttpPort(0)
                .withStorePort(0).withDataDir(data), Clock.systemUTC());
    }

    private static JsonNode rows(Gateway gw, String sql) throws Exception {
        return JSON.readTree(Http.sql(gw.storePort(), gw.storeCredentials(), sql)).get("dataset");
    }

    private static Path fixture() throws Exception {
        return Path.of(FormatUpgradeTest.class.getResource("/upgrade/format-1").toURI());
    }

    private static JsonNode expected() throws Exception {
        return JSON.readTree(fixture().resolve("expected.json").toFile());
    }

    private Path copyFixture() throws Exception {
        Path from = fixture();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path to = tmp.resolve(from.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        return tmp.resolve("data");
    }

    private static void deleteTree(Path dir) throws Exception {
        FormatFixtureWriter.deleteTree(dir);
    }
}
