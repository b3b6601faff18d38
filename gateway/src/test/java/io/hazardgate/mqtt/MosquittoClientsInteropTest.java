package io.hazardgate.mqtt;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's mosquitto_pub and mosquitto_sub, MQTT 3.1.1 and 5, against the server. */
@Needs(ExternalProgram.MOSQUITTO_CLIENTS)
class MosquittoClientsInteropTest {
    private static final String PUB = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_pub").toString();
    private static final String SUB = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_sub").toString();

    private MqttServer server;
    private SimpleMeterRegistry registry;
    private int port;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> ingested = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        registry = new SimpleMeterRegistry();
        server = new MqttServer(MqttServerConfig.defaults(), registry);
        server.inboundPublishHandler((client, topic, payload, qos, ack) -> {
            ingested.add(client.clientId() + " " + topic + " " + payload.toString(StandardCharsets.UTF_8) + " qos" + qos);
            return false;
        });
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroy);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoSubReceivesAlarmPublishedByTheGateway(String version) throws Exception {
        Process sub = run(SUB, "-V", version, "-t", "alarm/#", "-q", "1", "-v", "-C", "1", "-W", "10");
        Await.until("mosquitto_sub subscribed", () ->
                TestServers.gauge(registry, "hazardgate.mqtt.subscriptions") >= 1);
        String event = "{\"tag\":\"GT-101\",\"state\":\"raised\",\"colour\":\"red\"}";
        server.publisher().publish("alarm/demo/TF1/GT-101", event.getBytes(StandardCharsets.UTF_8), 1, false);
        assertEquals("alarm/demo/TF1/GT-101 " + event, finish(sub));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoPubReachesIngestAndAPahoFreeSubscriber(String version) throws Exception {
        Process sub = run(SUB, "-V", version, "-t", "plant/+/+/telemetry", "-v", "-C", "1", "-W", "10");
        Await.until("mosquitto_sub subscribed", () ->
                TestServers.gauge(registry, "hazardgate.mqtt.subscriptions") >= 1);
        String reading = "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}";
        Process pub = run(PUB, "-V", version, "-i", "dtu-tf1", "-q", "1",
                "-t", "plant/demo/dtu-tf1/telemetry", "-m", reading);
        assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, pub.exitValue(), "mosquitto_pub got its PUBACK");
        assertEquals(List.of("dtu-tf1 plant/demo/dtu-tf1/telemetry " + reading + " qos1"), ingested);
        assertEquals("plant/demo/dtu-tf1/telemetry " + reading, finish(sub));
    }

    @Test
    void mosquittoSubGetsRetainedStateAndFlagsIt() throws Exception {
        server.publisher().publish("risk/demo/TF1", "red".getBytes(StandardCharsets.UTF_8), 1, true);
        // --retained-only: print only messages with RETAIN set, i.e. sent because of the subscription
        Process sub = run(SUB, "-V", "mqttv5", "-t", "risk/#", "-v", "-C", "1", "-W", "10", "--retained-only");
        assertEquals("risk/demo/TF1 red", finish(sub));
    }

    private Process run(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static String finish(Process p) throws Exception {
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "client exited");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), "exit code, output: " + out);
        return out;
    }
}
