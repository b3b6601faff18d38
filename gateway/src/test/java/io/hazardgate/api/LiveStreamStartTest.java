package io.hazardgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Mqtt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live stream opened without {@code Last-Event-ID} says where it starts ({@code id: N} before any
 * event), and delivers every event after that: none is lost between the moment the server decides
 * where the stream starts and the moment it subscribes, nor while a client reconnects before its first
 * event.
 */
class LiveStreamStartTest {
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void aClientThatReconnectsBeforeItsFirstEventGetsWhatHappenedMeanwhile() throws Exception {
        String lastId;
        try (SseClient first = SseClient.open(demo.gateway().httpPort(), null)) {
            lastId = first.startId();
            assertNotNull(lastId, "the stream says where it starts, so a browser reconnecting resumes from there");
        }
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1")) {
            // while the client is away: the tank's temperature passes its high limit
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":50}]}", 1);
            try (SseClient again = SseClient.open(demo.gateway().httpPort(), lastId)) {
                // the sentinel, raised after the client is back
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"PT-101\",\"value\":3}]}", 1);
                String data = again.nextAlarm();
                assertTrue(data.contains("\"tag\":\"TT-101\""), "the alarm raised while away comes first: " + data);
                assertTrue(again.nextAlarm().contains("\"tag\":\"PT-101\""));
            }
        }
    }

    /** Streams opened while events flow each get every event after their start, none skipped. */
    @Test
    void streamsOpenedWhileEventsFlowMissNoEventAfterTheirStart(@TempDir Path dir) throws Exception {
        StringBuilder site = new StringBuilder("site: s\nhazardSources: [{id: T}]\ndevices: [{id: d}]\nsensors:\n");
        int sensors = 300;
        for (int i = 0; i < sensors; i++) {
            site.append("  - {tag: T").append(i).append(", source: T, device: d, type: temperature, noData: off, limits: {H: 50}}\n");
        }
        Files.writeString(dir.resolve("site.yaml"), site, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gateway.yaml"), Files.readString(Configs.configDir().resolve("gateway.yaml"))
                .replace("- demo-plant.yaml", "- site.yaml"), StandardCharsets.UTF_8);
        try (Gateway g = Gateway.start(ConfigLoader.load(dir.resolve("gateway.yaml")).withMqttPort(0).withHttpPort(0)
                .withStorePort(0).withDataDir(dir.resolve("data")), Clock.systemUTC());
             Mqtt.Client dtu = Mqtt.connect(g.mqttPort(), "d")) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread flow = new Thread(() -> {
                // every sensor up and down a few times (fewer than the 6 transitions that make it flapping):
                // alarm events one after another for a few seconds
                for (int round = 0; round < 5 && !stop.get(); round++) {
                    for (int i = 0; i < sensors && !stop.get(); i++) {
                        try {
                            dtu.publish("plant/s/d/telemetry", "{\"readings\":[{\"tag\":\"T" + i + "\",\"value\":"
                                    + (round % 2 == 0 ? 60 : 20) + "}]}", 0);
                            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                        } catch (Exception e) {
                            return;
                        }
                    }
                }
            });
            flow.start();
            int opened = 0;
            try {
                while (flow.isAlive() && opened < 200) {
                    try (SseClient c = SseClient.open(g.httpPort(), null)) {
                        long start = Long.parseLong(c.startId());
                        for (int k = 1; k <= 3; k++) {
                            String id = c.nextIdWhile(flow::isAlive);
                            if (id == null) break; // the flow ended before this stream saw three events
                            assertEquals(start + k, Long.parseLong(id), "stream " + opened + " starting after " + start);
                        }
                    }
                    opened++;
                }
            } finally {
                stop.set(true);
                flow.join(10_000);
            }
            assertTrue(opened >= 10, "streams opened while events flowed: " + opened);
        }
    }

    /** A raw Server-Sent Events reader. */
    static final class SseClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private String pendingId;

        private SseClient(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        static SseClient open(int port, String lastEventId) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            SseClient c = new SseClient(s);
            String status = c.in.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 200"), status);
            return c;
        }

        /** The {@code id:} the stream opens with, before any event; null when the first block carries data. */
        String startId() throws IOException {
            String id = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("id: ")) id = line.substring(4);
                if (line.startsWith("data: ")) {
                    pendingId = id;
                    return null;
                }
                if (line.isEmpty() && id != null) return id;
            }
            return null;
        }

        /** The id of the next event, or null once {@code more} says no more events come and none arrived for a second. */
        String nextIdWhile(java.util.function.BooleanSupplier more) throws IOException {
            if (pendingId != null) {
                String id = pendingId;
                pendingId = null;
                return id;
            }
            socket.setSoTimeout(1000);
            String id = null;
            while (true) {
                String line;
                try {
                    line = in.readLine();
                } catch (java.net.SocketTimeoutException e) {
                    if (more.getAsBoolean()) continue;
                    return null;
                }
                if (line == null) throw new IOException("stream ended");
                if (line.startsWith("id: ")) id = line.substring(4);
                if (line.startsWith("data: ") && id != null) return id;
            }
        }

        /** The data of the next alarm event. */
        String nextAlarm() throws IOException {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) event = line.substring(7);
                if (line.startsWith("data: ") && "alarm".equals(event)) return line.substring(6);
            }
            throw new IOException("stream ended");
        }

        @Override
        public void close() throws IOException { socket.close(); }
    }
}
