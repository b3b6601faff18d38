package io.hazardgate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Await;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.LoadSite;
import io.hazardgate.testing.TelemetryFleet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the gateway under QoS 1 load. The gateway runs as its own process with the
 * embedded QuestDB; Paho loggers with persistent sessions publish as fast as their windows allow. After
 * the crash the gateway is started again on the same data directory, the loggers reconnect and resend
 * what was never acknowledged, and the store ends up with every acknowledged reading exactly once:
 * the log replays what the store had not taken, and the store's deduplication keys absorb what is
 * both in the log and resent by a logger whose acknowledgement the crash swallowed.
 */
class CrashRecoveryTest {
    private static final int DEVICES = 6;
    private static final int POINTS = 20;
    private static final int INFLIGHT = 64;
    /** Bounds the run whatever the machine's speed. */
    private static final long MAX_MESSAGES_PER_DEVICE = 4_000;

    @TempDir Path dir;

    @Test
    void everyAcknowledgedReadingIsStoredExactlyOnceAfterKill9AndResend() throws Exception {
        Path config = LoadSite.write(dir, DEVICES, POINTS, LoadSite.embeddedStore("1GB"));
        Path data = dir.resolve("data");
        long baseTs = System.currentTimeMillis() - 3_600_000;

        GatewayProcess first = GatewayProcess.start(config, data);
        TelemetryFleet fleet;
        long inFlightAtCrash;
        long ackedBeforeCrash;
        try {
            fleet = TelemetryFleet.connect(first.mqttPort(), DEVICES, POINTS, INFLIGHT, baseTs);
            fleet.start(0, MAX_MESSAGES_PER_DEVICE);
            Await.until("a few thousand acknowledged messages", Duration.ofSeconds(30), () -> fleet.ackedMessages() >= 3_000);
        } finally {
            first.kill();
        }
        try {
            Await.until("every logger to notice the crash", Duration.ofSeconds(10), () -> fleet.connectionsLost() == DEVICES);
            inFlightAtCrash = fleet.inFlight();
            ackedBeforeCrash = fleet.ackedMessages();

            try (GatewayProcess second = GatewayProcess.start(config, data)) {
                fleet.reconnect(second.mqttPort());
                Await.until("more messages after the restart", Duration.ofSeconds(30),
                        () -> fleet.ackedMessages() >= ackedBeforeCrash + inFlightAtCrash + 1_000
                                || fleet.publishedMessages() == DEVICES * MAX_MESSAGES_PER_DEVICE);
                fleet.stopPublishing();
                assertTrue(fleet.awaitAllAcked(Duration.ofSeconds(30)), "unacknowledged: " + fleet.inFlight());

                assertTrue(inFlightAtCrash > 0, "the crash left messages unacknowledged, to be resent");
                assertEquals(fleet.publishedMessages(), fleet.ackedMessages(), "every message was acknowledged in the end");
                long expected = fleet.ackedReadings();
                System.out.printf("acknowledged before the crash %d messages, in flight at the crash %d, in all %d (%d readings)%n",
                        ackedBeforeCrash, inFlightAtCrash, fleet.ackedMessages(), expected);
                assertEquals(expected, Http.awaitCount(second.storePort(), second.storeCredentials(), "select count() from reading", expected),
                        "stored readings");
                assertEquals(expected, Http.count(second.storePort(), second.storeCredentials(),
                        "select count() from (select distinct timestamp, tag from reading)"), "no reading twice");
                Await.until("the store lag to return to zero", Duration.ofSeconds(30),
                        () -> Http.metric(second.httpPort(), "hazardgate_store_lag_readings") == 0
                                && Http.metric(second.httpPort(), "hazardgate_store_lag_records") == 0);
            }
        } finally {
            fleet.close();
        }
    }
}
