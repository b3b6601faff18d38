package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
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
public final class MqttPlantLink implements TelemetrySink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPlantLink.class);
    /** Messages a disconnected logger keeps; the oldest go first when it overflows. */
    static final int OFFLINE_BUFFER_MESSAGES = 10_000;
    static final int MAX_INFLIGHT = 100;

    private final int qos;
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
        MqttAsyncClient c = clients.get(key(batch.site(), batch.device()));
        if (c == null) throw new IllegalStateException("no connection for device " + batch.site() + "/" + batch.device());
        try {
            c.publish(batch.topic(), TelemetryJson.encode(batch), qos, false, null, outcome);
            published.increment();
        } catch (MqttException e) {
            // Most likely the offline buffer is full or the in-flight window is: the message is lost.
            failed.increment();
            LOG.debug("{} cannot publish: {}", c.getClientId(), PahoClients.describe(e));
        }
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
