package io.hazardgate.simulator.mqtt;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Creating and connecting Paho MQTT 3.1.1 clients the same way in every mode. */
public final class PahoClients {
    /** Long enough for a loaded 2-core machine to accept hundreds of connections at once. */
    public static final int CONNECT_TIMEOUT_SECONDS = 30;
    public static final int KEEP_ALIVE_SECONDS = 30;

    private PahoClients() {}

    /** Paho's default persistence writes files into the working directory; the simulator keeps none. */
    public static MqttAsyncClient create(BrokerSettings broker, String clientId) {
        try {
            return new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new BrokerException("cannot create an MQTT client for " + broker.url() + ": " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new BrokerException("bad broker URL " + broker.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param maxInflight Paho refuses a QoS 1 publish beyond this many unacknowledged (error 32202)
     */
    public static MqttConnectOptions options(BrokerSettings broker, int maxInflight, boolean autoReconnect) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setMaxInflight(maxInflight);
        o.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        o.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        o.setAutomaticReconnect(autoReconnect);
        if (broker.url().startsWith("tcp://")) o.setSocketFactory(TunedSocketFactory.INSTANCE);
        if (broker.username() != null) o.setUserName(broker.username());
        if (broker.password() != null) o.setPassword(broker.password().toCharArray());
        return o;
    }

    /** Connects and waits; a failure names the broker, the client id and Paho's reason code. */
    public static void connect(MqttAsyncClient client, MqttConnectOptions options) {
        try {
            client.connect(options).waitForCompletion((CONNECT_TIMEOUT_SECONDS + 5) * 1000L);
        } catch (MqttException e) {
            throw new BrokerException("cannot connect to " + client.getServerURI() + " as '" + client.getClientId() + "': "
                    + describe(e), e);
        }
    }

    /** Disconnects and releases the client's threads; a broker already gone is not an error here. */
    public static void close(MqttAsyncClient client) {
        try {
            if (client.isConnected()) client.disconnect(2_000).waitForCompletion(5_000);
        } catch (MqttException ignored) {
            // The connection is going away either way.
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // Nothing left to release.
        }
    }

    public static String describe(Throwable t) {
        if (t instanceof MqttException e) {
            String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
            return e.getMessage() + " [reason " + e.getReasonCode() + "]" + cause;
        }
        return String.valueOf(t);
    }
}
