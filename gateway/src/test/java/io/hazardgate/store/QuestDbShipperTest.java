package io.hazardgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.config.Listener;
import io.hazardgate.config.LogSettings;
import io.hazardgate.config.StoreSettings;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogOptions;
import io.hazardgate.store.questdb.QuestDbSql;
import io.hazardgate.store.writer.SensorCatalog;
import io.hazardgate.store.writer.Shipper;
import io.hazardgate.store.writer.ShipperOptions;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The whole store path against a real QuestDB running embedded: log → writer → InfluxDB v2 API → tables. */
class QuestDbShipperTest {
    private static final int RECORDS = 40;
    private static final int PER_RECORD = 500;
    private static final int TAGS = 50;
    private static final int ALARMS = 30;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private final long base = System.currentTimeMillis() - 3_600_000;

    private Store start() throws IOException {
        StoreSettings settings = new StoreSettings(StoreSettings.QUESTDB_EMBEDDED, new Listener("127.0.0.1", 0), "", "", "",
                "", StoreSettings.DEFAULT_RETENTION);
        ShipperOptions shipping = new ShipperOptions(4, 5_000, 1 << 20, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(1));
        return Store.start(settings, dataDir, SensorCatalog.of(List.of(Sites.many("plant", TAGS), Sites.demo())),
                new SimpleMeterRegistry(), Clock.systemUTC(), LogOptions.of(LogSettings.DEFAULTS), shipping);
    }

    private static CompletableFuture<Void> append(Store store, Bytes record) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        store.log().append(record, () -> f.complete(null), f::completeExceptionally);
        return f;
    }

    private AlarmEvent alarm(int i) {
        // Pairs of events share a millisecond and a series: they must still be two rows.
        return new AlarmEvent("alarm-" + (i / 3), 1 + i % 3, "demo", "TF1", "GT-101", "high", "L2", AlarmKind.THRESHOLD, 4,
                AlarmState.RAISED, 60 + i, 50, "%LEL", base + i, base + i / 2, "level 2 \"red\", \\ check");
    }

    private void appendAll(Store store) throws Exception {
        CompletableFuture<Void> last = null;
        for (int r = 0; r < RECORDS; r++) {
            last = append(store, Records.readings("plant", base + (long) r * PER_RECORD, PER_RECORD, 0, Sites.tags(TAGS)));
        }
        for (int i = 0; i < ALARMS; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            store.appendAlarm(alarm(i), () -> f.complete(null), f::completeExceptionally);
            last = f;
        }
        append(store, Records.readings("demo", base, 1, ReadingBatch.UNKNOWN_SENSOR, "odd, tag=a b\\c")).get(10, TimeUnit.SECONDS);
        last.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the store has every record and QuestDB has applied every write to its tables. */
    private static void awaitShippedAndApplied(Store store) throws Exception {
        Await.until("the writer to catch up", WAIT, () -> store.lagRecords() == 0);
        QuestDbSql sql = store.sql().orElseThrow();
        Await.until("QuestDB to apply its WAL", WAIT, () -> {
            JsonNode rows = sql.exec("select name, writerTxn, sequencerTxn, suspended from wal_tables()").path("dataset");
            for (JsonNode row : rows) {
                if (row.get(3).asBoolean()) throw new AssertionError("WAL suspended for " + row.get(0));
                if (row.get(1).asLong() != row.get(2).asLong()) return false;
            }
            return rows.size() >= 2;
        });
    }

    @Test
    void storesEveryRecordOnceAndAReplayAddsNoRows() throws Exception {
        long readings = (long) RECORDS * PER_RECORD + 1;
        try (Store store = start()) {
            assertTrue(store.embeddedHttpPort() > 0);
            appendAll(store);
            awaitShippedAndApplied(store);
            QuestDbSql sql = store.sql().orElseThrow();
            assertEquals(readings, sql.queryLong("select count() from reading"));
            assertEquals(ALARMS, sql.queryLong("select count() from alarm_event"));

            JsonNode row = sql.exec("select source, type, unit, value, quality from reading where tag = 'S-7' and timestamp = "
                    + (base + 7) * 1000).path("dataset").get(0);
            assertEquals("SRC7", row.get(0).asText());
            assertEquals("generic", row.get(1).asText());
            assertEquals("u", row.get(2).asText());
            assertEquals(7.5, row.get(3).asDouble());
            assertEquals(1, row.get(4).asLong());

            JsonNode unknown = sql.exec("select tag, type from reading where source = '_unknown'").path("dataset");
            assertEquals(1, unknown.size());
            assertEquals("odd, tag=a b\\c", unknown.get(0).get(0).asText(), "escaped tag reads back as sent");
            assertEquals("unknown", unknown.get(0).get(1).asText());
            assertEquals("level 2 \"red\", \\ check",
                    sql.exec("select message from alarm_event limit 1").path("dataset").get(0).get(0).asText());
        }

        // A crash after the store took the data but before the shipped offset was saved means a replay.
        Files.delete(dataDir.resolve("log").resolve(Shipper.CURSOR.name() + LogCursor.SUFFIX));
        try (Store store = start()) {
            assertTrue(store.lagRecords() > 0, "everything is shipped again");
            awaitShippedAndApplied(store);
            QuestDbSql sql = store.sql().orElseThrow();
            assertEquals(readings, sql.queryLong("select count() from reading"), "deduplicated on (timestamp, site, tag)");
            assertEquals(ALARMS, sql.queryLong("select count() from alarm_event"), "deduplicated on (timestamp, site, tag, id, seq)");
        }
    }

    @Test
    void resumesFromThePersistedOffsetWithoutShippingAgain() throws Exception {
        try (Store store = start()) {
            appendAll(store);
            awaitShippedAndApplied(store);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StoreSettings settings = new StoreSettings(StoreSettings.QUESTDB_EMBEDDED, new Listener("127.0.0.1", 0), "", "", "",
                "", StoreSettings.DEFAULT_RETENTION);
        try (Store store = Store.start(settings, dataDir, List.of(Sites.demo()), registry, Clock.systemUTC())) {
            assertEquals(0, store.lagRecords());
            append(store, Records.readings("demo", base + 10_000_000, 3, 0, "GT-101")).get(10, TimeUnit.SECONDS);
            awaitShippedAndApplied(store);
            assertEquals(3, registry.get("hazardgate.store.lines").counter().count(), "only the new lines were sent");
            assertEquals((long) RECORDS * PER_RECORD + 4, store.sql().orElseThrow().queryLong("select count() from reading"));
        }
    }

    @Test
    void createsTablesWithDedupWalAndTheConfiguredTtl() throws Exception {
        try (Store store = start()) {
            JsonNode rows = store.sql().orElseThrow()
                    .exec("select table_name, dedup, walEnabled, ttlValue, ttlUnit, partitionBy from tables() order by table_name")
                    .path("dataset");
            assertEquals(List.of("alarm_delivery", "alarm_event", "reading"),
                    java.util.stream.StreamSupport.stream(rows.spliterator(), false).map(r -> r.get(0).asText()).toList());
            for (JsonNode r : rows) {
                assertTrue(r.get(1).asBoolean(), "dedup on " + r.get(0));
                assertTrue(r.get(2).asBoolean(), "WAL on " + r.get(0));
                assertEquals(30, r.get(3).asInt());
                assertEquals("DAY", r.get(4).asText());
                assertEquals("DAY", r.get(5).asText());
            }
        }
    }
}
