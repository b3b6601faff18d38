package io.hazardgate.bench;

import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.hazardgate.southbound.hj212.Hj212Frames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Readings per second and gateway CPU per reading for each way a logger can connect, and the jitter of
 * Modbus polls at a 1 s period for 1,000 points. Starts the gateway as a process of its own (so its CPU
 * is its own, read from /proc), plays the loggers from this JVM one protocol after another, and reads
 * the gateway's meters between phases. The Modbus phase runs last: its devices are polled from the
 * start, and their servers only answer in that phase.
 *
 * <p>Usage: {@code java -cp benchmarks/target/hazardgate-benchmarks.jar io.hazardgate.bench.SouthboundBench
 * GATEWAY_JAR [PHASE_SECONDS]} (bench/southbound.sh runs it).
 */
public final class SouthboundBench {
    static final int DEVICES = 10;
    static final int POINTS = 50;
    static final int MODBUS_POINTS = 100;
    static final int WINDOW = 16;
    static final int OPCUA_DEVICES = 10;
    static final int OPCUA_POINTS = 100;
    /** Each OPC UA variable changes this often; the gateway samples and publishes at the same period. */
    static final int OPCUA_PERIOD_MS = 100;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Until the Modbus phase the controllers answer every read with exception code 6 (busy): no readings. */
    static volatile boolean modbusServing;

    private SouthboundBench() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("hazardgate-southbound-bench");
        List<ModbusTcpServer> modbus = new ArrayList<>();
        List<ProcessImage> images = new ArrayList<>();
        List<Integer> modbusPorts = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            ProcessImage image = new ProcessImage();
            images.add(image);
            CompletableFuture<Integer> port = new CompletableFuture<>();
            ModbusTcpServer s = ModbusTcpServer.create(NettyTcpServerTransport.create(c -> {
                c.setBindAddress("127.0.0.1");
                c.setPort(0);
                c.setBootstrapCustomizer(b -> b.handler(new ChannelInboundHandlerAdapter() {
                    @Override public void channelActive(ChannelHandlerContext ctx) throws Exception {
                        port.complete(((InetSocketAddress) ctx.channel().localAddress()).getPort());
                        super.channelActive(ctx);
                    }
                }));
            }), new ReadWriteModbusServices() {
                @Override protected Optional<ProcessImage> getProcessImage(int unit) {
                    return Optional.of(image);
                }

                @Override public com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse readHoldingRegisters(
                        com.digitalpetri.modbus.server.ModbusRequestContext ctx, int unit,
                        com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest req)
                        throws com.digitalpetri.modbus.exceptions.UnknownUnitIdException {
                    if (!modbusServing) throw new com.digitalpetri.modbus.exceptions.UnknownUnitIdException(unit);
                    return super.readHoldingRegisters(ctx, unit, req);
                }
            });
            s.start();
            modbus.add(s);
            modbusPorts.add(port.get(10, TimeUnit.SECONDS));
            writeFloats(image, 20f);
        }
        List<String> variables = new ArrayList<>();
        for (int d = 0; d < OPCUA_DEVICES; d++) {
            for (int p = 0; p < OPCUA_POINTS; p++) {
                variables.add("N" + d + "." + p);
                variables.add("S" + d + "." + p);
            }
        }
        OpcUaBenchServer opcua = new OpcUaBenchServer(variables);
        writeConfig(dir, modbusPorts, opcua);
        Process gw = new ProcessBuilder("java", "-Xms512m", "-Xmx1g", "-XX:+UseParallelGC", "-jar", jar.toString(), "run",
                "--config", dir.resolve("gateway.yaml").toString(), "--data-dir", dir.resolve("data").toString(),
                "--mqtt-port", "0", "--http-port", "0", "--store-port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.out").toFile()).start();
        try {
            int[] ports = ports(dir.resolve("gateway.out"), gw);
            int mqtt = ports[0];
            int http = ports[1];
            int hj212 = ports[2];
            // a warm-up of each path, then the measured phases
            System.out.printf("gateway pid %d; %d s per phase; %s, load %s%n", gw.pid(), seconds,
                    Runtime.getRuntime().availableProcessors() + " cores", Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("| protocol | load | readings/s | gateway CPU µs per reading | gateway CPU % |");
            System.out.println("|---|---|---:|---:|---:|");
            for (boolean measure : new boolean[] {false, true}) {
                int s = measure ? seconds : 5;
                phase("gateway JSON over MQTT", "10 devices, 50 readings per message, QoS 1, 16 unacknowledged each", gw, http,
                        measure, () -> mqttJson(mqtt, false, s));
                phase("JSON payload profile over MQTT", "the same, each device's flat vendor JSON", gw, http,
                        measure, () -> mqttJson(mqtt, true, s));
                phase("Sparkplug B through the gateway", "10 edge nodes, NDATA of 50 metrics by alias, QoS 1, 16 unacknowledged each",
                        gw, http, measure, () -> sparkplug(mqtt, s));
                phase("HJ 212-2017", "10 loggers, real-time packets of 50 factors, 16 unanswered each", gw, http,
                        measure, () -> hj212(hj212, s));
                String load = OPCUA_DEVICES + " devices (sessions) × " + OPCUA_POINTS + " nodes, each changed, sampled and published every "
                        + OPCUA_PERIOD_MS + " ms";
                phase("OPC UA subscriptions, security None", load, gw, http, measure, () -> opcua(opcua, "N", s));
                phase("OPC UA subscriptions, Basic256Sha256 SignAndEncrypt", load, gw, http, measure, () -> opcua(opcua, "S", s));
            }
            // Modbus: served from now on; the gateway has been polling (and failing) since its start
            for (ProcessImage image : images) writeFloats(image, 21f);
            modbusServing = true;
            double lagBefore = metric(http, "hazardgate_southbound_modbus_poll_lag_seconds_count");
            phase("Modbus TCP polling", "10 devices × 100 float32 points every 1 s (1,000 points)", gw, http, true, () -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(seconds, 30));
                float v = 21f;
                while (System.nanoTime() < end) {
                    Thread.sleep(1000);
                    v = v == 21f ? 22f : 21f;
                    for (ProcessImage image : images) writeFloats(image, v);
                }
            });
            String m = metrics(http);
            System.out.printf("%nModbus poll lag (how late each poll started against its 1 s schedule), %d polls since start:%n",
                    (long) (metric(http, "hazardgate_southbound_modbus_poll_lag_seconds_count") - lagBefore));
            String[][] quantiles = {{"0.5", "p50"}, {"0.99", "p99"}, {"0.999", "p99.9"}};
            for (String[] q : quantiles) {
                System.out.printf("  %s %.2f ms%n", q[1], 1000 * value(m,
                        "hazardgate_southbound_modbus_poll_lag_seconds{quantile=\"" + q[0] + "\"}"));
            }
            System.out.printf("  max %.2f ms; poll duration p50 %.2f ms, p99 %.2f ms; polls ok %.0f, overrun %.0f%n",
                    1000 * value(m, "hazardgate_southbound_modbus_poll_lag_seconds_max"),
                    1000 * value(m, "hazardgate_southbound_modbus_poll_duration_seconds{quantile=\"0.5\"}"),
                    1000 * value(m, "hazardgate_southbound_modbus_poll_duration_seconds{quantile=\"0.99\"}"),
                    value(m, "hazardgate_southbound_modbus_polls_total{outcome=\"ok\"}"),
                    value(m, "hazardgate_southbound_modbus_polls_total{outcome=\"overrun\"}"));
        } finally {
            gw.destroy();
            gw.waitFor(30, TimeUnit.SECONDS);
            for (ModbusTcpServer s : modbus) s.stop();
            opcua.close();
        }
        System.exit(0);
    }

    static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface Load {
        void run() throws Exception;
    }

    static void phase(String name, String load, Process gw, int http, boolean print, Load l) throws Exception {
        double r0 = metric(http, "hazardgate_ingest_readings_total{outcome=\"accepted\"}");
        long cpu0 = cpuTicks(gw.pid());
        long t0 = System.nanoTime();
        l.run();
        double r1 = metric(http, "hazardgate_ingest_readings_total{outcome=\"accepted\"}");
        long cpu1 = cpuTicks(gw.pid());
        double secs = (System.nanoTime() - t0) / 1e9;
        double readings = r1 - r0;
        double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ
        if (print) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.0f |%n", name, load, readings / secs,
                    readings == 0 ? Double.NaN : cpuSeconds * 1e6 / readings, 100 * cpuSeconds / secs);
        }
    }

    /** Changes the variables named {@code prefix}… every {@link #OPCUA_PERIOD_MS} for {@code seconds}. */
    static void opcua(OpcUaBenchServer server, String prefix, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        double v = 0;
        while (System.nanoTime() < end) {
            server.setAll(prefix, ++v);
            Thread.sleep(OPCUA_PERIOD_MS);
        }
    }

    static void writeConfig(Path dir, List<Integer> modbusPorts, OpcUaBenchServer opcua) throws Exception {
        StringBuilder site = new StringBuilder("""
                site: bench
                hazardSources: [{id: S1, kind: major_hazard}]
                payloads:
                  - {id: flat, readings: flat, time: {field: ts, unit: ms}}
                devices:
                """);
        StringBuilder sensors = new StringBuilder("sensors:\n");
        for (int d = 0; d < DEVICES; d++) {
            for (String kind : new String[] {"json", "profile", "edge", "hj"}) {
                String id = kind + d;
                switch (kind) {
                    case "profile" -> site.append("  - {id: ").append(id).append(", payload: flat}\n");
                    case "edge" -> site.append("  - {id: ").append(id).append(", sparkplug: {group: Bench, node: N").append(d).append("}}\n");
                    case "hj" -> site.append("  - {id: ").append(id).append(", hj212: {mn: MN").append(d).append(", password: \"123456\"}}\n");
                    default -> site.append("  - {id: ").append(id).append("}\n");
                }
                for (int p = 0; p < POINTS; p++) {
                    sensors.append("  - {tag: ").append(tag(kind, d, p)).append(", source: S1, device: ").append(id)
                            .append(", period: 10m}\n");
                }
            }
            site.append("  - id: plc").append(d).append("\n    modbus: {host: 127.0.0.1, port: ").append(modbusPorts.get(d))
                    .append(", period: 1s, timeout: 500ms, backoffMax: 1s, points: [");
            for (int p = 0; p < MODBUS_POINTS; p++) {
                site.append(p == 0 ? "" : ", ").append("{tag: ").append(tag("mb", d, p)).append(", address: ").append(2 * p)
                        .append(", type: float32}");
                sensors.append("  - {tag: ").append(tag("mb", d, p)).append(", source: S1, device: plc").append(d)
                        .append(", period: 1m}\n");
            }
            site.append("]}\n");
        }
        for (int d = 0; d < OPCUA_DEVICES; d++) {
            for (String kind : new String[] {"ua", "uas"}) {
                boolean secure = kind.equals("uas");
                site.append("  - id: ").append(kind).append(d).append("\n    opcua:\n      endpoint: ").append(opcua.endpoint())
                        .append("\n      security: ").append(secure
                                ? "{policy: Basic256Sha256, mode: SignAndEncrypt, serverThumbprint: " + opcua.thumbprint() + "}"
                                : "{policy: None}")
                        .append("\n      publishingInterval: ").append(OPCUA_PERIOD_MS).append("ms\n      points:\n");
                for (int p = 0; p < OPCUA_POINTS; p++) {
                    site.append("        - {tag: ").append(tag(kind, d, p)).append(", node: \"ns=").append(opcua.ns()).append(";s=")
                            .append(secure ? "S" : "N").append(d).append('.').append(p).append("\", sampling: ")
                            .append(OPCUA_PERIOD_MS).append("ms}\n");
                    sensors.append("  - {tag: ").append(tag(kind, d, p)).append(", source: S1, device: ").append(kind).append(d)
                            .append(", period: 10m}\n");
                }
            }
        }
        Files.writeString(dir.resolve("site.yaml"), site.append(sensors).toString());
        Files.writeString(dir.resolve("gateway.yaml"), """
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                store: {kind: questdb-embedded, embedded: {host: 127.0.0.1, port: 0}}
                southbound: {hj212: {host: 127.0.0.1, port: 0, maxDataLength: 4096}}
                sites: [site.yaml]
                """);
    }

    static String tag(String kind, int d, int p) { return kind.toUpperCase(Locale.ROOT) + "-" + d + "-" + p; }

    static void writeFloats(ProcessImage image, float v) {
        byte[] b = ByteBuffer.allocate(4).putFloat(v).array();
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            for (int p = 0; p < MODBUS_POINTS; p++) {
                m.put(2 * p, new byte[] {b[0], b[1]});
                m.put(2 * p + 1, new byte[] {b[2], b[3]});
            }
        }));
    }

    /** MQTT, HTTP and HJ 212 ports from the gateway's start-up lines. */
    static int[] ports(Path out, Process gw) throws Exception {
        Pattern p = Pattern.compile("^  (mqtt|http|hj212)\\s+\\S+?:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            int[] ports = new int[3];
            for (String line : Files.readAllLines(out)) {
                Matcher m = p.matcher(line);
                if (!m.find()) continue;
                int port = Integer.parseInt(m.group(2));
                switch (m.group(1)) {
                    case "mqtt" -> ports[0] = ports[0] == 0 ? port : ports[0];
                    case "http" -> ports[1] = port;
                    default -> ports[2] = port;
                }
            }
            if (ports[0] > 0 && ports[1] > 0 && ports[2] > 0 && Files.readString(out).contains("  data ")) return ports;
            if (!gw.isAlive()) throw new IllegalStateException("the gateway exited:\n" + Files.readString(out));
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not report its ports:\n" + Files.readString(out));
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    static String metrics(int http) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static double metric(int http, String name) throws Exception { return value(metrics(http), name); }

    static double value(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
        return 0;
    }

    static void mqttJson(int port, boolean profile, int seconds) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            int dev = d;
            String device = (profile ? "profile" : "json") + d;
            String kind = profile ? "profile" : "json";
            threads.add(started(() -> publishLoop(port, "bench-" + device, seconds, (client, ts) -> {
                StringBuilder sb = new StringBuilder();
                if (profile) {
                    sb.append("{\"ts\":").append(ts);
                    for (int p = 0; p < POINTS; p++) sb.append(",\"").append(tag(kind, dev, p)).append("\":").append(20 + p % 7);
                    sb.append('}');
                } else {
                    sb.append("{\"ts\":").append(ts).append(",\"readings\":[");
                    for (int p = 0; p < POINTS; p++) {
                        sb.append(p == 0 ? "" : ",").append("{\"tag\":\"").append(tag(kind, dev, p)).append("\",\"value\":").append(20 + p % 7).append('}');
                    }
                    sb.append("]}");
                }
                return new Object[] {"plant/bench/" + device + "/telemetry", sb.toString().getBytes(StandardCharsets.UTF_8)};
            }, null)));
        }
        for (Thread t : threads) t.join();
    }

    static void sparkplug(int port, int seconds) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            int dev = d;
            threads.add(started(() -> publishLoop(port, "bench-edge" + dev, seconds, new Message() {
                int seq;

                @Override public Object[] next(MqttAsyncClient client, long ts) {
                    seq = (seq + 1) & 0xff;
                    Payload.Builder p = Payload.newBuilder().setTimestamp(ts).setSeq(seq);
                    for (int i = 0; i < POINTS; i++) p.addMetrics(Payload.Metric.newBuilder().setAlias(i).setDoubleValue(20 + i % 7));
                    return new Object[] {"spBv1.0/Bench/NDATA/N" + dev, p.build().toByteArray()};
                }
            }, client -> {
                Payload.Builder birth = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(0)
                        .addMetrics(Payload.Metric.newBuilder().setName("bdSeq").setDatatype(8).setLongValue(0));
                for (int i = 0; i < POINTS; i++) {
                    birth.addMetrics(Payload.Metric.newBuilder().setName(tag("edge", dev, i)).setAlias(i).setDatatype(10).setDoubleValue(20));
                }
                client.publish("spBv1.0/Bench/NBIRTH/N" + dev, birth.build().toByteArray(), 0, false).waitForCompletion();
            })));
        }
        for (Thread t : threads) t.join();
    }

    interface Message {
        Object[] next(MqttAsyncClient client, long ts) throws Exception;
    }

    interface Setup {
        void run(MqttAsyncClient client) throws Exception;
    }

    /** Publishes QoS 1 with {@link #WINDOW} unacknowledged at most, for {@code seconds}. */
    static void publishLoop(int port, String clientId, int seconds, Message message, Setup setup) {
        try {
            MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(WINDOW);
            o.setCleanSession(true);
            c.connect(o).waitForCompletion();
            if (setup != null) setup.run(c);
            Semaphore window = new Semaphore(WINDOW);
            IMqttActionListener release = new IMqttActionListener() {
                @Override public void onSuccess(IMqttToken t) { window.release(); }

                @Override public void onFailure(IMqttToken t, Throwable e) { window.release(); }
            };
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                window.acquire();
                Object[] m = message.next(c, System.currentTimeMillis());
                MqttMessage msg = new MqttMessage((byte[]) m[1]);
                msg.setQos(1);
                c.publish((String) m[0], msg, null, release);
            }
            window.acquire(WINDOW);
            c.disconnect().waitForCompletion();
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(clientId + ": " + e, e);
        }
    }

    static void hj212(int port, int seconds) throws Exception {
        DateTimeFormatter dt = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            int dev = d;
            threads.add(started(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    Semaphore window = new Semaphore(WINDOW);
                    InputStream in = s.getInputStream();
                    Thread answers = daemon(() -> {
                        try {
                            int c;
                            while ((c = in.read()) >= 0) if (c == '\n') window.release();
                        } catch (IOException closed) {
                            // done
                        }
                    });
                    OutputStream out = s.getOutputStream();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                    long qn = 0;
                    while (System.nanoTime() < end) {
                        window.acquire();
                        StringBuilder cp = new StringBuilder("DataTime=").append(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(dt));
                        for (int p = 0; p < POINTS; p++) {
                            cp.append(';').append(tag("hj", dev, p)).append("-Rtd=").append(20 + p % 7).append(',')
                                    .append(tag("hj", dev, p)).append("-Flag=N");
                        }
                        String seg = "QN=" + (20240501000000000L + qn++) + ";ST=31;CN=2011;PW=123456;MN=MN" + dev + ";Flag=5;CP=&&" + cp + "&&";
                        out.write(Hj212Frames.frame(seg));
                        out.flush();
                    }
                    window.tryAcquire(WINDOW, 10, TimeUnit.SECONDS);
                    answers.interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
    }
}
