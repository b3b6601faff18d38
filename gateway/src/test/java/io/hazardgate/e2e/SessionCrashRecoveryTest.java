package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.mqtt.persist.RawClient;
import io.hazardgate.testing.CommandLine;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control room's alarm feed survives a {@code kill -9} of the gateway (its own process, the shipped
 * config): consumers with persistent sessions that were offline while alarms were raised (Paho 3.1.1 and
 * 5, {@code mosquitto_sub -c}) come back to Session Present and exactly the events they missed, in order,
 * once, followed by what was raised after the restart; a consumer in the middle of QoS 2 exchanges gets
 * PUBREL for the one it had acknowledged and the other again with DUP and its id; the retained
 * alarm-state and risk messages are what they were; a damaged session-store record is reported (log,
 * metric, {@code /ready}) and the other sessions come back.
 */
class SessionCrashRecoveryTest {
    private static final String TELEMETRY = "plant/demo/dtu-tf1/telemetry";
    private static final String GAS_HIGH = "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}";
    private static final String HH_ON = "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":1}]}";
    private static final String HH_OFF = "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":0}]}";

    @TempDir Path data;

    private static Path config() { return Configs.configDir().resolve("gateway.yaml"); }

    /** Raises alarms through the tank farm's logger; returns the events as a clean watcher saw them. */
    private static List<String> raise(int port, String... readings) throws Exception {
        List<String> events = new ArrayList<>();
        try (Mqtt.Client watch = Mqtt.connect(port, "watch-" + System.nanoTime()).subscribe("alarm/#", 1);
             Mqtt.Client dtu = Mqtt.connect(port, "dtu-tf1")) {
            for (String r : readings) dtu.publish(TELEMETRY, r, 1);
            for (int i = 0; i < readings.length; i++) {
                Mqtt.Received e = watch.next("alarm/");
                events.add(e.topic() + " " + e.payload());
            }
        }
        return events;
    }

    @Test
    void offlineAndMidExchangeConsumersGetEachMissedAlarmOnceAndRetainedStateIsKept() throws Exception {
        List<String> missed;
        Map<String, String> retainedBefore;
        int acknowledgedId;
        int unansweredId;
        try (GatewayProcess gw = GatewayProcess.start(config(), data)) {
            int port = gw.mqttPort();
            V3 v3 = V3.connect(port, "room-v3");
            v3.paho.subscribe("alarm/#", 1);
            v3.close();
            V5 v5 = V5.connect(port, "room-v5");
            v5.client.subscribe("alarm/#", 1).waitForCompletion();
            v5.close();
            RawClient q2 = RawClient.connect(port, "room-q2", false);
            q2.subscribe("alarm/#", 2);

            missed = raise(port, GAS_HIGH, HH_ON);
            RawClient.Publish first = q2.nextPublish();
            assertEquals(2, first.qos(), "alarm events go out at QoS 2 to a consumer that asks for it");
            acknowledgedId = first.packetId();
            q2.pubrec(acknowledgedId);
            List<Integer> pubrels = new ArrayList<>();
            RawClient.Publish second = null;
            while (second == null || pubrels.isEmpty()) { // the second event may come before the PUBREL
                RawClient.Publish p = q2.nextPublishOrPubrel(pubrels);
                if (p != null) second = p;
            }
            assertEquals(List.of(acknowledgedId), pubrels, "PUBREL once the PUBREC is on disk");
            unansweredId = second.packetId();
            assertEquals(missed, List.of(first.topic() + " " + first.payload(), second.topic() + " " + second.payload()));

            retainedBefore = retained(port);
            assertTrue(retainedBefore.keySet().stream().anyMatch(t -> t.startsWith("alarm-state/")), retainedBefore.toString());
            assertTrue(retainedBefore.keySet().stream().anyMatch(t -> t.startsWith("risk/")), retainedBefore.toString());
            gw.kill(); // kill -9: the consumer mid-exchange loses its connection with it
            q2.close();
        }
        try (GatewayProcess gw = GatewayProcess.start(config(), data)) {
            int port = gw.mqttPort();
            assertEquals(retainedBefore, retained(port), "retained alarm-state and risk as they were");
            List<String> after = raise(port, HH_OFF); // queued behind the missed ones: nothing may come between

            V3 v3 = V3.connect(port, "room-v3");
            assertTrue(v3.sessionPresent, "Paho 3.1.1: session present");
            V5 v5 = V5.connect(port, "room-v5");
            assertTrue(v5.sessionPresent, "Paho 5: session present");
            List<String> expected = new ArrayList<>(missed);
            expected.addAll(after);
            assertEquals(expected, v3.take(expected.size()));
            assertEquals(expected, v5.take(expected.size()));
            assertFalse(v3.dup || v5.dup, "never sent before the crash: no DUP");
            v3.close();
            v5.close();

            try (RawClient q2 = RawClient.connect(port, "room-q2", false)) {
                assertTrue(q2.sessionPresent());
                assertEquals(acknowledgedId, q2.nextPubrel(), "the acknowledged one is owed PUBREL, not sent again");
                RawClient.Publish again = q2.nextPublish();
                assertEquals(missed.get(1), again.topic() + " " + again.payload());
                assertTrue(again.dup(), "sent before the crash: DUP");
                assertEquals(unansweredId, again.packetId(), "with its id, so a QoS 2 receiver knows it");
                q2.pubcomp(acknowledgedId);
                q2.pubrec(unansweredId);
                List<Integer> pubrels = new ArrayList<>();
                RawClient.Publish next = null;
                while (next == null || pubrels.isEmpty()) { // the next event may come before the PUBREL
                    RawClient.Publish p = q2.nextPublishOrPubrel(pubrels);
                    if (p != null) next = p;
                }
                assertEquals(List.of(unansweredId), pubrels);
                q2.pubcomp(unansweredId);
                assertEquals(after.get(0), next.topic() + " " + next.payload(), "then what came after the restart");
                assertFalse(next.dup());
            }
            gw.kill(); // a clean stop is tested elsewhere; this saves the store's drain time
        }
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO_CLIENTS)
    void mosquittoSubWithAPersistentSessionGetsTheAlarmsItMissed() throws Exception {
        String sub = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_sub").toString();
        List<String> missed;
        try (GatewayProcess gw = GatewayProcess.start(config(), data)) {
            String port = Integer.toString(gw.mqttPort());
            CommandLine.Result subscribed = CommandLine.run(sub, "-h", "127.0.0.1", "-p", port, "-c", "-i", "room-cli",
                    "-q", "1", "-t", "alarm/#", "-E");
            assertEquals(0, subscribed.exitCode(), subscribed.output());
            missed = raise(gw.mqttPort(), GAS_HIGH, HH_ON);
            gw.kill();
        }
        try (GatewayProcess gw = GatewayProcess.start(config(), data)) {
            List<String> after = raise(gw.mqttPort(), HH_OFF);
            CommandLine.Result got = CommandLine.run(sub, "-h", "127.0.0.1", "-p", Integer.toString(gw.mqttPort()), "-c",
                    "-i", "room-cli", "-q", "1", "-t", "alarm/#", "-v", "-C", "3", "-W", "30");
            assertEquals(0, got.exitCode(), got.output());
            List<String> expected = new ArrayList<>(missed);
            expected.addAll(after);
            assertEquals(expected, List.of(got.output().strip().split("\n")));
            gw.kill();
        }
    }

    @Test
    void aDamagedSessionRecordIsReportedAndTheOtherSessionsKept() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(config(), data)) {
            for (String id : List.of("room-a", "room-b")) {
                V3 c = V3.connect(gw.mqttPort(), id);
                c.paho.subscribe("alarm/#", 1);
                c.close();
            }
            raise(gw.mqttPort(), GAS_HIGH);
            gw.kill();
        }
        byte[] needle = "room-b".getBytes(StandardCharsets.UTF_8);
        int flipped = 0;
        try (var files = Files.list(data.resolve("sessions"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        bytes[i + needle.length - 1] ^= 0x01; // a bit flipped on disk in every record naming room-b
                        flipped++;
                    }
                }
                Files.write(f, bytes);
            }
        }
        assertTrue(flipped > 0);
        try (GatewayProcess gw = GatewayProcess.start(config(), data)) {
            assertTrue(gw.output().contains("corrupt record"), "reported in the log:\n" + gw.output());
            assertTrue(Http.metric(gw.httpPort(), "hazardgate_mqtt_sessions_store_damaged_records_total") >= 1);
            String ready = Http.get("http://127.0.0.1:" + gw.httpPort() + "/ready").body();
            assertTrue(ready.contains("damaged session-store records"), ready);
            V3 a = V3.connect(gw.mqttPort(), "room-a");
            assertTrue(a.sessionPresent, "the undamaged session is kept");
            assertTrue(a.take(1).get(0).startsWith("alarm/demo/TF1/GT-101 "), "with what it had queued");
            a.close();
            V3 b = V3.connect(gw.mqttPort(), "room-b");
            assertFalse(b.sessionPresent, "the damaged one is gone, and the client is told so");
            b.close();
            gw.kill();
        }
    }

    /** Every retained alarm-state and risk message, collected up to a probe sent after them. */
    private static Map<String, String> retained(int port) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Mqtt.Client c = Mqtt.connect(port, "retained-" + System.nanoTime())) {
            c.subscribe("alarm-state/#", 1).subscribe("risk/#", 1).subscribe("test/probe", 1);
            c.publish("test/probe", "end", 1);
            while (true) {
                Mqtt.Received r = c.received.poll(10, TimeUnit.SECONDS);
                assertNotNull(r, "the probe came back");
                if (r.topic().equals("test/probe")) return out;
                assertTrue(r.retained(), r.toString());
                out.put(r.topic(), r.payload());
            }
        }
    }

    /** A Paho 3.1.1 consumer with a persistent session. */
    static final class V3 implements AutoCloseable {
        final MqttClient paho;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        boolean sessionPresent;
        volatile boolean dup;

        private V3(MqttClient paho) { this.paho = paho; }

        static V3 connect(int port, String clientId) throws Exception {
            V3 c = new V3(new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence()));
            c.paho.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) {}

                @Override public void messageArrived(String topic, MqttMessage m) {
                    c.dup |= m.isDuplicate();
                    c.inbox.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
                }

                @Override public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setConnectionTimeout(10);
            c.sessionPresent = c.paho.connectWithResult(o).getSessionPresent();
            return c;
        }

        List<String> take(int n) throws InterruptedException { return SessionCrashRecoveryTest.take(inbox, n); }

        @Override
        public void close() throws Exception {
            if (paho.isConnected()) paho.disconnect(2000);
            paho.close();
        }
    }

    /** The next {@code n} messages of {@code inbox}, each within 20 s. */
    static List<String> take(BlockingQueue<String> inbox, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String m = inbox.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "message " + (i + 1) + " of " + n + " after " + out);
            out.add(m);
        }
        return out;
    }

    /** A Paho 5 consumer with a session that outlives its connection by an hour. */
    static final class V5 implements AutoCloseable {
        final MqttAsyncClient client;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        boolean sessionPresent;
        volatile boolean dup;

        private V5(MqttAsyncClient client) { this.client = client; }

        static V5 connect(int port, String clientId) throws Exception {
            V5 c = new V5(new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence()));
            c.client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

                @Override public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

                @Override public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                    c.dup |= m.isDuplicate();
                    c.inbox.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
                }

                @Override public void deliveryComplete(IMqttToken token) {}

                @Override public void connectComplete(boolean reconnect, String serverURI) {}

                @Override public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3600L);
            o.setConnectionTimeout(10);
            IMqttToken t = c.client.connect(o);
            t.waitForCompletion(10_000);
            c.sessionPresent = t.getSessionPresent();
            return c;
        }

        List<String> take(int n) throws InterruptedException { return SessionCrashRecoveryTest.take(inbox, n); }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) client.disconnect().waitForCompletion(2000);
            client.close();
        }
    }
}
