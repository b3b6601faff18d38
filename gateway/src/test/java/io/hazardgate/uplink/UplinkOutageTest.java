package io.hazardgate.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.LoadSite;
import io.hazardgate.testing.TelemetryFleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform goes away while the plant publishes at full pace, and comes back: every reading the
 * gateway acknowledged reaches the platform afterwards, in order, exactly once, what waited marked as
 * backfilled. Counted reading by reading at the platform, which stores a message once by its id as a
 * platform does: a message it took just as it went away, whose answer was lost, comes again under the same
 * id and is dropped there (counted: at most the one in flight). The outage is a real one (the platform's port
 * refuses connections) of seconds, with retry backoffs configured to match, rather than minutes. (The
 * fleet's readings are stamped a millisecond apart per message, so their timestamps fall behind the
 * clock as the test runs; {@code backfillAfter} is set so the data before the outage is still live.)
 */
class UplinkOutageTest {
    private static final int LOGGERS = 5;
    private static final int POINTS = 10;
    private static final String SECRET = "load-secret-0123456789abcdef";
    private static final String SM4 = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @TempDir Path dir;
    private PlatformReceiver platform;
    private Gateway gateway;
    private TelemetryFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
        if (gateway != null) gateway.close();
        if (platform != null) platform.close();
    }

    @Test
    void everyAcknowledgedReadingArrivesAfterAnOutageInOrderExactlyOnce() throws Exception {
        platform = new PlatformReceiver("hg-load", SECRET.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(SM4),
                ProvinceSchemas.all()).start();
        Files.writeString(dir.resolve("load.key"), "appKey=hg-load\nsecret=" + SECRET + "\nsm4Key=" + SM4 + "\n");
        Path gw = LoadSite.write(dir, LOGGERS, POINTS, LoadSite.embeddedStore("1GB"), """
                uplinks:
                  - name: province
                    kind: http
                    start: oldest
                    realtime: {mode: all, maxReadings: 1000, linger: 200ms}
                    backfillAfter: 5s
                    retry: {initial: 100ms, max: 500ms}
                    keyFile: load.key
                    encryption: sm4
                    templates: %s
                    http:
                      url: %s
                      paths: {realtime: /data/realtime, history: /data/history}
                      response: {codeField: code, ok: ["0"], messageField: msg}
                """.formatted(Configs.configDir().resolve("examples/province/templates.yaml"), platform.url()));
        gateway = Gateway.start(ConfigLoader.load(gw).withDataDir(dir.resolve("data")), Clock.systemUTC());

        fleet = TelemetryFleet.connect(gateway.mqttPort(), LOGGERS, POINTS, 20, System.currentTimeMillis());
        fleet.start(40, Long.MAX_VALUE); // 5 loggers x 40 messages/s x 10 points: 2,000 readings/s
        Await.until("live values at the platform", Duration.ofSeconds(30), () -> platform.accepted.size() >= 3);
        platform.stop();
        long outageStart = System.nanoTime();
        long maxLag = 0;
        while (System.nanoTime() - outageStart < Duration.ofSeconds(8).toNanos()) {
            Thread.sleep(200);
            maxLag = Math.max(maxLag, status().lagRecords());
        }
        assertEquals("retrying", status().state(), status().toString());
        assertTrue(status().lastError().contains("cannot reach"), status().lastError());
        platform.start();
        long back = System.nanoTime();
        Thread.sleep(3000);
        fleet.stopPublishing();
        assertTrue(fleet.awaitAllAcked(Duration.ofSeconds(30)), "the gateway acknowledged everything published");
        long expected = fleet.ackedReadings();

        Await.until("every acknowledged reading at the platform", Duration.ofSeconds(90), () -> readings() >= expected);
        Await.until("the uplink has caught up", Duration.ofSeconds(10), () -> status().lagRecords() == 0);
        double catchUpSeconds = (System.nanoTime() - back) / 1e9;

        // Exactly once, and in order: per point the collection times only go up; messages follow the log.
        Set<String> seen = new HashSet<>();
        Map<String, Long> lastTs = new HashMap<>();
        Set<String> messageIds = new HashSet<>();
        long lastOffset = -1;
        long history = 0;
        long total = 0;
        boolean historyBegun = false;
        for (PlatformReceiver.Accepted a : platform.accepted) {
            JsonNode b = a.body();
            assertTrue(messageIds.add(b.path("sjid").asText()), "message " + b.path("sjid") + " arrived twice");
            long offset = Long.parseLong(b.path("sjid").asText().replaceAll("^load:(\\d+)\\..*$", "$1"));
            assertTrue(offset >= lastOffset, "messages in log order: " + offset + " after " + lastOffset);
            lastOffset = offset;
            for (JsonNode r : b.path("sj")) {
                String code = r.path("zbbm").asText();
                long ts = r.path("cjsjhm").asLong();
                assertTrue(seen.add(code + "@" + ts), "reading " + code + "@" + ts + " arrived twice");
                Long prev = lastTs.put(code, ts);
                assertTrue(prev == null || ts > prev, code + ": " + ts + " after " + prev);
                total++;
                if (a.path().equals("history")) history++;
            }
            historyBegun |= a.path().equals("history");
            assertTrue(!historyBegun || a.path().equals("history"), "once the uplink fell behind, nothing it sent was live");
        }
        assertEquals(expected, total, "every acknowledged reading, once");
        assertEquals(LOGGERS * POINTS, lastTs.size());
        assertTrue(history > 0, "what waited out the outage went as history (补传)");
        assertTrue(history < total, "what went before the outage was real-time");
        assertEquals(0, platform.refusals.size(), platform.refusals.toString());
        assertTrue(platform.duplicates.get() <= 1, "only a message in flight when the platform went away comes twice: "
                + platform.duplicates.get());
        double backfilled = gateway.meters().get("hazardgate.uplink.readings").tag("backfill", "true").counter().count();
        assertTrue(backfilled >= history, "the uplink counts what it backfilled: " + backfilled + " >= " + history);
        System.out.printf("uplink outage: %d readings acknowledged and delivered once, %d as history; "
                + "largest backlog %d log records; %.1f s from the platform's return to caught up; %d messages, "
                + "%d resent after a lost answer%n", total, history, maxLag, catchUpSeconds, messageIds.size(),
                platform.duplicates.get());
    }

    private long readings() {
        long n = 0;
        for (PlatformReceiver.Accepted a : platform.accepted) n += a.body().path("sj").size();
        return n;
    }

    private UplinkStatus status() {
        return gateway.uplinks().status().get(0);
    }
}
