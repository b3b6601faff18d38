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
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal stop (SIGTERM) ships the log's backlog before the process exits: the store, down while
 * readings were acknowledged, comes back just before the stop, and holds every reading once the
 * gateway has exited, with no gateway left to ship them.
 */
@Needs(ExternalProgram.VICTORIA_METRICS)
class ShutdownDrainTest {
    @TempDir Path dir;


    @Test
    void sigtermShipsTheBacklogBeforeExiting() throws Exception {
        int devices = 4;
        int points = 50;
        long messages = 500;
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(dir.resolve("vm"))) {
            Path config = LoadSite.write(dir, devices, points, LoadSite.externalStore(vm.url(), "1GB"));
            long expected;
            double lagAtStop;
            String output;
            try (GatewayProcess gw = GatewayProcess.start(config, dir.resolve("data"));
                 TelemetryFleet fleet = TelemetryFleet.connect(gw.mqttPort(), devices, points, 50,
                         System.currentTimeMillis() - 3_600_000)) {
                vm.stop();
                fleet.start(0, messages);
                Await.until("every message acknowledged", Duration.ofSeconds(30),
                        () -> fleet.ackedMessages() == devices * messages);
                expected = fleet.ackedReadings();
                assertEquals(expected, Http.metric(gw.httpPort(), "hazardgate_store_lag_readings"), "all of it waits in the log");
                vm.restart();
                // The writer is backing off after its failed attempts, so the backlog is still there.
                lagAtStop = Http.metric(gw.httpPort(), "hazardgate_store_lag_readings");
                gw.close();
                output = gw.output();
            }
            assertTrue(output.contains("closed at offset"), "the shutdown hook ran:\n" + output);
            assertEquals(expected, vm.countSamples("reading_value"), "stored before the gateway exited");
            Assumptions.assumeTrue(lagAtStop > 0, "the writer caught up before the stop: nothing was left to ship");
        }
    }
}
