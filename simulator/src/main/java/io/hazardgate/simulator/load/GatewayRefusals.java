package io.hazardgate.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * What the gateway says it refused of what this run sends: it acknowledges a refused message all the same
 * (an MQTT 3.1.1 PUBACK has no reason code) and tells the device why on {@code plant/{site}/{device}/errors}
 * (docs/protocol.md). A run whose every message was refused would otherwise report fine throughput of
 * nothing stored, so the first refusal is said at once, loudly, and the count comes in the summary.
 * Against a broker other than the gateway nothing arrives here.
 */
final class GatewayRefusals implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttAsyncClient client;
    private final PrintStream loud;
    private final AtomicLong refused = new AtomicLong();
    private volatile String first;
    private volatile boolean watched = true;

    private GatewayRefusals(MqttAsyncClient client, PrintStream loud) {
        this.client = client;
        this.loud = loud;
    }

    /** Subscribes to the run's site's error topics; a broker that does not let this user read them is noted, not fatal. */
    static GatewayRefusals start(BrokerSettings broker, String clientId, String site, PrintStream loud) {
        MqttAsyncClient c = PahoClients.create(broker, clientId);
        GatewayRefusals r = new GatewayRefusals(c, loud);
        c.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}

            @Override public void messageArrived(String topic, MqttMessage message) { r.arrived(topic, message.getPayload()); }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        try {
            PahoClients.connect(c, PahoClients.options(broker, 10, true));
            IMqttToken t = c.subscribe("plant/" + site + "/+/errors", 0);
            t.waitForCompletion(TimeUnit.SECONDS.toMillis(PahoClients.CONNECT_TIMEOUT_SECONDS));
            if (t.getGrantedQos()[0] == 0x80) r.watched = false;
        } catch (MqttException | RuntimeException e) {
            r.watched = false;
        }
        return r;
    }

    private void arrived(String topic, byte[] payload) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            return;
        }
        if (n == null || n.path("accepted").asBoolean(true)) return;
        if (refused.getAndIncrement() == 0) {
            first = n.path("error").asText() + " (" + topic + ")";
            if (loud != null) loud.println("load: THE GATEWAY REFUSED a message of this run: " + first + advice(first));
        }
    }

    static String advice(String reason) {
        return reason.startsWith("unknown site")
                ? "\nload: it has no such site: write one with gen-load-config, list it under sites: in the gateway's config, and run again"
                : "";
    }

    /** Messages the gateway said it refused. */
    long count() { return refused.get(); }

    /** The first refusal's reason and topic, or null. */
    String first() { return first; }

    /** Whether the broker let this run read the error topics at all. */
    boolean watched() { return watched; }

    @Override
    public void close() { PahoClients.close(client); }
}
