package io.hazardgate.mqtt.persist;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.mqtt.TestServers;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.store.StateLog;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures, by hand (never in a unit test), what persistent sessions cost a start: N control-room
 * sessions (MQTT 3.1.1, clean session 0, {@code alarm/#} at QoS 1), each with M alarm events queued while
 * it was away, plus retained alarm-state messages, written through the real server over real sockets
 * into the session store on disk; then the server is started again on that directory three times, and
 * each start is timed step by step (reading the log, putting the sessions back and writing the fresh
 * snapshot, binding) with the heap the restored sessions retain after a full GC. One returning client
 * checks that what was measured is the real thing: session present and its M events.
 * <p>
 * Run: {@code mvn -q -B -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}
 * then {@code java -Xmx1g -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/cp.txt)
 * io.hazardgate.mqtt.persist.SessionRestartBenchmark [sessions] [queuedPerSession] [keepDir]}; with {@code keepDir}
 * the store is written there and kept, to be a gateway's {@code dataDir/sessions} for timing a whole start.
 */
public final class SessionRestartBenchmark {
    private static final int RETAINED = 200;
    private static final int CONNECTORS = 16;
    private static final String EVENT = "{\"site\":\"demo\",\"source\":\"TF1\",\"tag\":\"GT-%d\",\"kind\":\"threshold\","
            + "\"level\":2,\"colour\":\"red\",\"state\":\"raised\",\"value\":62.5,\"unit\":\"%%LEL\",\"limit\":50.0,"
            + "\"ts\":\"2026-12-05T06:00:00Z\",\"id\":\"demo/TF1/GT-%d/%d\"}";

    private SessionRestartBenchmark() {}

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int queued = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean keep = args.length > 2;
        Path dir = keep ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("session-restart-bench");
        TestClock wall = new TestClock(System.currentTimeMillis()); // now: a gateway started on the kept store finds them unexpired
        try {
            fill(dir, wall, sessions, queued);
            System.out.printf("store on disk: %.1f MB in %d segments%n", size(dir) / 1e6, segments(dir));
            for (int run = 1; run <= 3; run++) {
                start(dir, wall, sessions, queued, run == 3);
            }
            System.out.printf("store on disk after the starts: %.1f MB%n", size(dir) / 1e6);
        } finally {
            if (keep) return;
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void fill(Path dir, TestClock wall, int sessions, int queued) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StateLog log = StateLog.open(dir, FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), "bench.sessions.log", registry, wall);
        SessionStore store = SessionStore.open(new PersistentBroker.OnStateLog(log), wall);
        MqttServer server = new MqttServer(MqttServerConfig.defaults(), registry, System::nanoTime, store);
        server.restoreSessions();
        int port = server.start(List.of(MqttListener.tcp("127.0.0.1", 0, true))).get(0).port();
        try {
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTORS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CONNECTORS; c++) {
                int first = c;
                done.add(pool.submit(() -> {
                    for (int i = first; i < sessions; i += CONNECTORS) {
                        RawClient room = RawClient.connect(port, clientId(i), false);
                        room.subscribe("alarm/#", 1);
                        room.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            pool.shutdown();
            long t1 = System.nanoTime();
            io.hazardgate.testing.Await.until("every room offline",
                    () -> registry.find("hazardgate.mqtt.connections").gauge().value() == 0);
            try (RawMqttClient publisher = new RawMqttClient(port)) {
                publisher.send(RawMqttClient.connect311("alarm-engine", 60, true));
                publisher.read(TestServers.WAIT);
                int id = 1;
                for (int e = 0; e < queued; e++) {
                    String payload = String.format(EVENT, e, e, e);
                    publisher.send(RawMqttClient.publish("alarm/demo/TF1/GT-" + e, 1, id++, payload.getBytes(StandardCharsets.UTF_8)));
                    publisher.read(TestServers.WAIT); // PUBACK: queued in every session, on disk
                }
                for (int r = 0; r < RETAINED; r++) {
                    byte[] p = RawMqttClient.publish("alarm-state/demo/TF1/GT-" + r, 1, id++,
                            ("{\"tag\":\"GT-" + r + "\",\"state\":\"normal\",\"colour\":\"none\"}").getBytes(StandardCharsets.UTF_8));
                    p[0] |= 0x01; // RETAIN
                    publisher.send(p);
                    publisher.read(TestServers.WAIT);
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("%d persistent sessions created over loopback in %.1f s (%d connecting at once); %d events"
                            + " queued in each and %d retained messages in %.1f s%n",
                    sessions, (t1 - t0) / 1e9, CONNECTORS, queued, RETAINED, (t2 - t1) / 1e9);
        } finally {
            server.close();
            store.close();
        }
    }

    private static void start(Path dir, TestClock wall, int sessions, int queued, boolean check) throws Exception {
        long heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StateLog log = StateLog.open(dir, FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), "bench.sessions.log", registry, wall);
        SessionStore store = SessionStore.open(new PersistentBroker.OnStateLog(log), wall);
        long t1 = System.nanoTime();
        MqttServer server = new MqttServer(MqttServerConfig.defaults(), registry, System::nanoTime, store);
        SessionStore.Restored restored = server.restoreSessions();
        long t2 = System.nanoTime();
        int port = server.start(List.of(MqttListener.tcp("127.0.0.1", 0, true))).get(0).port();
        long t3 = System.nanoTime();
        try {
            long heapAfter = usedHeapAfterGc();
            if (restored.sessions() != sessions) {
                throw new IllegalStateException(restored.sessions() + " sessions restored, " + sessions + " expected");
            }
            System.out.printf("start: read the log %.0f ms, put %d sessions and %d retained back and wrote the snapshot"
                            + " %.0f ms, bound %.0f ms; total %.0f ms; heap retained %.1f MB (%.0f B a session with %d"
                            + " queued)%n", (t1 - t0) / 1e6, restored.sessions(), restored.retained(), (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6, (t3 - t0) / 1e6, (heapAfter - heapBefore) / 1e6,
                    (double) (heapAfter - heapBefore) / sessions, queued);
            if (check) {
                RawClient back = RawClient.connect(port, clientId(sessions / 2), false);
                if (!back.sessionPresent()) throw new IllegalStateException("no session present");
                for (int e = 0; e < queued; e++) {
                    RawClient.Publish p = back.nextPublish();
                    if (!p.topic().equals("alarm/demo/TF1/GT-" + e)) throw new IllegalStateException("got " + p);
                    back.puback(p.packetId());
                }
                back.close();
                System.out.println("a returning room: session present, its " + queued + " events in order");
            }
        } finally {
            server.close();
            store.close();
        }
    }

    private static String clientId(int i) { return String.format("room-%05d", i); }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).count();
        }
    }
}
