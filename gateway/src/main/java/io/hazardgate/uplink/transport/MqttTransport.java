package io.hazardgate.uplink.transport;

import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.MqttTarget;
import io.hazardgate.config.uplink.TemplateNode;
import io.hazardgate.config.uplink.UplinkKeys;
import io.hazardgate.uplink.feed.OutgoingMessage;
import io.hazardgate.uplink.template.TemplateRenderer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Bridges an uplink's messages to an upstream broker: one Paho client, QoS 1, a persistent session
 * (clean session off, a fixed client id), TLS with the platform's CA and, where asked, a client
 * certificate. Up to {@code maxInflight} messages are in flight; a message counts as delivered when its
 * PUBACK arrives, in order. On any failure the connection is dropped and a fresh one takes the rest, so
 * the uplink's log cursor, not the client's memory, decides what is sent again (a message whose PUBACK
 * was lost goes twice, under the same message id).
 */
public final class MqttTransport implements Transport {
    /** How long one PUBACK may take before the connection is judged dead. */
    private static final long ACK_TIMEOUT_MS = 30_000;
    private static final int CONNECT_TIMEOUT_S = 10;

    private final MqttTarget target;
    private final UplinkKeys keys;
    private final TemplateRenderer renderer;
    private final Map<MessageKind, TemplateNode> bodies;
    private final PayloadCodec codec;
    private final SSLSocketFactory sockets;
    private MqttAsyncClient client;

    public MqttTransport(MqttTarget target, UplinkKeys keys, TemplateRenderer renderer, Map<MessageKind, TemplateNode> bodies)
            throws IOException, GeneralSecurityException {
        this.target = target;
        this.keys = keys;
        this.renderer = renderer;
        this.bodies = bodies;
        this.codec = new PayloadCodec(keys.sm4Key());
        this.sockets = target.tls() ? Tls.context(target.ca(), target.cert(), target.key()).getSocketFactory() : null;
    }

    @Override
    public String target() { return target.url(); }

    @Override
    public void deliver(List<OutgoingMessage> messages) throws DeliveryException, InterruptedException {
        MqttAsyncClient c = connected();
        List<IMqttDeliveryToken> inFlight = new ArrayList<>();
        int acked = 0;
        try {
            for (int i = 0; i < messages.size(); i++) {
                OutgoingMessage m = messages.get(i);
                String topic = renderer.text(target.topics().get(m.kind()), m.values());
                MqttMessage msg = new MqttMessage(codec.encode(renderer.json(bodies.get(m.kind()), m.values())));
                msg.setQos(1);
                inFlight.add(c.publish(topic, msg));
                if (inFlight.size() - acked >= target.maxInflight()) acked = awaitNext(inFlight, acked);
            }
            while (acked < inFlight.size()) acked = awaitNext(inFlight, acked);
        } catch (MqttException e) {
            drop();
            throw new DeliveryException(DeliveryException.Kind.UNREACHABLE, acked,
                    "the upstream broker " + target.url() + " did not take message " + messages.get(Math.min(acked, messages.size() - 1)).id()
                            + ": " + describe(e), e);
        }
    }

    private int awaitNext(List<IMqttDeliveryToken> inFlight, int acked) throws MqttException {
        inFlight.get(acked).waitForCompletion(ACK_TIMEOUT_MS);
        return acked + 1;
    }

    private MqttAsyncClient connected() throws DeliveryException, InterruptedException {
        if (client != null && client.isConnected()) return client;
        drop();
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) target.keepAlive().toSeconds());
        o.setConnectionTimeout(CONNECT_TIMEOUT_S);
        o.setMaxInflight(target.maxInflight());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (!keys.username().isEmpty()) o.setUserName(keys.username());
        if (keys.password().length > 0) o.setPassword(keys.password());
        if (sockets != null) {
            o.setSocketFactory(sockets);
            o.setHttpsHostnameVerificationEnabled(true); // the broker's certificate must name the host we dialled
        }
        try {
            // A fresh client and memory each time: what is resent is decided from the log, not by Paho.
            MqttAsyncClient c = new MqttAsyncClient(target.url(), target.clientId(), new MemoryPersistence());
            try {
                c.connect(o).waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_S + 5L));
            } catch (MqttException e) {
                c.close(true);
                throw e;
            }
            client = c;
            return c;
        } catch (MqttException e) {
            int code = e.getReasonCode();
            boolean refused = code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || code == MqttException.REASON_CODE_NOT_AUTHORIZED;
            throw new DeliveryException(refused ? DeliveryException.Kind.KEY_REFUSED : DeliveryException.Kind.UNREACHABLE, 0,
                    "cannot connect to the upstream broker " + target.url() + " as " + target.clientId() + ": " + describe(e), e);
        }
    }

    private static String describe(MqttException e) {
        String m = e.getMessage();
        Throwable cause = e.getCause();
        return (m == null ? "reason " + e.getReasonCode() : m) + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "");
    }

    private void drop() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) return;
        try {
            if (c.isConnected()) c.disconnectForcibly(0, 1000, false);
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        MqttAsyncClient c = client;
        if (c != null && c.isConnected()) {
            try {
                c.disconnect(1000).waitForCompletion(2000);
            } catch (MqttException ignored) {
                // dropped below
            }
        }
        drop();
    }
}
