package io.hazardgate.datadir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hazardgate backup} of a running gateway (a real process with the shipped config), then
 * {@code hazardgate restore} into a fresh data directory and config directory, and a gateway started
 * there: it has every reading and alarm from before the backup, with the acknowledgement, and nothing
 * from after it.
 */
class BackupRestoreTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString("duty:hazardgate-demo".getBytes(StandardCharsets.UTF_8));

    @TempDir Path tmp;

    @Test
    void aBackupOfARunningGatewayRestoresEveryRecordAndAcknowledgementFromBeforeIt() throws Exception {
        Path data = tmp.resolve("data");
        Path backup = tmp.resolve("backup");
        long before = 40;
        String gasAlarm;
        long gasTs;
        try (GatewayProcess gw = GatewayProcess.start(Configs.configDir().resolve("gateway.yaml"), data);
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/demo/TF1/#", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
            // a control room with a persistent session, away while the alarm is raised and acknowledged
            Mqtt.connectPersistent(gw.mqttPort(), "night-shift").subscribe("alarm/demo/TF1/#", 1).close();
            long t0 = System.currentTimeMillis() - 3_600_000;
            for (int i = 0; i < before - 1; i++) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":" + (20 + i % 5)
                        + ",\"ts\":" + (t0 + i * 1000L) + "}]}", 1);
            }
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            JsonNode raised = JSON.readTree(room.next("alarm/demo/TF1/GT-101").payload());
            gasAlarm = raised.get("id").asText();
            gasTs = raised.get("eventTs").asLong();
            var ack = Http.post("http://127.0.0.1:" + gw.httpPort() + "/api/alarms/" + gasAlarm + "/ack",
                    "{\"comment\":\"leak isolated\"}", OPERATOR);
            assertEquals(200, ack.statusCode(), ack.body());
            assertEquals("acknowledged", JSON.readTree(room.next("alarm/demo/TF1/GT-101").payload()).get("state").asText());

            // the OPC UA client's identity (as the gateway keeps it) and a trusted server certificate
            Path own = Files.createDirectories(data.resolve("opcua/own"));
            Files.writeString(own.resolve("hazardgate.key"), "key");
            Files.setPosixFilePermissions(own.resolve("hazardgate.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.writeString(Files.createDirectories(data.resolve("opcua/trusted")).resolve("dcs.der"), "certificate");

            String out = run(0, "backup", backup.toString(), "--config", Configs.configDir().resolve("gateway.yaml").toString(),
                    "--data-dir", data.toString());
            assertTrue(out.contains("gateway pid " + gw.pid() + " running"), out);
            assertTrue(out.contains("copied in checkpoint mode"), out);
            assertTrue(out.contains("segments of the MQTT session store"), out);

            // after the backup: none of this may come back
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":19}]}", 1);
            assertEquals("raised", JSON.readTree(room.next("alarm/demo/TF1/LT-101").payload()).get("state").asText());
            assertEquals(before + 1, Http.awaitCount(gw.storePort(), gw.storeCredentials(), "select count() from reading", before + 1));
        }
        String manifest = Files.readString(backup.resolve(BackupManifest.NAME));
        assertTrue(manifest.contains("gatewayRunning=true") && manifest.contains("questDbCheckpoint=true"), manifest);

        Path restored = tmp.resolve("restored");
        Path configDir = tmp.resolve("etc");
        run(0, "restore", backup.toString(), "--data-dir", restored.toString(), "--config-dir", configDir.toString());
        assertTrue(Files.exists(restored.resolve("questdb").resolve(Restore.QUESTDB_RESTORE_TRIGGER)));
        assertTrue(Files.isRegularFile(configDir.resolve("demo-plant.yaml")), "the site files come back with gateway.yaml");
        assertEquals("certificate", Files.readString(restored.resolve("opcua/trusted/dcs.der")), "the trusted OPC UA servers come back");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(restored.resolve("opcua/own/hazardgate.key"))), "the OPC UA key stays its owner's");

        try (GatewayProcess gw = GatewayProcess.start(configDir.resolve("gateway.yaml"), restored)) {
            Await.until("the restored log shipped", Duration.ofSeconds(60),
                    () -> Http.metric(gw.httpPort(), "hazardgate_store_lag_records") == 0
                            && Http.count(gw.storePort(), gw.storeCredentials(), "select count() from reading") >= 0);
            assertEquals(before, Http.awaitCount(gw.storePort(), gw.storeCredentials(), "select count() from reading", before),
                    "every reading from before the backup, none from after");
            assertEquals(0, Http.count(gw.storePort(), gw.storeCredentials(), "select count() from reading where tag = 'LT-101'"));
            assertTrue(Http.count(gw.storePort(), gw.storeCredentials(), "select count() from alarm_event where id = '" + gasAlarm + "'") >= 2,
                    "raised and acknowledged are stored");

            JsonNode active = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/alarms?site=demo").body());
            JsonNode gas = null;
            for (JsonNode a : active) {
                assertFalse(a.get("tag").asText().equals("LT-101"), "the alarm raised after the backup is not restored");
                if (a.get("id").asText().equals(gasAlarm)) gas = a;
            }
            assertTrue(gas != null, "the latched gas alarm is active after the restore: " + active);
            assertEquals("duty", gas.get("ackBy").asText());
            assertEquals("leak isolated", gas.get("ackComment").asText());

            // The regulators' statistics come back with the log's cursors: the red gas alarm counted once.
            Await.until("the statistics caught up", Duration.ofSeconds(30),
                    () -> Http.metric(gw.httpPort(), "hazardgate_statistics_lag_records") == 0);
            String day = java.time.Instant.ofEpochMilli(gasTs).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
            JsonNode figures = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/statistics?day=" + day).body()).get(0);
            assertEquals(1, figures.path("total").path("alarms").path("red").asInt(), figures.toString());
            try (Mqtt.Client night = Mqtt.connectPersistent(gw.mqttPort(), "night-shift");
                 Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                assertTrue(night.sessionPresent, "the persistent session is in the backup");
                assertEquals("raised", JSON.readTree(night.next("alarm/").payload()).get("state").asText());
                assertEquals("acknowledged", JSON.readTree(night.next("alarm/").payload()).get("state").asText());
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":1}]}", 1);
                assertEquals("LSHH-101", JSON.readTree(night.next("alarm/").payload()).get("tag").asText(),
                        "next comes what is raised now: the tank alarm raised after the backup is not queued");
            }
        }
    }

    @Test
    void restoreRefusesANonEmptyDataDirectoryAndADamagedBackup() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("alarm"));
        Files.writeString(data.resolve("alarm").resolve("alarms.journal"), "");
        Path backup = tmp.resolve("backup");
        run(0, "backup", backup.toString(), "--config", Configs.configDir().resolve("gateway.yaml").toString(),
                "--data-dir", data.toString());
        String notEmpty = run(1, "backup", backup.toString(), "--config", Configs.configDir().resolve("gateway.yaml").toString(),
                "--data-dir", data.toString());
        assertTrue(notEmpty.contains("is not an empty directory"), notEmpty);

        String refused = run(1, "restore", backup.toString(), "--data-dir", data.toString());
        assertTrue(refused.contains("is not empty"), refused);

        Files.writeString(backup.resolve("config").resolve("gateway.yaml"), "# changed after the backup\n");
        String damaged = run(1, "restore", backup.toString(), "--data-dir", tmp.resolve("fresh").toString());
        assertTrue(damaged.contains("is damaged: config/gateway.yaml has"), damaged);
        assertFalse(Files.exists(tmp.resolve("fresh")), "nothing is copied from a damaged backup");
    }

    @Test
    void aDataDirectoryOfANewerFormatIsRefusedAtStartAndByBackup() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(DataDirectory.MARKER), "format=" + (DataFormat.DATA_DIR + 1) + "\nrelease=9.9.9\n");
        String backup = run(1, "backup", tmp.resolve("b").toString(), "--config", Configs.configDir().resolve("gateway.yaml").toString(),
                "--data-dir", data.toString());
        assertTrue(backup.contains("written by HazardGate 9.9.9"), backup);
        var started = io.hazardgate.testing.CommandLine.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.hazardgate.Main", "run",
                "--config", Configs.configDir().resolve("gateway.yaml").toString(), "--data-dir", data.toString(),
                "--mqtt-port", "0", "--http-port", "0", "--store-port", "0");
        assertEquals(1, started.exitCode(), started.output());
        assertTrue(started.output().contains(DataDirectory.MARKER + ": the data directory has format " + (DataFormat.DATA_DIR + 1)),
                started.output());
        assertFalse(Files.exists(data.resolve("log")), "nothing was opened in it");
    }

    /** Runs a command of {@code Main} in this JVM; asserts its exit code and returns what it printed. */
    static String run(int expectedExit, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = io.hazardgate.MainAccess.run(args, ps, ps);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, out);
        return out;
    }
}
