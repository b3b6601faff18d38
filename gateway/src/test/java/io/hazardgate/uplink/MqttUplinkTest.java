package io.hazardgate.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.LoadSite;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.Needs;
import io.hazardgate.testing.TelemetryFleet;
import io.hazardgate.testing.TestCertificates;
import io.hazardgate.testing.UpstreamMoquette;
import io.hazardgate.testing.UpstreamMosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT bridge to a platform's upstream broker: topic and payload templates, QoS 1 with a persistent
 * session, and an outage of the broker under load after which everything arrives, in order. Against
 * Moquette (brought by Maven, a JVM of its own, so it runs everywhere) and Debian's Mosquitto where
 * installed, over TLS with a client certificate: stopped under load and started again, it keeps its
 * sessions on disk, as a platform's broker does.
 */
class MqttUplinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOGGERS = 3;
    private static final int POINTS = 10;

    @TempDir Path dir;
    private Gateway gateway;
    private TelemetryFleet fleet;
    private UpstreamMoquette moquette;

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
        if (gateway != null) gateway.close();
        if (moquette != null) moquette.close();
    }

    private static String uplink(String url, String extra) {
        return """
                uplinks:
                  - name: city
                    kind: mqtt
                    start: oldest
                    realtime: {mode: all, maxReadings: 200, linger: 200ms}
                    backfillAfter: 30s
                    retry: {initial: 100ms, max: 500ms}
                    templates: %s
                    mqtt:
                      url: %s
                      clientId: hazardgate-load-bridge
                      maxInflight: 8
                      topics:
                        realtime: "hazard/${enterprise.code}/realtime"
                        history: "hazard/${enterprise.code}/history"
                        alarm: "hazard/${enterprise.code}/alarm/${point.code}"
                %s""".formatted(Configs.configDir().resolve("examples/province/templates.yaml"), url, extra);
    }

    @Test
    void anUpstreamBrokerOutageUnderLoadDelaysTheBridgeAndEverythingArrivesInOrder() throws Exception {
        moquette = UpstreamMoquette.start(dir);
        Path gw = LoadSite.write(dir, LOGGERS, POINTS, LoadSite.embeddedStore("1GB"), uplink(moquette.url(), ""));
        gateway = Gateway.start(ConfigLoader.load(gw).withDataDir(dir.resolve("data")), Clock.systemUTC());
        fleet = TelemetryFleet.connect(gateway.mqttPort(), LOGGERS, POINTS, 20, System.currentTimeMillis());
        fleet.start(30, Long.MAX_VALUE); // 900 readings/s
        Await.until("values at the upstream broker", Duration.ofSeconds(30), () -> moquette.received().size() >= 3);

        moquette.stop();
        Thread.sleep(8000);
        Await.until("the bridge retries", Duration.ofSeconds(10), () -> status().state().equals("retrying"));
        long waiting = status().lagRecords();
        assertTrue(waiting > 0, "records wait in the log while the broker is away");
        moquette.restart();
        Thread.sleep(2000);
        fleet.stopPublishing();
        assertTrue(fleet.awaitAllAcked(Duration.ofSeconds(30)));
        long expected = fleet.ackedReadings();
        Await.until("every acknowledged reading upstream", Duration.ofSeconds(60), () -> distinctReadings() >= expected);
        Await.until("caught up", Duration.ofSeconds(10), () -> status().lagRecords() == 0);

        // Once each (by message id, as a platform stores them), in order per point and in log order.
        Set<String> ids = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> lastTs = new HashMap<>();
        int resent = 0;
        long total = 0;
        for (UpstreamMoquette.Published p : moquette.received()) {
            assertEquals("hazardgate-load-bridge", p.client());
            assertTrue(p.topic().equals("hazard/LOAD-E/realtime") || p.topic().equals("hazard/LOAD-E/history"), p.topic());
            JsonNode b = JSON.readTree(p.payload());
            if (!ids.add(b.path("sjid").asText())) {
                resent++;
                continue;
            }
            for (JsonNode r : b.path("sj")) {
                String code = r.path("zbbm").asText();
                long ts = r.path("cjsjhm").asLong();
                assertTrue(seen.add(code + "@" + ts), "reading " + code + "@" + ts + " in two messages");
                Long prev = lastTs.put(code, ts);
                assertTrue(prev == null || ts > prev, code + ": " + ts + " after " + prev);
                total++;
            }
        }
        assertEquals(expected, total);
        assertTrue(resent <= 8, "only messages in flight when the broker went away may come twice (maxInflight 8): " + resent);
        System.out.printf("mqtt bridge outage: %d readings, %d records waited during the outage, %d messages resent%n",
                total, waiting, resent);
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO)
    void bridgesToMosquittoOverTlsWithAClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path[] client = certs.client("hazardgate-bridge");
        try (UpstreamMosquitto mosquitto = UpstreamMosquitto.startTls(dir, certs)) {
            BlockingQueue<String[]> upstream = new LinkedBlockingQueue<>();
            MqttClient platform = platform(mosquitto, certs, upstream, o -> {});

            String tls = "      ca: " + certs.caCert + "\n      cert: " + client[0] + "\n      key: " + client[1] + "\n";
            Path gw = LoadSite.write(dir, 1, 2, LoadSite.embeddedStore("1GB"), uplink(mosquitto.url(), "").replace(
                    "      maxInflight: 8\n", "      maxInflight: 8\n" + tls));
            gateway = Gateway.start(ConfigLoader.load(gw).withDataDir(dir.resolve("data")), Clock.systemUTC());
            try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), LoadSite.device(0))) {
                dtu.publish(LoadSite.topic(0), "{\"readings\":[{\"tag\":\"" + LoadSite.tag(0, 0) + "\",\"value\":42.5}]}", 1);
                dtu.publish(LoadSite.topic(0), "{\"readings\":[{\"tag\":\"" + LoadSite.tag(0, 1) + "\",\"value\":95}]}", 1);
            }
            String[] values = upstream.poll(30, TimeUnit.SECONDS);
            assertTrue(values != null, "nothing reached the upstream broker");
            assertEquals("hazard/LOAD-E/realtime", values[0]);
            JsonNode v = JSON.readTree(values[1]);
            assertEquals("LOAD-E", v.path("qybm").asText());
            assertEquals(LoadSite.tag(0, 0), v.path("sj").get(0).path("zbbm").asText());
            assertEquals(42.5, v.path("sj").get(0).path("ssz").asDouble());
            // The second value crossed its threshold: the alarm goes on its own topic, named by the point's code.
            List<String[]> more = new java.util.ArrayList<>();
            Await.until("the alarm upstream", Duration.ofSeconds(30), () -> {
                upstream.drainTo(more);
                return more.stream().anyMatch(m -> m[0].equals("hazard/LOAD-E/alarm/" + LoadSite.tag(0, 1)));
            });
            platform.disconnect();
            platform.close();
        }
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO)
    void aMosquittoOutageUnderLoadDelaysTheBridgeAndEveryReadingArrivesOnceInOrder() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path[] client = certs.client("hazardgate-bridge");
        try (UpstreamMosquitto mosquitto = UpstreamMosquitto.startTls(dir, certs, true)) {
            // The platform's consumer: a persistent session with a QoS 1 subscription, so what the broker took
            // while the consumer was reconnecting waits for it there.
            List<String[]> upstream = new java.util.concurrent.CopyOnWriteArrayList<>();
            MqttClient platform = platform(mosquitto, certs, upstream, o -> {
                o.setCleanSession(false);
                o.setAutomaticReconnect(true);
                o.setMaxInflight(1000);
            });

            String tls = "      ca: " + certs.caCert + "\n      cert: " + client[0] + "\n      key: " + client[1] + "\n";
            Path gw = LoadSite.write(dir, LOGGERS, POINTS, LoadSite.embeddedStore("1GB"), uplink(mosquitto.url(), "").replace(
                    "      maxInflight: 8\n", "      maxInflight: 8\n" + tls));
            gateway = Gateway.start(ConfigLoader.load(gw).withDataDir(dir.resolve("data")), Clock.systemUTC());
            fleet = TelemetryFleet.connect(gateway.mqttPort(), LOGGERS, POINTS, 20, System.currentTimeMillis());
            fleet.start(30, Long.MAX_VALUE); // 900 readings/s
            Await.until("values at the platform", Duration.ofSeconds(30), () -> upstream.size() >= 3);

            mosquitto.stop();
            Await.until("the bridge retries", Duration.ofSeconds(10), () -> status().state().equals("retrying"));
            Thread.sleep(5000); // the broker stays away while the plant publishes
            long waiting = status().lagRecords();
            assertTrue(waiting > 0, "records wait in the log while the broker is away");
            mosquitto.restart();
            Thread.sleep(2000);
            fleet.stopPublishing();
            assertTrue(fleet.awaitAllAcked(Duration.ofSeconds(30)));
            long expected = fleet.ackedReadings();
            Await.until("every acknowledged reading at the platform", Duration.ofSeconds(60),
                    () -> distinct(upstream) >= expected);
            Await.until("caught up", Duration.ofSeconds(10), () -> status().lagRecords() == 0);

            Set<String> ids = new HashSet<>();
            Set<String> seen = new HashSet<>();
            Map<String, Long> lastTs = new HashMap<>();
            int resent = 0;
            long total = 0;
            for (String[] m : upstream) {
                assertTrue(m[0].equals("hazard/LOAD-E/realtime") || m[0].equals("hazard/LOAD-E/history"), m[0]);
                JsonNode b = JSON.readTree(m[1]);
                if (!ids.add(b.path("sjid").asText())) {
                    resent++;
                    continue;
                }
                for (JsonNode r : b.path("sj")) {
                    String code = r.path("zbbm").asText();
                    long ts = r.path("cjsjhm").asLong();
                    assertTrue(seen.add(code + "@" + ts), "reading " + code + "@" + ts + " in two messages");
                    Long prev = lastTs.put(code, ts);
                    assertTrue(prev == null || ts > prev, code + ": " + ts + " after " + prev);
                    total++;
                }
            }
            assertEquals(expected, total, "every acknowledged reading, once");
            assertEquals(LOGGERS * POINTS, lastTs.size());
            assertTrue(resent <= 16, "only messages in flight when the broker went away may come twice: " + resent);
            // The bridge keeps a persistent session under its client id: clean session off ("c0").
            assertTrue(mosquitto.log().stream().anyMatch(l -> l.contains(" as hazardgate-load-bridge ") && l.contains(" c0,")),
                    "the bridge's connection at the broker: " + mosquitto.log());
            platform.disconnect();
            platform.close();
            System.out.printf("mosquitto bridge outage: %d readings, %d records waited during the outage, %d messages resent%n",
                    total, waiting, resent);
        }
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO)
    void aBrokerRefusingTheBridgesLoginPausesItWithAClearErrorAndTheDataWaitsForTheRightPassword() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path[] client = certs.client("hazardgate-bridge");
        String right = "bridge-password-0123456789";
        String wrong = "an-old-password-9876543210";
        try (UpstreamMosquitto mosquitto = UpstreamMosquitto.startTls(dir, certs, false,
                Map.of("platform", "platform-password-0123", "hazardgate", right))) {
            List<String[]> upstream = new java.util.concurrent.CopyOnWriteArrayList<>();
            MqttClient platform = platform(mosquitto, certs, upstream, o -> {
                o.setUserName("platform");
                o.setPassword("platform-password-0123".toCharArray());
            });

            Path key = dir.resolve("city.key");
            Files.writeString(key, "username=hazardgate\npassword=" + wrong + "\n");
            String tls = "      ca: " + certs.caCert + "\n      cert: " + client[0] + "\n      key: " + client[1] + "\n";
            Path gw = LoadSite.write(dir, 1, 2, LoadSite.embeddedStore("1GB"), uplink(mosquitto.url(),
                    "    keyFile: city.key\n    pauseRetry: 300ms\n").replace("      maxInflight: 8\n", "      maxInflight: 8\n" + tls));
            gateway = Gateway.start(ConfigLoader.load(gw).withDataDir(dir.resolve("data")), Clock.systemUTC());
            long t0 = System.currentTimeMillis();
            try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), LoadSite.device(0))) {
                for (int i = 0; i < 3; i++) {
                    dtu.publish(LoadSite.topic(0), "{\"ts\":" + (t0 + i * 1000L) + ",\"readings\":[{\"tag\":\""
                            + LoadSite.tag(0, 0) + "\",\"value\":" + (40 + i) + "}]}", 1);
                }
            }
            Await.until("the bridge pauses", Duration.ofSeconds(20), () -> status().state().equals("paused"));
            UplinkStatus paused = status();
            assertTrue(paused.lastError().contains("cannot connect to the upstream broker " + mosquitto.url() + " as hazardgate-load-bridge"),
                    paused.lastError());
            assertTrue(paused.lastError().toLowerCase(java.util.Locale.ROOT).contains("not authori"), paused.lastError());
            assertFalse(paused.toString().contains(wrong), "no password in the status");
            assertTrue(paused.lagRecords() >= 3, "the readings wait in the log: " + paused);
            assertTrue(gateway.meters().scrape().contains("hazardgate_uplink_paused{uplink=\"city\"} 1.0"));
            assertTrue(upstream.isEmpty());

            // The platform's operator sends the right password; it goes into the key file and the gateway restarts.
            gateway.close();
            Files.writeString(key, "username=hazardgate\npassword=" + right + "\n");
            gateway = Gateway.start(ConfigLoader.load(gw).withDataDir(dir.resolve("data")), Clock.systemUTC());
            Await.until("every reading upstream", Duration.ofSeconds(30), () -> distinct(upstream) >= 3);
            List<Double> values = new java.util.ArrayList<>();
            for (String[] m : upstream) for (JsonNode r : JSON.readTree(m[1]).path("sj")) values.add(r.path("ssz").asDouble());
            assertEquals(List.of(40.0, 41.0, 42.0), values.subList(0, 3), "the waiting readings, in order");
            Await.until("the bridge is live", Duration.ofSeconds(10), () -> status().state().equals("live"));
            platform.disconnect();
            platform.close();
        }
    }

    private static long distinct(List<String[]> messages) throws Exception {
        Set<String> ids = new HashSet<>();
        long n = 0;
        for (String[] m : messages) {
            JsonNode b = JSON.readTree(m[1]);
            if (ids.add(b.path("sjid").asText())) n += b.path("sj").size();
        }
        return n;
    }

    private long distinctReadings() throws Exception {
        Set<String> ids = new HashSet<>();
        long n = 0;
        for (UpstreamMoquette.Published p : moquette.received()) {
            JsonNode b = JSON.readTree(p.payload());
            if (ids.add(b.path("sjid").asText())) n += b.path("sj").size();
        }
        return n;
    }

    private UplinkStatus status() {
        return gateway.uplinks().status().get(0);
    }

    /** The platform's own client at the upstream broker, subscribed to {@code hazard/#}: each message as topic and text. */
    private static MqttClient platform(UpstreamMosquitto mosquitto, TestCertificates certs, java.util.Collection<String[]> upstream,
                                       java.util.function.Consumer<MqttConnectOptions> options) throws Exception {
        MqttClient platform = new MqttClient(mosquitto.url(), "platform", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(certs.clientContext("platform").getSocketFactory());
        options.accept(o);
        platform.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}

            @Override public void messageArrived(String topic, MqttMessage m) {
                upstream.add(new String[] {topic, new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8)});
            }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        platform.connect(o);
        platform.subscribe("hazard/#", 1);
        return platform;
    }
}
