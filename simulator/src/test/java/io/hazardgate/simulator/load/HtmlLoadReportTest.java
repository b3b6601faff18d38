package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlLoadReportTest {
    @Test
    void isSelfContainedWithWellFormedCharts() throws Exception {
        String html = HtmlLoadReport.render(result());

        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external resources");
        Matcher svg = Pattern.compile("(?s)<svg .*?</svg>").matcher(html);
        int charts = 0;
        while (svg.find()) {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
            assertTrue(d.getElementsByTagName("path").getLength() >= 2, "chart " + charts + " has its lines");
            charts++;
        }
        assertEquals(3, charts, "throughput, latency over time, latency by percentile");
        assertTrue(html.contains("received by subscriber"));
        assertTrue(html.contains("p99.9"));
        assertTrue(html.contains("publish to alarm event (end to end)"), "alarm latency in the table");
    }

    @Test
    void summaryStatesRatesLatencyAndWhatTheSubscriberMissed() {
        String text = LoadSummary.text(result());
        assertTrue(text.contains("acked"), text);
        assertTrue(text.contains("1,000 msg/s"), text);
        assertTrue(text.contains("100,000 readings/s"), text);
        assertTrue(text.contains("received 9,990 of 10,000 acked (99.90 %)"), text);
        assertTrue(text.contains("p99.9 "), text);
        assertTrue(text.contains("alarms      every 50 messages: 200 triggers, 200 raised, 199 cleared, 0 missing"), text);
        assertTrue(text.matches("(?s).*alarm latency \\(publish to raised event at subscriber\\) p50 \\d.*\\(200 samples\\).*"), text);
    }

    private static LoadResult result() {
        LoadSettings s = new LoadSettings(new BrokerSettings("tcp://127.0.0.1:1883", null, null), new LoadNaming("load", "L"), 10, 100,
                100, 1000, 1, Duration.ofSeconds(10), Long.MAX_VALUE, Duration.ZERO, 2, 100, 1, "plant/#", 1, Duration.ofSeconds(5), 50);
        Histogram ack = new Histogram(LoadStats.MAX_LATENCY_MICROS, 3);
        Histogram delivery = new Histogram(LoadStats.MAX_LATENCY_MICROS, 3);
        List<LoadSample> samples = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            samples.add(new LoadSample(i, 1000, 1000, 999, 0, 5, 0, 0.4 + i / 100.0, 2.0, 7.5));
            for (int k = 0; k < 1000; k++) {
                ack.recordValue(300 + k);
                delivery.recordValue(1000L * (1 + k % 3));
            }
        }
        Histogram alarm = new Histogram(LoadStats.MAX_LATENCY_MICROS, 3);
        for (int k = 0; k < 200; k++) alarm.recordValue(900 + 10L * k);
        AlarmLatency alarms = new AlarmLatency(200, 200, 199, 0, 0, alarm);
        return new LoadResult(s, 1732350000000L, 10, 10, 10_000, 10_000, 0, 0, 0, 0, samples, ack, 9_990, delivery, 10.5, alarms);
    }
}
