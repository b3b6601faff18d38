package io.hazardgate.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Data loggers of the {@link LoadSite}, one Paho connection each, publishing QoS 1 telemetry the way a
 * logger that must not lose data does: a persistent session (clean session off) and the client's own
 * store of unacknowledged messages, so after a reconnect the messages the broker never acknowledged
 * are sent again. Every reading is unique in (timestamp, tag): a logger's message timestamps go up one
 * millisecond at a time from {@code baseTs}, and each message carries all the logger's points, so a
 * store keyed on (timestamp, site, tag) counts each reading exactly once.
 */
public final class TelemetryFleet implements AutoCloseable {
    private static final long DISCONNECTED_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final List<DataLogger> loggers = new ArrayList<>();
    private final int points;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private TelemetryFleet(int points) {
        this.points = points;
    }

    /** Connects {@code devices} loggers of {@code points} points each, with {@code inflight} unacknowledged messages at most. */
    public static TelemetryFleet connect(int port, int devices, int points, int inflight, long baseTs) throws MqttException {
        TelemetryFleet fleet = new TelemetryFleet(points);
        try {
            for (int i = 0; i < devices; i++) {
                DataLogger logger = fleet.new DataLogger(i, port, inflight, baseTs);
                fleet.loggers.add(logger);
                logger.connect(port);
            }
        } catch (MqttException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /**
     * Starts publishing: each logger sends {@code messagesPerSecond} (0: as fast as its window allows)
     * until {@link #stopPublishing} or {@code maxPerLogger} messages.
     */
    public void start(double messagesPerSecond, long maxPerLogger) {
        for (DataLogger l : loggers) {
            Thread t = new Thread(() -> l.publish(messagesPerSecond, maxPerLogger), "fleet-" + LoadSite.device(l.index));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops publishing new messages; those in flight are still acknowledged (or resent after a reconnect). */
    public void stopPublishing() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) t.join(10_000);
    }

    /** Connects every logger to a (restarted) gateway on {@code port}; each resends what was not acknowledged. */
    public void reconnect(int port) throws MqttException {
        for (DataLogger l : loggers) {
            if (!l.client.isConnected()) l.connect(port);
        }
    }

    /** Waits until nothing is in flight any more; false if {@code timeout} passed first. */
    public boolean awaitAllAcked(Duration timeout) throws InterruptedException {
        try {
            Await.until("every message in flight acknowledged", timeout, () -> inFlight() == 0);
            return true;
        } catch (AssertionError timedOut) {
            return false;
        }
    }

    public long publishedMessages() { return published.get(); }

    public long ackedMessages() { return acked.get(); }

    public long ackedReadings() { return acked.get() * points; }

    /** Times a logger saw its connection drop. */
    public long connectionsLost() { return lost.get(); }

    /** Messages handed to Paho and not acknowledged yet. */
    public int inFlight() {
        int n = 0;
        for (DataLogger l : loggers) n += l.client.getPendingDeliveryTokens().length;
        return n;
    }

    @Override
    public void close() {
        stopping = true;
        for (DataLogger l : loggers) {
            try {
                if (l.client.isConnected()) l.client.disconnect(2000).waitForCompletion(3000);
            } catch (MqttException e) {
                // closing anyway
            }
            try {
                l.client.close(true);
            } catch (MqttException e) {
                // nothing more to release
            }
        }
    }

    /** One data logger: its connection and the thread that publishes its messages. */
    private final class DataLogger {
        final int index;
        final MqttAsyncClient client;
        final int inflight;
        final String topic;
        /** {@code {"tag":"…","value":} of each point, built once. */
        final String[] prefixes;
        long nextTs;

        DataLogger(int index, int port, int inflight, long baseTs) throws MqttException {
            this.index = index;
            this.inflight = inflight;
            this.topic = LoadSite.topic(index);
            this.nextTs = baseTs;
            this.prefixes = new String[points];
            for (int j = 0; j < points; j++) prefixes[j] = "{\"tag\":\"" + LoadSite.tag(index, j) + "\",\"value\":";
            // The same client (and its store of unacknowledged messages) reconnects to a restarted gateway:
            // each connect names the gateway's current port.
            this.client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "fleet-" + LoadSite.device(index),
                    new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) { lost.incrementAndGet(); }

                @Override public void messageArrived(String t, MqttMessage m) {}

                @Override public void deliveryComplete(IMqttDeliveryToken token) { acked.incrementAndGet(); }
            });
        }

        void connect(int port) throws MqttException {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setServerURIs(new String[] {"tcp://127.0.0.1:" + port});
            o.setCleanSession(false);
            o.setMaxInflight(inflight);
            o.setConnectionTimeout(10);
            o.setKeepAliveInterval(30);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            client.connect(o).waitForCompletion(15_000);
        }

        void publish(double perSecond, long max) {
            long start = System.nanoTime();
            long sent = 0;
            while (!stopping && sent < max) {
                if (perSecond > 0) {
                    long due = start + (long) (sent * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(Math.min(wait, DISCONNECTED_WAIT_NANOS));
                        continue;
                    }
                }
                if (!client.isConnected() || client.getPendingDeliveryTokens().length >= inflight) {
                    LockSupport.parkNanos(DISCONNECTED_WAIT_NANOS);
                    continue;
                }
                try {
                    client.publish(topic, payload(nextTs, sent), 1, false);
                    nextTs++;
                    sent++;
                    published.incrementAndGet();
                } catch (MqttException e) {
                    // not connected or window full this instant: the same message is tried again
                    LockSupport.parkNanos(DISCONNECTED_WAIT_NANOS);
                }
            }
        }

        private byte[] payload(long ts, long n) {
            StringBuilder sb = new StringBuilder(32 + points * 40).append("{\"ts\":").append(ts).append(",\"readings\":[");
            for (int j = 0; j < points; j++) {
                if (j > 0) sb.append(',');
                sb.append(prefixes[j]).append(n % 50 + j / 8.0).append('}');
            }
            return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
