package io.hazardgate.southbound.sparkplug;

import io.hazardgate.config.SouthboundSettings;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as Sparkplug B host application on an external broker (Mosquitto, EMQX, a plant's own):
 * a Paho client subscribes to {@code spBv1.0/#} and hands each message of a named node to its own
 * {@link SparkplugHost}; rebirth requests go back through the same broker. QoS 1 messages are
 * acknowledged only once their readings are durable (manual acknowledgement), as the gateway's own
 * MQTT server does. With a {@code hostId} it publishes its STATE, online and retained, with a will
 * saying offline (Sparkplug 3.0 §7.5). Reconnects by itself.
 */
public final class SparkplugBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SparkplugBridge.class);

    private final SouthboundSettings.SparkplugBroker broker;
    private final MqttAsyncClient client;
    private final SparkplugHost host;
    private volatile boolean closed;
    private static final long RETRY_SECONDS = 5;
    private static final java.util.concurrent.ScheduledExecutorService RETRY =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sparkplug-connect");
                t.setDaemon(true);
                return t;
            });

    public SparkplugBridge(SouthboundSettings.SparkplugBroker broker, java.util.function.Function<SparkplugHost.Commands, SparkplugHost> hosts)
            throws MqttException {
        this.broker = broker;
        this.client = new MqttAsyncClient(broker.url(), broker.clientId(), new MemoryPersistence());
        this.host = hosts.apply((topic, payload) -> {
            try {
                client.publish(topic, payload, 0, false);
            } catch (MqttException e) {
                log.debug("rebirth request to {} not sent: {}", topic, e.toString());
            }
        });
        client.setManualAcks(true);
        client.setCallback(new MqttCallbackExtended() {
            @Override public void connectComplete(boolean reconnect, String serverURI) { subscribe(reconnect); }

            @Override public void connectionLost(Throwable cause) {
                log.warn("Sparkplug broker {} lost: {}; reconnecting", broker.url(), cause.toString());
            }

            @Override public void messageArrived(String topic, MqttMessage message) { arrived(topic, message); }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    }

    public SparkplugHost host() { return host; }

    public void start() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1000);
        if (!broker.username().isEmpty()) o.setUserName(broker.username());
        if (!broker.password().isEmpty()) o.setPassword(broker.password().toCharArray());
        if (!broker.hostId().isEmpty()) o.setWill(stateTopic(), state(false), 1, true);
        connect(o);
    }

    /** Paho reconnects by itself only after a first connection: until then, try again every few seconds. */
    private void connect(MqttConnectOptions o) throws MqttException {
        client.connect(o, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
            @Override public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {}

            @Override public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
                if (closed) return;
                log.warn("Sparkplug broker {} unreachable: {}; trying again in {} s", broker.url(), e.toString(), RETRY_SECONDS);
                RETRY.schedule(() -> {
                    try {
                        if (!closed) connect(o);
                    } catch (MqttException again) {
                        log.warn("Sparkplug broker {}: {}", broker.url(), again.toString());
                    }
                }, RETRY_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            }
        });
    }

    private void subscribe(boolean reconnect) {
        try {
            client.subscribe("spBv1.0/#", 1);
            if (!broker.hostId().isEmpty()) client.publish(stateTopic(), state(true), 1, true);
            log.info("Sparkplug host application {} on {}", reconnect ? "back" : "subscribed", broker.url());
        } catch (MqttException e) {
            log.warn("cannot subscribe to Sparkplug B on {}: {}", broker.url(), e.toString());
        }
    }

    private void arrived(String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        if (!host.takes(topic)) {
            ack(id, qos);
            return;
        }
        host.onMessage(topic, message.getPayload(), new SparkplugHost.Answer() {
            @Override public void durable() { ack(id, qos); }

            // a refused message is acknowledged too: redelivering it would be refused again
            @Override public void refused(String reason) { ack(id, qos); }
        });
    }

    private void ack(int id, int qos) {
        if (qos == 0) return;
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            log.debug("acknowledgement {} not sent: {}", id, e.toString());
        }
    }

    private String stateTopic() { return "spBv1.0/STATE/" + broker.hostId(); }

    private static byte[] state(boolean online) {
        return ("{\"online\":" + online + ",\"timestamp\":" + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                if (!broker.hostId().isEmpty()) client.publish(stateTopic(), state(false), 1, true).waitForCompletion(2000);
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("closing the Sparkplug client for {}: {}", broker.url(), e.toString());
        }
    }
}
