package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.alarm.RealtimePriority;
import io.hazardgate.config.AlarmSettings;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.RealtimeScheduling;
import io.hazardgate.testing.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alarms.realtimePriority} (off by default; 10 here) puts the alarm shards and the alarm bus at that
 * SCHED_FIFO priority, read back from the kernel in {@code /proc}, and alarms flow through them. Whether
 * the kernel allows it is read independently of the gateway: CAP_SYS_NICE in the effective set, or an
 * RTPRIO limit of at least 10. Where it does not, the gateway reports the refusal, and its threads stay
 * at normal priority and still deliver.
 */
class RealtimeAlarmThreadsTest {
    @TempDir Path data;

    @Test
    void theAlarmShardsAndBusRunAtTheConfiguredPriorityAndDeliver() throws Exception {
        try (Gateway gw = Gateway.start(TestGateway.config(data).withAlarms(
                new AlarmSettings(AlarmSettings.DEFAULT_SNAPSHOT_INTERVAL, 10)), Clock.systemUTC())) {
            RealtimePriority rt = gw.alarms().realtimePriority();
            int threads = gw.alarms().engine().index().shardCount() + 1;
            try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/demo/TF1/GT-101", 1);
                 Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
                assertTrue(room.next("alarm/demo/TF1/GT-101").payload().contains("\"raised\""), "the alarm came through");
            }
            // the raised event passed both the shard and the bus: each thread has set itself up by now
            if (RealtimeScheduling.allowed(10)) {
                Await.until("the alarm threads raised", Duration.ofSeconds(10), () -> rt.raised() == threads);
                List<String> seen = new ArrayList<>();
                for (int tid : rt.raisedThreadIds()) {
                    String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
                    int[] policy = policy(stat);
                    assertEquals(1, policy[0], "SCHED_FIFO for " + stat);
                    assertEquals(10, policy[1], "priority of " + stat);
                    seen.add(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+$", "N"));
                }
                assertEquals(List.of("alarm-bus", "alarm-shard-N"), seen.stream().distinct().sorted().toList());
                assertEquals((double) threads, gw.meters().get("hazardgate.alarm.realtime.threads").gauge().value());
                // threads they start (pools started lazily, on first use) do not inherit the priority
                try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                    for (Path t : tasks.toList()) {
                        String stat;
                        try {
                            stat = Files.readString(t.resolve("stat"));
                        } catch (IOException ended) {
                            continue;
                        }
                        if (policy(stat)[0] != 0) {
                            assertTrue(stat.contains("(alarm-bus)") || stat.strip().matches("\\d+ \\(alarm-shard-\\d+\\).*"),
                                    "only the alarm threads run at real-time priority: " + stat);
                        }
                    }
                }
            } else {
                assertNotNull(rt.refusal(), "a refusal is reported");
                assertEquals(0, rt.raised());
                assertEquals(0.0, gw.meters().get("hazardgate.alarm.realtime.threads").gauge().value());
            }
        }
    }

    @Test
    void byDefaultTheThreadsRunAtNormalPriority() throws Exception {
        Map<Integer, int[]> before = alarmThreadPolicies();
        try (Gateway gw = Gateway.start(TestGateway.config(data), Clock.systemUTC())) {
            try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/demo/TF1/GT-101", 1);
                 Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
                room.next("alarm/demo/TF1/GT-101");
            }
            assertEquals(0, gw.alarms().realtimePriority().raised());
            assertEquals(null, gw.alarms().realtimePriority().refusal());
            Map<Integer, int[]> ours = alarmThreadPolicies();
            ours.keySet().removeAll(before.keySet());
            // this gateway's shards and bus (and its warm-up's scratch bus, when it is still there)
            assertTrue(ours.size() >= gw.alarms().engine().index().shardCount() + 1, "this gateway's alarm threads: " + ours.size());
            for (int[] p : ours.values()) assertArrayEquals(new int[] {0, 0}, p, "SCHED_OTHER");
        }
    }

    /** Policy (field 41) and real-time priority (field 40) of a /proc stat line. */
    static int[] policy(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new int[] {Integer.parseInt(f[38]), Integer.parseInt(f[37])};
    }

    /** Policies of this JVM's threads named as the alarm engine's (every gateway's in it), by thread id. */
    static Map<Integer, int[]> alarmThreadPolicies() throws IOException {
        Map<Integer, int[]> out = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (comm.equals("alarm-bus") || comm.startsWith("alarm-shard-")) {
                        out.put(Integer.parseInt(t.getFileName().toString()), policy(Files.readString(t.resolve("stat"))));
                    }
                } catch (IOException ended) {
                    // the thread ended while listed
                }
            }
        }
        return out;
    }
}
