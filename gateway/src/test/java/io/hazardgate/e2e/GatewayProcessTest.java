package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Await;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's acceptance, as a user runs it: the gateway as its own process with the shipped config, a
 * subscriber watching {@code alarm/#} and the tank farm's logger publishing three readings. Paho plays
 * both everywhere; where Debian's mosquitto clients are installed, the README's own mosquitto_sub and
 * mosquitto_pub commands play them too.
 */
class GatewayProcessTest {
    private static final String[] READINGS = {"{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}",
            "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":1}]}", "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":0}]}"};

    @TempDir Path data;

    @Test
    void pahoClientsSeeTheAlarmsAndQuestDbCountsWhatWasPublished() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(Configs.configDir().resolve("gateway.yaml"), data);
             Mqtt.Client sub = Mqtt.connect(gw.mqttPort(), "control-room").subscribe("alarm/#", 1);
             Mqtt.Client logger = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
            for (String reading : READINGS) logger.publish("plant/demo/dtu-tf1/telemetry", reading, 1);
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Mqtt.Received r = sub.next("alarm/");
                events.add(r.topic() + " " + r.payload());
            }
            assertAlarmsAndStore(gw, events);
        }
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO_CLIENTS)
    void mosquittoClientsSeeTheAlarmsAndQuestDbCountsWhatWasPublished() throws Exception {
        String pubCmd = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_pub").toString();
        String subCmd = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_sub").toString();
        try (GatewayProcess gw = GatewayProcess.start(Configs.configDir().resolve("gateway.yaml"), data)) {
            String port = Integer.toString(gw.mqttPort());
            Path received = data.resolve("sub.txt");
            Process sub = new ProcessBuilder(subCmd, "-h", "127.0.0.1", "-p", port, "-t", "alarm/#",
                    "-t", "test/probe", "-v", "-q", "1").redirectErrorStream(true).redirectOutput(received.toFile()).start();
            List<String> events;
            try {
                // the subscription is in place once a probe comes back through it
                awaitLines(received, "test/probe", 1, () -> CommandLine.run(pubCmd, "-h", "127.0.0.1", "-p", port,
                        "-t", "test/probe", "-m", "ping"));
                for (String value : READINGS) {
                    var r = CommandLine.run(pubCmd, "-h", "127.0.0.1", "-p", port, "-q", "1",
                            "-t", "plant/demo/dtu-tf1/telemetry", "-m", value);
                    assertEquals(0, r.exitCode(), r.output());
                }
                events = awaitLines(received, "alarm/", 3, () -> null);
            } finally {
                sub.destroy();
            }
            assertAlarmsAndStore(gw, events);
        }
    }

    /** The three events as {@code topic payload} lines: GT-101 raised red, the tank's HH switch tripped, then reset. */
    private static void assertAlarmsAndStore(GatewayProcess gw, List<String> events) throws Exception {
        assertEquals(3, events.size(), String.join("\n", events));
        assertTrue(events.get(0).startsWith("alarm/demo/TF1/GT-101 {"), events.get(0));
        assertTrue(events.get(0).contains("\"state\":\"raised\"") && events.get(0).contains("\"colour\":\"red\""), events.get(0));
        assertTrue(events.get(1).startsWith("alarm/demo/TF1/LSHH-101 ") && events.get(1).contains("\"limitName\":\"HH\""), events.get(1));
        assertTrue(events.get(2).contains("\"state\":\"cleared\""), events.get(2));

        assertEquals(3, Http.awaitCount(gw.storePort(), gw.storeCredentials(), "select count() from reading", 3));
        assertEquals(200, Http.get("http://127.0.0.1:" + gw.httpPort() + "/health").statusCode());
    }

    @Test
    void anInvalidConfigFailsStartupNamingFileFieldAndReason() throws Exception {
        Path cfg = data.resolve("gateway.yaml");
        Files.writeString(cfg, "mqtt: {port: seventeen}\n");
        var r = CommandLine.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.hazardgate.Main", "run", "--config", cfg.toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("invalid config: " + cfg + ": mqtt.port: must be an integer, got 'seventeen'"), r.output());
    }

    /** Polls the subscriber's output until {@code n} lines start with {@code prefix}, poking with {@code action} meanwhile. */
    private static List<String> awaitLines(Path file, String prefix, int n, Callable<?> action) throws Exception {
        List<List<String>> lines = new ArrayList<>(List.of(List.of()));
        try {
            Await.until(n + " lines starting with " + prefix, Duration.ofSeconds(60), () -> {
                action.call();
                lines.set(0, Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix)).toList());
                return lines.get(0).size() >= n;
            });
        } catch (AssertionError timedOut) {
            // the caller's assertion shows the lines there were
        }
        return lines.get(0);
    }
}
