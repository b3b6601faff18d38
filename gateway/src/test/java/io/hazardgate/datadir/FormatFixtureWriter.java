package io.hazardgate.datadir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.store.questdb.StoreCredentials;
import io.hazardgate.Gateway;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.alarm.state.LatestReading;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the data directory fixture that {@link FormatUpgradeTest} starts today's gateway on: run it once
 * per release whose formats must stay readable, with that release's code, and commit its output.
 * <pre>
 * mvn -q -B -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test.cp) \
 *     io.hazardgate.datadir.FormatFixtureWriter gateway/src/test/resources/upgrade/format-1
 * </pre>
 * It runs the real gateway on {@code config/} (a small site of its own), publishes readings and raises,
 * acknowledges and clears alarms over MQTT, lets the store take everything, stops the gateway cleanly,
 * and writes {@code data/} (the data directory, without logs, locks and QuestDB's web console and samples) and {@code expected.json} (every
 * reading row and alarm as the store and the API had them).
 */
public final class FormatFixtureWriter {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path config = out.resolve("config").resolve("gateway.yaml");
        Path data = Files.createTempDirectory("hazardgate-fixture");
        ObjectNode expected = JSON.createObjectNode();
        try (Gateway gw = Gateway.start(ConfigLoader.load(config).withMqttPort(0).withHttpPort(0).withStorePort(0).withDataDir(data),
                Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "fixture-room").subscribe("alarm/#", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "fixture-dtu")) {
            String telemetry = "plant/fixture/dtu-1/telemetry";
            long t0 = System.currentTimeMillis() - 60_000;
            for (int i = 0; i < 30; i++) {
                dtu.publish(telemetry, "{\"readings\":[{\"tag\":\"TT-101\",\"value\":" + (20 + i * 0.5) + ",\"ts\":" + (t0 + i * 1000L)
                        + "},{\"tag\":\"LT-101\",\"value\":" + (8 + i * 0.1) + ",\"ts\":" + (t0 + i * 1000L) + "}]}", 1);
            }
            dtu.publish(telemetry, "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            String gas = JSON.readTree(room.next("alarm/fixture/TF1/GT-101").payload()).get("id").asText();
            AckResult ack = gw.alarms().acknowledge(gas, "duty", "fixture: leak isolated").get(10, TimeUnit.SECONDS);
            if (ack.outcome() != AckResult.Outcome.ACKNOWLEDGED) throw new IllegalStateException(ack.toString());
            room.next("alarm/fixture/TF1/GT-101"); // acknowledged
            dtu.publish(telemetry, "{\"readings\":[{\"tag\":\"LT-101\",\"value\":19}]}", 1);
            room.next("alarm/fixture/TF1/LT-101");
            dtu.publish(telemetry, "{\"readings\":[{\"tag\":\"PT-101\",\"value\":2.6}]}", 1);
            room.next("alarm/fixture/TF1/PT-101");
            dtu.publish(telemetry, "{\"readings\":[{\"tag\":\"PT-101\",\"value\":1.0}]}", 1);
            room.next("alarm/fixture/TF1/PT-101");

            long readings = 30 * 2 + 3;
            Http.awaitCount(gw.storePort(), gw.storeCredentials(), "select count() from reading", readings);
            Thread.sleep(1000); // any further transition (there should be none) reaches the room
            long events = 5 + room.received.stream().filter(m -> m.topic().startsWith("alarm/")).count();
            Await.until("the store has every record", Duration.ofSeconds(60), () -> gw.store().lagRecords() == 0
                    && Http.count(gw.storePort(), gw.storeCredentials(), "select count() from alarm_event") == events);
            expected.set("readings", rows(gw.storePort(), gw.storeCredentials(), "select tag, cast(timestamp as long) ts, value from reading order by tag, ts"));
            expected.set("alarmEvents", rows(gw.storePort(), gw.storeCredentials(), "select id, seq, state from alarm_event order by id, seq"));
            ArrayNode active = expected.putArray("activeAlarms");
            for (AlarmEvent e : gw.alarms().activeAlarms()) {
                ObjectNode a = active.addObject().put("id", e.id()).put("tag", e.tag()).put("rule", e.rule())
                        .put("limitName", e.limitName()).put("level", e.level()).put("seq", e.seq()).put("raisedTs", e.raisedTs());
                if (e.ack() != null) a.put("ackBy", e.ack().by()).put("ackComment", e.ack().comment()).put("ackTs", e.ack().ts());
            }
            ObjectNode latest = expected.putObject("latest");
            for (String tag : List.of("TT-101", "LT-101", "GT-101", "PT-101")) {
                LatestReading l = gw.alarms().sensor("fixture", tag).orElseThrow().latest();
                latest.putObject(tag).put("value", l.value()).put("ts", l.ts());
            }
            expected.put("writtenBy", DataFormat.release()).put("dataDirFormat", DataFormat.DATA_DIR);
        }
        Path target = out.resolve("data");
        deleteTree(target);
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path rel = data.relativize(p);
                String r = rel.toString();
                if (r.startsWith("questdb/log/") || r.startsWith("questdb/public/") || r.startsWith("questdb/import/") || r.endsWith(".lock") || r.equals(RunFile.NAME)
                        || r.equals(StoreCredentials.FILE_NAME)) continue; // a secret each gateway generates for itself
                Files.createDirectories(target.resolve(r).getParent());
                Files.copy(p, target.resolve(r));
            }
        }
        deleteTree(data);
        Files.writeString(out.resolve("expected.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n",
                StandardCharsets.UTF_8);
        System.out.println("fixture written to " + out);
    }

    static ArrayNode rows(int port, String credentials, String sql) throws Exception {
        JsonNode r = JSON.readTree(Http.sql(port, credentials, sql));
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode row : r.get("dataset")) out.add(row);
        return out;
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
