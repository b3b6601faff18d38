package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetryJson;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plant's uplink: one MQTT connection per data logger (client id {@code sim-{site}-{device}}), as
 * on a real site where each DTU dials in on its own. A logger whose link drops keeps its messages in a
 * bounded buffer and sends them after reconnecting, with their original timestamps (store-and-forward).
 *
 * <p>Each logger announces its status on {@code plant/{site}/{device}/status} (docs/protocol.md): its
 * MQTT will is {@code offline}, so a link lost without a DISCONNECT puts its points in no-data at once,
 * and after every connection it publishes {@code online}; both retained, so the topic always says the
 * logger's last known status. A clean stop (DISCONNECT) leaves it as it is: the broker drops the will,
 * and the gateway judges the silence by each point's period, as for a logger switched off.
 */
public final class MqttPlantLink implements TelemetrySink, DeviceLink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPlantLink.class);
    /** Messages a disconnected logger keeps; the oldest go first when it overflows. */
    static final int OFFLINE_BUFFER_MESSAGES = 10_000;
    static final int MAX_INFLIGHT = 100;
    /** How long a logger waits for a slot in its in-flight window before giving a message up. */
    private static final long WINDOW_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a link about to be cut waits for its messages in flight to be acknowledged. */
    private static final long DROP_DRAIN_MILLIS = 5_000;

    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    private final int qos;
    private final Map<String, MqttAsyncClient> clients = new HashMap<>();
    private final Map<MqttAsyncClient, MqttConnectOptions> options = new HashMap<>();
    private final Map<MqttAsyncClient, Semaphore> windows = new HashMap<>();
    /** Telemetry handed to a connected logger and not yet acknowledged, by plant time: see {@link #oldestInFlight()}. */
    private final ConcurrentSkipListSet<InFlight> inFlight = new ConcurrentSkipListSet<>();
    private final AtomicLong inFlightSeq = new AtomicLong();
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();
    private final IMqttActionListener outcome = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            delivered.increment();
            done(token);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            failed.increment();
            done(token);
            LOG.debug("publish failed: {}", PahoClients.describe(e));
        }

        private void done(IMqttToken token) {
            if (!(token.getUserContext() instanceof Sent sent)) return;
            if (sent.window() != null) sent.window().release();
            if (sent.inFlight() != null) inFlight.remove(sent.inFlight());
        }
    };

    /** What a publish holds until it is acknowledged or fails: a slot of its logger's window, and its place in {@link #inFlight}. */
    private record Sent(Semaphore window, InFlight inFlight) {}

    /** A message on its way, ordered by the plant time it was sampled at (then by when it was sent). */
    private record InFlight(long plantMillis, long seq) implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            int c = Long.compare(plantMillis, o.plantMillis);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private MqttPlantLink(int qos) {
        this.qos = qos;
    }

    /** Connects every logger of the plant; fails, closing those already connected, if any cannot connect. */
    public static MqttPlantLink connect(Plant plant, BrokerSettings broker, int qos) {
        MqttPlantLink link = new MqttPlantLink(qos);
        try {
            DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(OFFLINE_BUFFER_MESSAGES);
            buffer.setDeleteOldestMessages(true);
            for (DeviceLogger l : plant.loggers()) {
                MqttAsyncClient c = PahoClients.create(broker, "sim-" + l.site() + "-" + l.device());
                MqttConnectOptions options = PahoClients.options(broker, MAX_INFLIGHT, true);
                // QoS 1 and retained, as docs/protocol.md recommends: the will reaches the gateway, and
                // anyone subscribing later sees the logger's last status.
                options.setWill(statusTopic(l.site(), l.device()), OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
                link.clients.put(key(l.site(), l.device()), c);
                link.options.put(c, options);
                link.windows.put(c, new Semaphore(MAX_INFLIGHT));
                c.setBufferOpts(buffer);
                c.setCallback(link.callback(c, statusTopic(l.site(), l.device())));
            }
            PahoClients.connectAll(List.copyOf(link.clients.values()), link.options::get);
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    @Override
    public void send(TelemetryBatch batch) {
        publish(client(batch.site(), batch.device()), batch.topic(), TelemetryJson.encode(batch), batch.plantMillis());
    }

    /** Like {@link #send}, but not counted in {@link #oldestInFlight()}: it was sampled long before it goes. */
    @Override
    public void upload(TelemetryBatch batch) {
        publish(client(batch.site(), batch.device()), batch.topic(), TelemetryJson.encode(batch), Long.MAX_VALUE);
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        publish(client(site, device), TelemetryBatch.topic(site, device), payload, Long.MAX_VALUE);
    }

    public static String statusTopic(String site, String device) {
        return "plant/" + site + "/" + device + "/status";
    }

    /**
     * Plant time of the oldest telemetry message handed to a connected logger and not yet acknowledged
     * (or failed); {@link Long#MAX_VALUE} when none is. Messages kept while a link is down are not on
     * their way yet, and are not counted; nor are they when they go ({@link #upload}), late by design.
     * Any thread.
     */
    public long oldestInFlight() {
        Iterator<InFlight> it = inFlight.iterator();
        return it.hasNext() ? it.next().plantMillis() : Long.MAX_VALUE;
    }

    /**
     * Waits until no telemetry sampled before {@code plantMillis} is on its way any more (acknowledged
     * or failed), or {@code timeoutMillis} pass; returns whether it came to that.
     */
    public boolean awaitInFlightFrom(long plantMillis, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (oldestInFlight() < plantMillis) {
            if (System.nanoTime() >= deadline) return false;
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
        return true;
    }

    /**
     * Paho refuses a QoS 1 publish once {@link #MAX_INFLIGHT} are unacknowledged (error 32202), so each
     * connected logger takes a slot of its window first and waits for one to free up when a busy broker
     * is slow to acknowledge: the player falls behind and catches up later, sending its readings late
     * under their own timestamps, as a real logger would, instead of losing them. A logger whose link
     * is down hands its messages to Paho's offline buffer without a slot; should they fill the window
     * on reconnection, the publish is retried until a slot is free.
     *
     * @param plantMillis plant time the message was sampled at, {@link Long#MAX_VALUE} for none (garbage,
     *                    an upload)
     */
    private void publish(MqttAsyncClient c, String topic, byte[] payload, long plantMillis) {
        Semaphore window = windows.get(c);
        long deadline = System.nanoTime() + WINDOW_WAIT_NANOS;
        while (true) {
            boolean held = false;
            InFlight tracked = null;
            try {
                if (c.isConnected()) {
                    held = window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (!held) {
                        failed.increment();
                        LOG.warn("{}: no acknowledgement for {} messages in {} s; a message is lost", c.getClientId(), MAX_INFLIGHT,
                                TimeUnit.NANOSECONDS.toSeconds(WINDOW_WAIT_NANOS));
                        return;
                    }
                }
                if (held && plantMillis != Long.MAX_VALUE) {
                    tracked = new InFlight(plantMillis, inFlightSeq.incrementAndGet());
                    inFlight.add(tracked);
                }
                c.publish(topic, payload, qos, false, new Sent(held ? window : null, tracked), outcome);
                published.increment();
                return;
            } catch (MqttException e) {
                if (held) window.release();
                if (tracked != null) inFlight.remove(tracked);
                if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    continue;
                }
                // The offline buffer is full, or the window stayed full: the message is lost, and counted.
                failed.increment();
                LOG.debug("{} cannot publish: {}", c.getClientId(), PahoClients.describe(e));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.increment();
                return;
            }
        }
    }

    /**
     * Cuts the logger's link as a failed modem would: the socket closes without an MQTT DISCONNECT.
     * Messages already handed over are acknowledged first, so the cut loses nothing that was sent.
     */
    @Override
    public void drop(String site, String device) {
        MqttAsyncClient c = client(site, device);
        long deadline = System.currentTimeMillis() + DROP_DRAIN_MILLIS;
        while (c.getPendingDeliveryTokens().length > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            c.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            LOG.debug("{}: cutting the link: {}", c.getClientId(), PahoClients.describe(e));
        }
    }

    /** Connects a logger whose link was cut; waits until it is connected. */
    @Override
    public void restore(String site, String device) {
        MqttAsyncClient c = client(site, device);
        if (!c.isConnected()) PahoClients.connect(c, options.get(c));
    }

    private MqttAsyncClient client(String site, String device) {
        MqttAsyncClient c = clients.get(key(site, device));
        if (c == null) throw new IllegalStateException("no connection for device " + site + "/" + device);
        return c;
    }

    /**
     * Announces the logger {@code online} after each connection, and counts links lost without our asking
     * (a cut by {@link #drop} is not counted); Paho reconnects them. Runs on Paho's callback thread: the
     * publish is asynchronous and never waits.
     */
    private MqttCallbackExtended callback(MqttAsyncClient c, String statusTopic) {
        return new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                try {
                    c.publish(statusTopic, ONLINE.getBytes(StandardCharsets.UTF_8), 1, true);
                } catch (MqttException e) {
                    LOG.debug("{} cannot announce itself online: {}", c.getClientId(), PahoClients.describe(e));
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                connectionsLost.increment();
                LOG.warn("{} lost its connection ({}); reconnecting", c.getClientId(), PahoClients.describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // A logger subscribes to nothing.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Counted by the per-publish listener.
            }
        };
    }

    /** Connections lost without our asking during the run. */
    public long connectionsLost() {
        return connectionsLost.sum();
    }

    /** Waits until every message handed over is acknowledged or failed, or {@code timeoutMillis} pass. */
    public void awaitDelivered(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (delivered() + failed() < published() && System.nanoTime() < deadline) Thread.sleep(10);
    }

    /** Messages handed to Paho (sent, or buffered while the link is down). */
    public long published() {
        return published.sum();
    }

    /** Messages the broker acknowledged (QoS 1) or Paho wrote to the socket (QoS 0). */
    public long delivered() {
        return delivered.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long connected() {
        return clients.values().stream().filter(MqttAsyncClient::isConnected).count();
    }

    public int loggers() {
        return clients.size();
    }

    @Override
    public void close() {
        clients.values().forEach(PahoClients::close);
    }

    private static String key(String site, String device) {
        return site + "/" + device;
    }
}
