package io.hazardgate.mqtt.scale;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Hand-run measurement (not part of {@code mvn verify}): N idle keep-alive MQTT clients, in a child
 * JVM so their memory is not counted, against one server in this JVM; prints the server's heap after
 * GC before and after they connect, and the pooled direct memory Netty holds.
 *
 * <pre>
 * mvn -q -B -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -Xmx1g -XX:+UseParallelGC -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test.cp) \
 *     io.hazardgate.mqtt.scale.IdleConnectionsMeasurement 10000
 * </pre>
 */
public final class IdleConnectionsMeasurement {
    private IdleConnectionsMeasurement() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("clients")) {
            runClients(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MqttServer server = new MqttServer(MqttServerConfig.defaults(), registry);
        int port = server.start("127.0.0.1", 0);
        long before = heapAfterGc();
        Process clients = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), IdleConnectionsMeasurement.class.getName(),
                "clients", Integer.toString(port), Integer.toString(count))).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream()));
        long start = System.nanoTime();
        String line = out.readLine(); // "connected N" once every CONNACK is in
        double seconds = (System.nanoTime() - start) / 1e9;
        double connected = registry.find("hazardgate.mqtt.connections").gauge().value();
        long after = heapAfterGc();
        System.out.printf("clients: %s after %.1f s; server sees %.0f connections%n", line, seconds, connected);
        System.out.printf("heap after GC: %.1f MB before, %.1f MB with %d connections (%.1f KB per connection); "
                        + "max heap %.0f MB%n", before / 1e6, after / 1e6, count, (after - before) / 1024.0 / count,
                Runtime.getRuntime().maxMemory() / 1e6);
        long direct = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider m
                ? m.metric().usedDirectMemory() : -1;
        System.out.printf("Netty direct memory in use: %.1f MB (%s); process RSS %s; transport: %s%n", direct / 1e6,
                ByteBufAllocator.DEFAULT.getClass().getSimpleName(), rss(),
                io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio");
        clients.destroy();
        clients.waitFor();
        server.close();
    }

    private static void runClients(int port, int count) throws Exception {
        try (IdleClients clients = IdleClients.open(port, count, 60, "idle-")) {
            System.out.println("connected " + clients.size());
            System.out.flush();
            while (true) {
                Thread.sleep(30_000);
                clients.ping();
            }
        }
    }

    private static String rss() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().map(l -> l.replaceAll("\\s+", " ")).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
