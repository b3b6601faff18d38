package io.hazardgate.simulator.load;

import io.hazardgate.simulator.mqtt.BrokerException;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * A subscriber counting the messages a broker relays, for comparisons with relaying brokers such as
 * Mosquitto: what arrives of what was acknowledged. It also records delivery latency from each
 * message's {@code ts} (the publish time, in milliseconds) to its arrival, so at millisecond resolution.
 * Its callback only counts, so the broker is never held up by the subscriber.
 */
public final class SubscribeCounter implements AutoCloseable {
    private static final byte[] TS_PREFIX = "{\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final int TS_DIGITS = 13;

    private final MqttAsyncClient client;
    private final String filter;
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Recorder latency = new Recorder(LoadStats.MAX_LATENCY_MICROS, LoadStats.SIGNIFICANT_DIGITS);
    private volatile long lastArrivalNanos = System.nanoTime();

    private SubscribeCounter(MqttAsyncClient client, String filter) {
        this.client = client;
        this.filter = filter;
    }

    /** Connects, subscribes and returns once the broker has granted the subscription. */
    public static SubscribeCounter start(BrokerSettings broker, String clientId, String filter, int qos) {
        MqttAsyncClient c = PahoClients.create(broker, clientId);
        SubscribeCounter counter = new SubscribeCounter(c, filter);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // Counted messages speak for themselves; a lost subscriber shows as missing messages.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                counter.arrived(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // The counter publishes nothing.
            }
        });
        try {
            PahoClients.connect(c, PahoClients.options(broker, 10, false));
            c.subscribe(filter, qos).waitForCompletion(TimeUnit.SECONDS.toMillis(PahoClients.CONNECT_TIMEOUT_SECONDS));
            return counter;
        } catch (MqttException e) {
            PahoClients.close(c);
            throw new BrokerException("cannot subscribe to '" + filter + "' at " + broker.url() + ": "
                    + PahoClients.describe(e), e);
        } catch (RuntimeException e) {
            PahoClients.close(c);
            throw e;
        }
    }

    private void arrived(byte[] payload) {
        messages.increment();
        bytes.add(payload.length);
        lastArrivalNanos = System.nanoTime();
        long ts = publishTs(payload);
        if (ts > 0) {
            long micros = Math.max(0, System.currentTimeMillis() - ts) * 1_000;
            latency.recordValue(Math.min(LoadStats.MAX_LATENCY_MICROS, micros));
        }
    }

    /** The message's {@code ts} when it starts the payload as load messages do; -1 otherwise. */
    static long publishTs(byte[] p) {
        if (p.length < TS_PREFIX.length + TS_DIGITS) return -1;
        for (int i = 0; i < TS_PREFIX.length; i++) if (p[i] != TS_PREFIX[i]) return -1;
        long ts = 0;
        for (int i = TS_PREFIX.length; i < TS_PREFIX.length + TS_DIGITS; i++) {
            int d = p[i] - '0';
            if (d < 0 || d > 9) return -1;
            ts = ts * 10 + d;
        }
        return ts;
    }

    public String filter() {
        return filter;
    }

    public long messages() {
        return messages.sum();
    }

    /** {@link System#nanoTime()} of the last arrival. */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    public long bytes() {
        return bytes.sum();
    }

    /**
     * Waits until {@code expected} messages have arrived, or none has arrived for {@code quietNanos},
     * or {@code timeoutNanos} have passed.
     */
    public void awaitSettled(long expected, long quietNanos, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (messages() < expected && System.nanoTime() < deadline && System.nanoTime() - lastArrivalNanos < quietNanos) {
            Thread.sleep(10);
        }
    }

    Recorder latency() {
        return latency;
    }

    @Override
    public void close() {
        PahoClients.close(client);
    }
}
