package io.hazardgate.simulator.southbound;

import io.hazardgate.config.device.Hj212Device;
import io.hazardgate.simulator.telemetry.Quality;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.southbound.hj212.Hj212Frames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dam data logger played as an HJ 212-2017 client: each sampled message is a real-time upload (CN 2011,
 * Flag 5: answer asked) over one TCP connection to the gateway's HJ 212 listener, each tag under its
 * factor code, a fault flagged {@code D}; the gateway's data answers are counted. A lost connection is
 * opened again at the next message.
 */
final class Hj212Uplink implements AutoCloseable {
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final Hj212Device account;
    private final java.util.function.Supplier<InetSocketAddress> gateway;
    private final Map<String, String> codeOf = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Socket socket;
    private OutputStream out;

    Hj212Uplink(Hj212Device account, java.util.function.Supplier<InetSocketAddress> gateway) {
        this.account = account;
        this.gateway = gateway;
        account.factors().forEach((code, tag) -> codeOf.put(tag, code));
    }

    synchronized void send(TelemetryBatch batch) {
        StringBuilder cp = new StringBuilder("DataTime=").append(DATA_TIME.format(Instant.ofEpochMilli(batch.ts()).atZone(account.zone())));
        for (Reading r : batch.readings()) {
            String code = codeOf.getOrDefault(r.tag(), r.tag());
            boolean fault = !Double.isFinite(r.value()) || r.quality() == Quality.BAD;
            cp.append(';').append(code).append("-Rtd=").append(Double.isFinite(r.value()) ? r.value() : 0)
                    .append(',').append(code).append("-Flag=").append(fault ? 'D' : 'N');
        }
        String segment = "QN=" + QN.format(Instant.ofEpochMilli(batch.ts()).atZone(account.zone())) + ";ST=31;CN=2011;PW="
                + account.password() + ";MN=" + account.mn() + ";Flag=5;CP=&&" + cp + "&&";
        try {
            if (socket == null || socket.isClosed()) open();
            out.write(Hj212Frames.frame(segment));
            out.flush();
            sent.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            closeQuietly();
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.connect(gateway.get(), 5_000);
        socket = s;
        out = s.getOutputStream();
        InputStream in = s.getInputStream();
        Thread reader = new Thread(() -> {
            try {
                int c;
                while ((c = in.read()) >= 0) if (c == '\n') answered.incrementAndGet();
            } catch (IOException closed) {
                // the connection ended; the next message opens another
            }
        }, "hj212-uplink-" + account.mn());
        reader.setDaemon(true);
        reader.start();
    }

    long sent() { return sent.get(); }

    long answered() { return answered.get(); }

    long failed() { return failed.get(); }

    private void closeQuietly() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }

    @Override
    public synchronized void close() { closeQuietly(); }
}
