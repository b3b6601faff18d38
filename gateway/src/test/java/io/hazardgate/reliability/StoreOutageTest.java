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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-series store goes away under load and comes back: the gateway (its own process) writes to
 * a real VictoriaMetrics, which is stopped by its PID while loggers keep publishing at a steady rate.
 * Publishers are still acknowledged (the log holds the backlog), the gateway's metrics show the lag in
 * readings and in seconds, and once the store is back the backlog drains at least twice as fast as
 * live readings arrive, while they keep arriving. In the end the store holds every acknowledged
 * reading. Rates are compared within the run, never against a fixed speed.
 */
@Needs(ExternalProgram.VICTORIA_METRICS)
class StoreOutageTest {
    private static final int DEVICES = 8;
    private static final int POINTS = 50;
    /** Per logger: 8 × 40 × 50 = 16,000 readings/s, far below what the gateway absorbs. */
    private static final double MESSAGES_PER_SECOND = 40;

    @TempDir Path dir;


    /** One scrape of the gateway's metrics. */
    record Sample(long nanos, double shippedLines, double lagReadings, double lagSeconds) {}

    @Test
    void backlogDrainsAtLeastTwiceAsFastAsLiveIngestAndNothingAcknowledgedIsLost() throws Exception {
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(dir.resolve("vm"))) {
            Path config = LoadSite.write(dir, DEVICES, POINTS, LoadSite.externalStore(vm.url(), "1GB"));
            try (GatewayProcess gw = GatewayProcess.start(config, dir.resolve("data"));
                 TelemetryFleet fleet = TelemetryFleet.connect(gw.mqttPort(), DEVICES, POINTS, 100,
                         System.currentTimeMillis() - 3_600_000)) {
                int http = gw.httpPort();
                fleet.start(MESSAGES_PER_SECOND, Long.MAX_VALUE);
                Await.until("readings in the store", Duration.ofSeconds(30),
                        () -> Http.metric(http, "hazardgate_store_lines_total") > 0);

                // Live ingest rate, measured now, in this run.
                long a0 = fleet.ackedReadings();
                long t0 = System.nanoTime();
                Thread.sleep(2_000);
                double liveRate = (fleet.ackedReadings() - a0) / ((System.nanoTime() - t0) / 1e9);

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
                Thread.sleep(3_000);

                vm.restart();
                List<Sample> samples = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Sample s;
                do {
                    s = new Sample(System.nanoTime(), Http.metric(http, "hazardgate_store_lines_total"),
                            Http.metric(http, "hazardgate_store_lag_readings"), Http.metric(http, "hazardgate_store_lag_seconds"));
                    samples.add(s);
                    Thread.sleep(50);
                } while (s.lagReadings() > MESSAGES_PER_SECOND * DEVICES * POINTS && System.nanoTime() < deadline);
                assertTrue(s.lagReadings() <= MESSAGES_PER_SECOND * DEVICES * POINTS, "the backlog did not drain: " + s);

                // The drain: from the last scrape before the writer got through again to the first with the backlog gone.
                Sample before = samples.get(0);
                for (Sample x : samples) {
                    if (x.shippedLines() > samples.get(0).shippedLines()) break;
                    before = x;
                }
                double seconds = (s.nanos() - before.nanos()) / 1e9;
                double drainRate = (before.lagReadings() - s.lagReadings()) / seconds;
                System.out.printf("live %.0f readings/s; backlog of %.0f readings drained in %.2f s: %.0f readings/s net "
                        + "(%.1f times live), live readings kept arriving meanwhile%n",
                        liveRate, before.lagReadings(), seconds, drainRate, drainRate / liveRate);
                assertTrue(drainRate >= 2 * liveRate, "backlog drained at " + drainRate + " readings/s, live " + liveRate);

                long duringDrain = fleet.ackedReadings();
                Thread.sleep(500);
                assertTrue(fleet.ackedReadings() > duringDrain, "live data keeps flowing");
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
