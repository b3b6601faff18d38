package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetryJson;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plant's uplink: one MQTT connection per data logger (client id {@code sim-{site}-{device}}), as
 * on a real site where each DTU dials in on its own. A logger whose link drops keeps its messages in a
 * bounded buffer and sends them after reconnecting, with their original timestamps (store-and-forward).
 */
public final class MqttPlantLink implements TelemetrySink, DeviceLink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPlantLink.class);
    /** Messages a disconnected logger keeps; the oldest go first when it overflows. */
    static final int OFFLINE_BUFFER_MESSAGES = 10_000;
    static final int MAX_INFLIGHT = 100;
    /** How long a link about to be cut waits for its messages in flight to be acknowledged. */
    private static final long DROP_DRAIN_MILLIS = 5_000;

    private final int qos;
    private MqttConnectOptions options;
    private final Map<String, MqttAsyncClient> clients = new HashMap<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final IMqttActionListener outcome = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            delivered.increment();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            failed.increment();
            LOG.debug("publish failed: {}", PahoClients.describe(e));
        }
    };

    private MqttPlantLink(int qos) {
        this.qos = qos;
    }

    /** Connects every logger of the plant; fails, closing those already connected, if any cannot connect. */
    public static MqttPlantLink connect(Plant plant, BrokerSettings broker, int qos) {
        MqttPlantLink link = new MqttPlantLink(qos);
        try {
            MqttConnectOptions options = PahoClients.options(broker, MAX_INFLIGHT, true);
            link.options = options;
            DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(OFFLINE_BUFFER_MESSAGES);
            buffer.setDeleteOldestMessages(true);
            for (DeviceLogger l : plant.loggers()) {
                MqttAsyncClient c = PahoClients.create(broker, "sim-" + l.site() + "-" + l.device());
                link.clients.put(key(l.site(), l.device()), c);
                c.setBufferOpts(buffer);
                PahoClients.connect(c, options);
            }
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    @Override
    public void send(TelemetryBatch batch) {
        publish(client(batch.site(), batch.device()), batch.topic(), TelemetryJson.encode(batch));
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        publish(client(site, device), TelemetryBatch.topic(site, device), payload);
    }

    private void publish(MqttAsyncClient c, String topic, byte[] payload) {
        try {
            c.publish(topic, payload, qos, false, null, outcome);
            published.increment();
        } catch (MqttException e) {
            // Most likely the offline buffer is full or the in-flight window is: the message is lost.
            failed.increment();
            LOG.debug("{} cannot publish: {}", c.getClientId(), PahoClients.describe(e));
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
        if (!c.isConnected()) PahoClients.connect(c, options);
    }

    private MqttAsyncClient client(String site, String device) {
        MqttAsyncClient c = clients.get(key(site, device));
        if (c == null) throw new IllegalStateException("no connection for device " + site + "/" + device);
        return c;
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
