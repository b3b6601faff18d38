package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.SharedGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** End-to-end alarm latency in load mode, against the real gateway with the generated load site. */
@ExtendWith(SharedGateway.class)
class AlarmLatencyAgainstGatewayTest {
    @Test
    void everyTriggeringReadingRaisesAnAlarmWhoseLatencyIsMeasuredAndTheNextReadingClearsIt(InProcessGateway gateway) throws Exception {
        LoadNaming naming = new LoadNaming(LoadNaming.DEFAULT_SITE, LoadNaming.DEFAULT_TAG_PREFIX);
        int messages = 600;
        LoadSettings settings = new LoadSettings(new BrokerSettings(gateway.url(), null, null), naming, SharedGateway.LOAD_DEVICES, 10,
                SharedGateway.LOAD_POINTS, 1_000, 1, null, messages, Duration.ZERO, 2, 100, 1, null, 1, Duration.ofSeconds(30), 10);
        LoadResult r = new LoadRun(settings, null).run();
        AlarmLatency a = r.alarms();
        String summary = LoadSummary.text(r);
        System.out.print(summary);

        assertEquals(messages, r.acked(), summary);
        // Two clients, triggering on their messages 0, 10, 20 ... and 5, 15, 25 ... unless that point's alarm is still up.
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
