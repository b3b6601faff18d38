package io.hazardgate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Await;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.LoadSite;
import io.hazardgate.testing.Needs;
import io.hazardgate.testing.TelemetryFleet;
import io.hazardgate.testing.VictoriaMetricsProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local log under stress, at gateway level (the gateway as its own process, a real VictoriaMetrics
 * as the store, stopped by its PID): a store outage long enough to fill the log's disk budget, and a
 * record damaged on disk while the gateway was down. Each is reported clearly (metrics, readiness, the
 * log) and nothing else is lost.
 */
@Needs(ExternalProgram.VICTORIA_METRICS)
class LogFaultsTest {
    private static final int DEVICES = 8;
    private static final int POINTS = 100;

    @TempDir Path dir;


    @Test
    void reachingTheDiskBudgetIsReportedAndEveryAcknowledgedReadingIsStoredOnceTheStoreReturns() throws Exception {
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(dir.resolve("vm"))) {
            // The smallest budget the configuration allows: filled in seconds while the store is down.
            Path config = LoadSite.write(dir, DEVICES, POINTS, LoadSite.externalStore(vm.url(), "64MB"));
            try (GatewayProcess gw = GatewayProcess.start(config, dir.resolve("data"));
                 TelemetryFleet fleet = TelemetryFleet.connect(gw.mqttPort(), DEVICES, POINTS, 100,
                         System.currentTimeMillis() - 3_600_000)) {
                int http = gw.httpPort();
                assertEquals(200, Http.get("http://127.0.0.1:" + http + "/ready").statusCode());
                vm.stop();
                long t0 = System.nanoTime();
                fleet.start(0, 5_000);
                Await.until("the disk budget to be reached", Duration.ofSeconds(60),
                        () -> Http.metric(http, "hazardgate_log_budget_reached") == 1);
                // publishers are held back, not dropped: the server stops reading, acknowledgements stop
                Await.until("inbound reading to pause", Duration.ofSeconds(10),
                        () -> Http.metric(http, "hazardgate_mqtt_inbound_paused") == 1);
                Thread.sleep(500); // acknowledgements of what was already being written may still arrive
                long ackedWhilePaused = fleet.ackedMessages();
                Thread.sleep(2_000);
                assertEquals(ackedWhilePaused, fleet.ackedMessages(), "no acknowledgement while the budget holds publishers back");
                assertTrue(fleet.inFlight() > 0, "the publishers still have messages waiting");
                fleet.stopPublishing();
                System.out.printf("budget reached after %d messages at %.1f s%n", fleet.publishedMessages(), (System.nanoTime() - t0) / 1e9);

                HttpResponse<String> ready = Http.get("http://127.0.0.1:" + http + "/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"log\":\"BUDGET_REACHED\""), ready.body());
                assertTrue(gw.output().contains("reached its disk budget"), "said in the log:\n" + gw.output());
                assertTrue(Http.metric(http, "hazardgate_store_lag_readings") > 0);

                vm.restart();
                assertTrue(fleet.awaitAllAcked(Duration.ofSeconds(60)), "unacknowledged: " + fleet.inFlight());
                Await.until("the budget to be released once the store has the backlog", Duration.ofSeconds(60),
                        () -> Http.metric(http, "hazardgate_log_budget_reached") == 0);
                Await.until("ready again", Duration.ofSeconds(10),
                        () -> Http.get("http://127.0.0.1:" + http + "/ready").statusCode() == 200);
                long expected = fleet.ackedReadings();
                System.out.printf("budget released at %.1f s%n", (System.nanoTime() - t0) / 1e9);
                assertEquals(fleet.publishedMessages(), fleet.ackedMessages());
                Await.until("VictoriaMetrics to hold every acknowledged reading", Duration.ofSeconds(60),
                        () -> vm.countSamples("reading_value") == expected);
                System.out.printf("%d readings counted in the store at %.1f s%n", expected, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    @Test
    void aRecordDamagedOnDiskIsReportedWithItsPositionAndTheRecordsAroundItAreStored() throws Exception {
        int messages = 40;
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(dir.resolve("vm"))) {
            Path config = LoadSite.write(dir, 1, POINTS, LoadSite.externalStore(vm.url(), "1GB"));
            Path data = dir.resolve("data");
            TelemetryFleet fleet;
            GatewayProcess first = GatewayProcess.start(config, data);
            try {
                // The store is down, so every record stays in the log, unshipped.
                vm.stop();
                fleet = TelemetryFleet.connect(first.mqttPort(), 1, POINTS, 10, System.currentTimeMillis() - 3_600_000);
                fleet.start(0, messages);
                Await.until("every message acknowledged", Duration.ofSeconds(30), () -> fleet.ackedMessages() == messages);
            } finally {
                first.kill();
            }
            fleet.close();

            long damagedAt = damageRecord(data.resolve("log"), 20);

            vm.restart();
            try (GatewayProcess second = GatewayProcess.start(config, data)) {
                long expected = (messages - 1L) * POINTS;
                Await.until("VictoriaMetrics to hold every reading but the damaged record's", Duration.ofSeconds(60),
                        () -> vm.countSamples("reading_value") == expected);
                assertTrue(Http.metric(second.httpPort(), "hazardgate_log_corrupt_records_total") >= 1);
                assertTrue(second.output().contains("corrupt record at byte " + damagedAt),
                        "the log names the damaged record's position:\n" + second.output());
                // the gateway has shipped all it ever will: a duplicate would be in the store by now
                Await.until("the store writer to have nothing left", () -> Http.metric(second.httpPort(), "hazardgate_store_lag_records") == 0);
                assertEquals(expected, vm.countSamples("reading_value"), "nothing else is lost or stored twice");
            }
        }
    }

    /** Flips a byte inside the payload of the {@code index}-th record of the only segment; returns the frame's position. */
    private static long damageRecord(Path logDir, int index) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(logDir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
        }
        assertEquals(1, segments.size(), segments.toString());
        try (FileChannel ch = FileChannel.open(segments.get(0), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long frame = 16; // segment header: magic, version, base offset
            ByteBuffer length = ByteBuffer.allocate(4);
            for (int i = 0; i < index; i++) {
                length.clear();
                ch.read(length, frame);
                frame += 16 + length.getInt(0); // frame header: length, CRC32C, append time
            }
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x5A}), frame + 16 + 30);
            return frame;
        }
    }
}
