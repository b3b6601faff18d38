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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-series store goes away under load and comes back: the gateway (its own process) writes to
 * a real VictoriaMetrics, which is stopped by its PID while loggers keep publishing at a steady rate.
 * Publishers are still acknowledged (the log holds the backlog), the gateway's metrics and readiness
 * show the lag in readings and in seconds, and once the store is back the backlog drains while live
 * readings keep arriving. In the end the store holds every acknowledged reading. How fast it drains
 * against live ingest is measured, not asserted, by bench/drain.sh (docs/benchmarks.md).
 */
@Needs(ExternalProgram.VICTORIA_METRICS)
class StoreOutageTest {
    private static final int DEVICES = 8;
    private static final int POINTS = 50;
    /** Per logger: 8 × 40 × 50 = 16,000 readings/s, far below what the gateway absorbs. */
    private static final double MESSAGES_PER_SECOND = 40;

    @TempDir Path dir;

    @Test
    void backlogDrainsWhileLiveReadingsKeepArrivingAndNothingAcknowledgedIsLost() throws Exception {
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(dir.resolve("vm"))) {
            Path config = LoadSite.write(dir, DEVICES, POINTS, LoadSite.externalStore(vm.url(), "1GB"));
            try (GatewayProcess gw = GatewayProcess.start(config, dir.resolve("data"));
                 TelemetryFleet fleet = TelemetryFleet.connect(gw.mqttPort(), DEVICES, POINTS, 100,
                         System.currentTimeMillis() - 3_600_000)) {
                int http = gw.httpPort();
                fleet.start(MESSAGES_PER_SECOND, Long.MAX_VALUE);
                Await.until("readings in the store", Duration.ofSeconds(30),
                        () -> Http.metric(http, "hazardgate_store_lines_total") > 0);

                vm.stop();
                long ackedAtStop = fleet.ackedReadings();
                Await.until("the lag to show in readings and seconds", Duration.ofSeconds(30),
                        () -> Http.metric(http, "hazardgate_store_lag_readings") > 20_000
                                && Http.metric(http, "hazardgate_store_lag_seconds") > 2);
                assertTrue(fleet.ackedReadings() > ackedAtStop, "publishers are acknowledged while the store is down");
                assertTrue(Http.metric(http, "hazardgate_store_lag_records") > 0);
                HttpResponse<String> ready = Http.get("http://127.0.0.1:" + http + "/ready");
                // not ready: the store is unreachable (ingest and alarms carry on; the backlog waits in the log)
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("{\"name\":\"store\",\"ok\":false"), ready.body());
                assertTrue(ready.body().contains("{\"name\":\"log\",\"ok\":true"), ready.body());
                assertTrue(ready.body().matches(".*\"storeLagReadings\":[1-9].*"), ready.body());
                assertTrue(Http.metric(http, "hazardgate_store_batches_total{outcome=\"failure\"}") > 0
                        || gw.output().contains("Time-series store write failed"), gw.output());

                vm.restart();
                double backlog = Http.metric(http, "hazardgate_store_lag_readings");
                Await.until("the backlog of " + backlog + " readings to drain", Duration.ofSeconds(60),
                        () -> Http.metric(http, "hazardgate_store_lag_readings") <= MESSAGES_PER_SECOND * DEVICES * POINTS);
                long afterDrain = fleet.ackedReadings();
                Await.until("live readings to keep being acknowledged", Duration.ofSeconds(30),
                        () -> fleet.ackedReadings() > afterDrain);
                fleet.stopPublishing();
                assertTrue(fleet.awaitAllAcked(Duration.ofSeconds(30)));
                long expected = fleet.ackedReadings();
                Await.until("VictoriaMetrics to hold every acknowledged reading", Duration.ofSeconds(60),
                        () -> vm.countSamples("reading_value") == expected);
                assertEquals(0, Http.metric(http, "hazardgate_store_lag_readings"));
            }
        }
    }
}
