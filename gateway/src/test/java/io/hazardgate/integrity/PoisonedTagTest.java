package io.hazardgate.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tag the store cannot take (QuestDB answers HTTP 400 to a NUL in a symbol, and refuses the whole
 * request) must cost nothing but that tag: every other logger's readings and alarm events reach the
 * store.
 */
class PoisonedTagTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The dam's water level: blue at 150 m, orange at 154 m. */
    static final String DAM = "plant/demo/dtu-td1/telemetry";
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void aLoggerSendingNulInItsTagsEvery100MsCannotKeepAnotherLoggersReadingsAndAlarmsFromTheStore() throws Exception {
        int port = demo.gateway().mqttPort();
        ScheduledExecutorService poisoner = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger poisoned = new AtomicInteger();
        int readings = 20;
        int alarms = 0;
        JsonNode error;
        try (Mqtt.Client a = Mqtt.connect(port, "dtu-tf1").subscribe("plant/demo/dtu-tf1/errors", 0);
             Mqtt.Client b = Mqtt.connect(port, "dtu-td1");
             Mqtt.Client room = Mqtt.connect(port, "poison-room").subscribe("alarm/demo/TD1/#", 1)) {
            poisoner.scheduleAtFixedRate(() -> {
                try {
                    a.publish("plant/demo/dtu-tf1/telemetry",
                            "{\"readings\":[{\"tag\":\"GT-101\",\"value\":1},{\"tag\":\"X\\u0000" + poisoned.incrementAndGet() + "\",\"value\":1}]}", 1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            // dry beach length: red below 80 m, back to normal above 150 m; every second reading is an alarm transition
            for (int i = 0; i < readings; i++) {
                b.publish(DAM, "{\"readings\":[{\"tag\":\"DB-01\",\"value\":" + (i % 2 == 0 ? 60 : 300) + "}]}", 1);
                Thread.sleep(100);
            }
            poisoner.shutdown();
            assertTrue(poisoner.awaitTermination(10, TimeUnit.SECONDS));
            // the sentinel: an alarm on another point of the same logger, delivered after every one before it
            b.publish(DAM, "{\"readings\":[{\"tag\":\"PZ-01\",\"value\":3}]}", 1);
            while (!room.next("alarm/demo/TD1/").topic().endsWith("/PZ-01")) alarms++;
            error = JSON.readTree(a.next("plant/demo/dtu-tf1/errors").payload());
        } finally {
            poisoner.shutdownNow();
        }
        assertTrue(alarms >= 4, "the other logger raised and cleared its alarm (until it flaps): " + alarms + " events");
        int store = demo.gateway().storePort();
        assertEquals(readings, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from reading where tag = 'DB-01'", readings),
                "every reading of the other logger is stored");
        assertEquals(alarms, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from alarm_event where tag = 'DB-01'", alarms),
                "every alarm event of the other logger is stored");
        assertEquals(0, Http.count(store, demo.gateway().storeCredentials(), "select count() from reading where tag like 'X%'"));
        assertEquals("invalid_text", error.get("reason").asText(), error.toString());
        assertEquals("dtu-tf1", error.get("device").asText());
        assertTrue(error.get("error").asText().contains("control character"), error.toString());
        assertEquals(poisoned.get(), (int) Http.metric(demo.gateway().httpPort(),
                "hazardgate_ingest_refused_total{reason=\"invalid_text\"}"), "each poisoned message refused and counted");
    }

    /**
     * The store can still refuse a line the gateway took (a record an earlier release wrote to the log,
     * a store with stricter rules): the writer splits the batch until only that line is left, sets it
     * aside, writes everything else, and says so in {@code /ready} and {@code /metrics}.
     */
    @Test
    void aLineTheStoreRefusesIsSetAsideAloneAndEverythingElseInItsBatchIsWritten() throws Exception {
        int port = demo.gateway().mqttPort();
        int rounds = 10;
        CountDownLatch durable = new CountDownLatch(rounds);
        try (Mqtt.Client b = Mqtt.connect(port, "dtu-td1")) {
            for (int i = 0; i < rounds; i++) {
                // a record as an earlier release accepted it: a good reading and a NUL in an unknown tag
                long ts = System.currentTimeMillis();
                Bytes record = BufferBytes.allocate(128);
                byte[] site = "demo".getBytes(StandardCharsets.UTF_8);
                ReadingBatch.writeHeader(record, 1, ts, site, "dtu-tf1".getBytes(StandardCharsets.UTF_8), 2);
                byte[] good = "PT-101".getBytes(StandardCharsets.UTF_8);
                byte[] bad = ("Y\u0000" + i).getBytes(StandardCharsets.UTF_8);
                ReadingBatch.writeReading(record, ReadingBatch.UNKNOWN_SENSOR, ts - i, 1.5, (byte) 0, good, 0, good.length);
                ReadingBatch.writeReading(record, ReadingBatch.UNKNOWN_SENSOR, ts, 1.0, (byte) 0, bad, 0, bad.length);
                demo.gateway().store().log().append(record, durable::countDown, e -> { });
                b.publish(DAM, "{\"readings\":[{\"tag\":\"WL-01\",\"value\":" + (100 + i) + "}]}", 1);
                Thread.sleep(50);
            }
        }
        assertTrue(durable.await(10, TimeUnit.SECONDS));
        int store = demo.gateway().storePort();
        assertEquals(rounds, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from reading where tag = 'WL-01'", rounds));
        assertEquals(rounds, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from reading where tag = 'PT-101' and value = 1.5", rounds),
                "the good reading beside each refused one is stored");
        assertEquals(rounds, Http.metric(demo.gateway().httpPort(), "hazardgate_store_rejected_lines_total"));
        JsonNode ready = JSON.readTree(Http.get(demo.httpBase() + "/ready").body());
        assertFalse(ready.get("ready").asBoolean(), ready.toString());
        assertEquals(rounds, ready.get("storeRejectedLines").asLong(), ready.toString());
        try (var reasons = Files.list(demo.dataDir().resolve("log").resolve("rejected"))) {
            List<Path> files = reasons.filter(f -> f.toString().endsWith(".lp.reason")).toList();
            assertFalse(files.isEmpty(), "each line set aside has its reason beside it");
            for (Path f : files) {
                String reason = Files.readString(f);
                assertTrue(reason.startsWith("HTTP 400: ") && reason.contains("error in line"), "the store's own words: " + reason);
            }
        }
    }
}
