package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Collector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load mode against a standard MQTT broker. Its per-subscriber queues are unbounded, so a subscriber
 * slowed by a busy test machine cannot lose messages: what is measured is the simulator's counting.
 */
abstract class LoadAgainstBrokerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Broker broker;

    /** Starts the broker under test in {@code dir}. */
    abstract Broker startBroker(Path dir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        broker = startBroker(dir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void everyAcknowledgedQos1MessageReachesTheCountingSubscriber() throws Exception {
        int messages = 2_000;
        LoadSettings settings = new LoadSettings(new BrokerSettings(broker.url(), null, null), new LoadNaming("load", "L"), 4, 100, 200,
                0, 1, null, messages, Duration.ZERO, 2, 100, 1, "plant/load/+/telemetry", 1, Duration.ofSeconds(60), 0);
        LoadResult r;
        try (Collector check = new Collector(broker.url(), "plant/load/#")) {
            r = new LoadRun(settings, null).run();

            assertEquals(messages, r.published());
            assertEquals(messages, r.acked());
            assertEquals(0, r.errors());
            assertEquals(0, r.unacknowledged());
            assertEquals(messages, r.received(), "the counting subscriber saw every acknowledged message");
            assertEquals(messages, r.ackLatency().getTotalCount(), "one latency sample per acknowledgement");
            assertEquals(200_000, r.readingsAcked());

            // An independent subscriber sees the same messages, each valid telemetry for its topic's device.
            assertEquals(messages, check.awaitCount(messages, 60));
            Set<String> tags = new HashSet<>();
            Set<String> deviceTimestamps = new HashSet<>();
            for (Collector.Received m : check.received()) {
                JsonNode root = JSON.readTree(m.payload());
                String device = m.topic().split("/")[2];
                // a store keyed on (timestamp, tag) keeps every reading: a device never repeats a timestamp
                assertTrue(deviceTimestamps.add(device + "@" + root.get("ts").asLong()), "repeated timestamp of " + device);
                assertEquals(100, root.get("readings").size());
                for (JsonNode reading : root.get("readings")) {
                    String tag = reading.get("tag").textValue();
                    assertTrue(tag.startsWith("L" + device.substring(1) + "-"), tag + " belongs to " + device);
                    tags.add(tag);
                }
            }
            assertEquals(4 * 200, tags.size(), "messages take turns over each device's windows of points");
        }
    }

    @Test
    void commandLineRunPrintsASummaryAndWritesTheHtmlReport() throws Exception {
        Path report = dir.resolve("report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SimulatorMain.run(new String[] {"load", "--broker", broker.url(), "--devices", "3", "--readings-per-message", "10",
                "--messages", "300", "--rate", "600", "--qos", "1", "--subscribe-count", "plant/#", "--report", report.toString(),
                "--quiet"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true));
        String summary = out.toString(StandardCharsets.UTF_8);

        assertEquals(SimulatorMain.OK, code, summary);
        assertTrue(summary.contains("received 300 of 300 acked (100.00 %)"), summary);
        assertTrue(summary.matches("(?s).*received\\s+300 messages\\s+3,000 readings .* readings/s .*to the last.*"), summary);
        assertTrue(summary.contains("errors      0 "), summary);
        String html = Files.readString(report);
        assertTrue(html.contains("<svg"), "charts in the report");
        assertTrue(html.contains("PUBACK"), "latency labelled");
    }
}
