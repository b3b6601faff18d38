package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.testing.InProcessGateway;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end alarm latency in load mode, against the real gateway with the generated load site. */
class AlarmLatencyAgainstGatewayTest {
    @TempDir
    Path dir;

    @Test
    void everyTriggeringReadingRaisesAnAlarmWhoseLatencyIsMeasuredAndTheNextReadingClearsIt() throws Exception {
        LoadNaming naming = new LoadNaming("load", "L");
        Path site = dir.resolve("load-site.yaml");
        try (Writer w = Files.newBufferedWriter(site, StandardCharsets.UTF_8)) {
            LoadSiteWriter.write(w, naming, 4, 20, Duration.ofMinutes(10));
        }
        int messages = 600;
        LoadResult r;
        try (InProcessGateway gateway = InProcessGateway.start(dir, Clock.systemUTC(), site)) {
            LoadSettings settings = new LoadSettings(new BrokerSettings(gateway.url(), null, null), naming, 4, 10, 20, 1_000, 1, null, messages,
                    Duration.ZERO, 2, 100, 1, null, 1, Duration.ofSeconds(30), 10);
            r = new LoadRun(settings, null).run();
        }
        AlarmLatency a = r.alarms();
        String summary = LoadSummary.text(r);
        System.out.print(summary);

        assertEquals(messages, r.acked(), summary);
        // Two clients, each triggering on its messages 0, 10, 20 ... unless that point's alarm is still up.
        assertTrue(a.triggers() >= messages / 10 / 2 && a.triggers() <= messages / 10 + 2, summary);
        assertEquals(a.triggers(), a.raised(), "a raised event for every trigger\n" + summary);
        assertEquals(0, a.missing(), summary);
        assertEquals(0, a.unmatched(), summary);
        assertEquals(a.raised(), a.latency().getTotalCount(), "one latency sample per alarm");
        // Each point's next reading clears it; only points triggered by a client's last few messages may stay raised.
        assertTrue(a.cleared() >= a.raised() - 4 && a.cleared() <= a.raised(), summary);
        assertTrue(summary.contains("alarm latency (publish to raised event at subscriber) p50 "), summary);
    }
}
