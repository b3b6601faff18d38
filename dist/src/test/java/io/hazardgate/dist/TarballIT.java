package io.hazardgate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as an operator uses it: unpacked into an empty directory, {@code bin/hazardgate}
 * started with nothing but a Java runtime (JSON log lines, ports 0), a real MQTT client raising an alarm,
 * {@code bin/hazardgate backup} of the running gateway, and a stop by its PID.
 */
class TarballIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern PORT = Pattern.compile("^\\s+(mqtt|http|store)\\s+\\S+?:(\\d+)\\b.*");

    @TempDir Path tmp;

    @Test
    void theUnpackedTarballRunsTheGatewayWithoutMaven() throws Exception {
        Path home = unpack();
        assertTrue(Files.isExecutable(home.resolve("bin/hazardgate")));
        assertTrue(Files.isRegularFile(home.resolve("config/gateway.yaml")));
        assertTrue(Files.isRegularFile(home.resolve("docs/operations.md")));
        try (var jars = Files.list(home.resolve("lib"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("hazardgate-gateway-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("hazardgate-simulator-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("questdb-")), names.toString());
        }

        Result version = run(home, Map.of(), "version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().startsWith("HazardGate " + System.getProperty("hazardgate.dist.name").substring("hazardgate-".length())),
                version.output());

        Path data = tmp.resolve("data");
        ProcessBuilder pb = launcher(home, Map.of("HAZARDGATE_LOG_FORMAT", "json"), "run", "--mqtt-port", "0", "--http-port", "0",
                "--store-port", "0", "--data-dir", data.toString());
        pb.redirectErrorStream(false).redirectError(tmp.resolve("stderr.txt").toFile());
        Process gateway = pb.start();
        List<String> lines = new ArrayList<>();
        int[] ports = new int[3];
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (!line.startsWith("{")) continue;
                    String message = JSON.readTree(line).path("message").asText();
                    if (!message.startsWith("HazardGate started")) continue;
                    for (String l : message.split("\n")) {
                        Matcher m = PORT.matcher(l);
                        if (m.matches()) ports[List.of("mqtt", "http", "store").indexOf(m.group(1))] = Integer.parseInt(m.group(2));
                    }
                    started.complete(true);
                }
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
            started.complete(false);
        }, "tarball-gateway-output");
        reader.setDaemon(true);
        reader.start();
        try {
            assertTrue(started.get(120, TimeUnit.SECONDS), "the gateway did not start: " + lines + Files.readString(tmp.resolve("stderr.txt")));
            assertTrue(ports[0] > 0 && ports[1] > 0 && ports[2] > 0, lines.toString());

            BlockingQueue<String> alarms = new LinkedBlockingQueue<>();
            MqttClient room = new MqttClient("tcp://127.0.0.1:" + ports[0], "room", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            room.connect(o);
            room.subscribe("alarm/demo/TF1/GT-101", 1, (topic, m) -> alarms.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            MqttClient dtu = new MqttClient("tcp://127.0.0.1:" + ports[0], "dtu-tf1", new MemoryPersistence());
            dtu.connect(o);
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}".getBytes(StandardCharsets.UTF_8), 1, false);
            String raised = alarms.poll(20, TimeUnit.SECONDS);
            assertTrue(raised != null && raised.contains("\"state\":\"raised\"") && raised.contains("\"colour\":\"red\""), String.valueOf(raised));
            dtu.disconnect();
            room.disconnect();
            dtu.close();
            room.close();

            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1] + "/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());

            Result backup = run(home, Map.of(), "backup", tmp.resolve("backup").toString(), "--data-dir", data.toString());
            assertEquals(0, backup.exit(), backup.output());
            assertTrue(backup.output().contains("(gateway pid " + gateway.pid() + " running)"), backup.output());
            assertTrue(Files.isRegularFile(tmp.resolve("backup").resolve("MANIFEST.properties")));
        } finally {
            // SIGTERM to the gateway's own PID: the launcher exec'd java, so this is the JVM
            gateway.toHandle().destroy();
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.join(5_000);
        }
        assertTrue(gateway.exitValue() == 143 || gateway.exitValue() == 0, "exit " + gateway.exitValue());
        List<String> all;
        synchronized (lines) {
            all = List.copyOf(lines);
        }
        assertTrue(all.stream().anyMatch(l -> l.contains("Embedded QuestDB stopped")), "a clean stop: " + all);
        for (String l : all) {
            // QuestDB prints one line of its own to standard output when it stops
            if (l.equals("QuestDB is shutting down...")) continue;
            JsonNode n = JSON.readTree(l);
            assertTrue(n.has("level") && n.has("loggerName") && n.has("message"), l);
        }
    }

    private Path unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("hazardgate.tarball"));
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", tmp.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        return tmp.resolve(System.getProperty("hazardgate.dist.name"));
    }

    static ProcessBuilder launcher(Path home, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/hazardgate").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("HAZARDGATE_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC");
        pb.environment().putAll(env);
        return pb;
    }

    record Result(int exit, String output) {}

    static Result run(Path home, Map<String, String> env, String... args) throws Exception {
        Process p = launcher(home, env, args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + List.of(args));
        return new Result(p.exitValue(), out);
    }
}
