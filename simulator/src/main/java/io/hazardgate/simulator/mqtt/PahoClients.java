package io.hazardgate.simulator.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttToken;
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
        connectAll(List.of(client), c -> options);
    }

    /**
     * Connects every client at once, then waits for them all; a failure names the broker, the first
     * client that could not connect and Paho's reason code. Paho spends about 300 ms starting each
     * client's threads (each of three is polled for every 100 ms), so a hundred loggers connected one
     * after another take half a minute before the first of them publishes; at once, about as long as one.
     */
    public static void connectAll(List<MqttAsyncClient> clients, Function<MqttAsyncClient, MqttConnectOptions> options) {
        List<IMqttToken> tokens = new ArrayList<>(clients.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_SECONDS + 5);
        MqttAsyncClient client = null;
        try {
            for (MqttAsyncClient c : clients) {
                client = c;
                tokens.add(c.connect(options.apply(c)));
            }
            for (int i = 0; i < tokens.size(); i++) {
                client = clients.get(i);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                tokens.get(i).waitForCompletion(Math.max(1, left));
            }
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
